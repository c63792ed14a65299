/**
 * The data of `npm run bench -- --only review` (issue 15): one 局党委 with 50 units below it, an account that reviews
 * the 局党委, and for each unit the collective sessions of the 12 months ending this month (2–4 a month) with their
 * 一学一报 steps as the server would have stamped them: most sent on time, some late, some returned and sent again,
 * most older ones accepted, a few never sent, the last week's mostly waiting. Written into the app's own IndexedDB
 * as a pull would have left them (synced rows, no outbox), with raw transactions as seed.ts does.
 *
 * Deterministic for a seed and a day: the ids are drawn from the seed too (UUIDv7-shaped, their time the row's), so
 * the same day gives the same rows; another day shifts the 12 months with it.
 */
import type { Page } from 'playwright-core'
import { indexKeysOf } from '../../src/app/db/index-keys'
import type { AccountMeta, MyUnitsMeta } from '../../src/app/db/schema'
import { addDays, monthRange } from '../../src/shared/dates'
import { isCollective, type FieldsOf, type StoredRecord, type StudyKind } from '../../src/shared/records'
import { CHINA_UTC_OFFSET_MINUTES, chinaDateOf, reviewDueDate } from '../../src/shared/reporting/review'
import type { UnitInfo, UnitKind } from '../../src/shared/units'
import { generateStudySessions } from '../fixtures/generate'
import { personName } from '../fixtures/people'
import { chance, intBetween, pick, sample, stream, weekday, type Random } from '../fixtures/random'
import { countStores } from './seed'

/** The deadline the app uses unless a unit's settings say otherwise (ReportSettings.reportDeadlineDays). */
const DEADLINE_DAYS = 3
const MONTHS = 12
const PURPOSE = { units: 101, sessions: 102, steps: 103, ids: 104 } as const

/** Who files a unit's sessions (its secretary) and who else attends: accounts, as the roster names them. */
interface Member {
  accountId: string
  name: string
}

export interface ReviewOrg {
  top: UnitInfo
  /** The 50 units below the top, in the order the reviewer's screen lists them. */
  units: UnitInfo[]
  reviewer: Member
  sessions: (StoredRecord<'studySessions'> & { sortKey: string })[]
  steps: (StoredRecord<'reviewEvents'> & { sortKey: string })[]
  account: AccountMeta
  myUnits: MyUnitsMeta
}

/** What was generated, and how the packets stood on the day (by the rules of review.ts, counted here as drawn). */
export interface ReviewSeedSummary {
  today: string
  months: string[]
  units: number
  sessions: number
  steps: number
  stepsByKind: Record<FieldsOf['reviewEvents']['kind'], number>
  /** Packets by how their history ended: never sent, waiting, returned, accepted. */
  packets: { notSent: number; waiting: number; returned: number; accepted: number; late: number; resent: number }
  /** Rows counted back from IndexedDB after writing, and the units kept in meta. */
  verified: { studySessions: number; reviewEvents: number; unitsInMeta: number; reviews: string[] }
  wallMs: number
}

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const

/** A UUIDv7-shaped id whose time part is `ms` and whose rest comes from `rng`: ids sort by time, as real ones do. */
function idAt(rng: Random, ms: number): string {
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(rng() * 16).toString(16)).join('')
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12)
  const variant = (8 + Math.floor(rng() * 4)).toString(16)
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`
}

/** The instant of `minutes` after midnight of the China date `date`. */
function chinaInstantMs(date: string, minutes: number): number {
  return Date.parse(`${date}T00:00:00Z`) + (minutes - CHINA_UTC_OFFSET_MINUTES) * 60_000
}

/** The 12 months ending with today's, oldest first, as 'YYYY-MM'. */
function monthsEnding(today: string): string[] {
  const months: string[] = []
  let day = `${today.slice(0, 7)}-01`
  for (let i = 0; i < MONTHS; i++) {
    months.unshift(day.slice(0, 7))
    day = `${addDays(day, -1).slice(0, 7)}-01`
  }
  return months
}

/** The organization of a 文化和旅游局 as its admin would enter it: units under the 局党委, three levels deep. */
function organization(rng: Random, base: number): { top: UnitInfo; units: UnitInfo[] } {
  let tick = 0
  const unit = (kind: UnitKind, name: string, parentId: string | null): UnitInfo => ({
    id: idAt(rng, base + tick++ * 1000),
    kind,
    name,
    parentId,
  })
  const top = unit('partyCommittee', '局党委', null)
  const center = unit('centerGroup', '局党委理论学习中心组', top.id)
  const organs = unit('generalBranch', '机关党总支', top.id)
  const affiliated = unit('generalBranch', '直属单位党总支', top.id)
  const retired = unit('generalBranch', '离退休干部党总支', top.id)
  const units: UnitInfo[] = [center, organs, affiliated, retired]
  for (const name of [
    '办公室',
    '政策法规科',
    '人事科',
    '财务审计科',
    '艺术科',
    '公共服务科',
    '文化市场管理科',
    '旅游发展科',
    '资源开发科',
    '文物科',
    '产业发展科',
    '宣传推广科',
  ])
    units.push(unit('branch', `${name}党支部`, organs.id))
  for (const name of [
    '文化馆',
    '图书馆',
    '博物馆',
    '美术馆',
    '非遗保护中心',
    '文物保护中心',
    '旅游服务中心',
    '文化市场综合执法支队第一',
    '文化市场综合执法支队第二',
    '艺术剧院',
    '歌舞团',
    '文化遗产研究院',
    '考古研究所',
    '群众艺术馆',
    '演艺中心',
  ])
    units.push(unit('branch', `${name}党支部`, affiliated.id))
  for (const numeral of CHINESE_NUMERALS) units.push(unit('branch', `离退休干部第${numeral}党支部`, retired.id))
  for (let n = 1; units.length < 50; n++) units.push(unit('branch', `文旅集团第${n}党支部`, top.id))
  return { top, units }
}

const CENTER_KINDS: readonly StudyKind[] = ['centerGroup', 'centerGroup', 'centerGroup', 'seminar']
const BRANCH_KINDS: readonly StudyKind[] = [
  'collective',
  'collective',
  'branchCongress',
  'branchCommittee',
  'partyLecture',
  'themePartyDay',
  'partyGroup',
  'seminar',
]

const RETURN_COMMENTS = [
  '缺少影像资料，请补充会议照片',
  '学习内容记录过简，请补充交流研讨发言',
  '缺席人员未写明原因，请补充',
  '学习材料未注明篇目，请补充完整',
  '会议时长与议程不符，请核实后重新报送',
] as const
const ACCEPT_COMMENTS = ['', '', '', '同意备案', '材料齐全，同意'] as const

/** `n` distinct working days of a month, no later than `last`, in date order; fewer when the month has fewer. */
function workingDays(rng: Random, month: string, last: string, n: number): string[] {
  const { from, to } = monthRange(`${month}-01`)
  const days: string[] = []
  for (let day = from; day <= to && day <= last; day = addDays(day, 1)) {
    const w = weekday(day)
    if (w !== 0 && w !== 6) days.push(day)
  }
  return sample(rng, days, Math.min(n, days.length)).sort()
}

/**
 * The organization, its year of sessions and their packet steps, as of `nowMs` (China's today then). A step whose
 * time would fall after now has not happened: the packet stops where it stands.
 */
export function buildReviewOrg(seed: number, nowMs: number, today: string): ReviewOrg {
  const ids = stream(seed, PURPOSE.ids)
  const rng = stream(seed, PURPOSE.units)
  const months = monthsEnding(today)
  const orgCreatedMs = chinaInstantMs(`${months[0]}-01`, 9 * 60) - 30 * 86_400_000
  const { top, units } = organization(ids, orgCreatedMs)
  const reviewer: Member = { accountId: idAt(ids, orgCreatedMs), name: '刘强' }
  const membersOf = new Map<string, Member[]>(
    units.map((u) => [
      u.id,
      Array.from({ length: intBetween(rng, 6, 15) }, () => ({
        accountId: idAt(ids, orgCreatedMs),
        name: personName(rng),
      })),
    ]),
  )

  // The generator's collective sessions, for their topics, materials, summaries and speeches; kind, date, unit and
  // attendance are then the unit's. Field trips are left out: their summaries and places are of a trip.
  const pool = generateStudySessions(units.length * MONTHS * 8, {
    seed,
    endDate: today,
    spanDays: 365,
  }).filter((s) => isCollective(s) && s.kind !== 'fieldTrip')
  const sessionRng = stream(seed, PURPOSE.sessions)
  const stepRng = stream(seed, PURPOSE.steps)
  const sessions: ReviewOrg['sessions'] = []
  const steps: ReviewOrg['steps'] = []
  let next = 0
  let rev = 0
  for (const unit of units) {
    const members = membersOf.get(unit.id)!
    const secretary = members[0]!
    const deviceId = idAt(ids, orgCreatedMs)
    for (const month of months) {
      const monthDays = Number(monthRange(`${month}-01`).to.slice(8))
      // This month only so far: as many sessions as the days gone by would hold.
      const share = month === today.slice(0, 7) ? Number(today.slice(8)) / monthDays : 1
      const count = Math.round(intBetween(sessionRng, 2, 4) * share)
      for (const date of workingDays(sessionRng, month, today, count)) {
        const generated = pool[next++ % pool.length]!
        const kind = pick(sessionRng, unit.kind === 'centerGroup' ? CENTER_KINDS : BRANCH_KINDS)
        const present = members.filter((m) => m === secretary || !chance(sessionRng, 0.12))
        const absent = members.filter((m) => !present.includes(m))
        const speakers = sample(
          sessionRng,
          present.slice(1),
          Math.min(present.length - 1, intBetween(sessionRng, 2, 4)),
        )
        const fields: FieldsOf['studySessions'] = {
          ...generated,
          kind,
          date,
          host: secretary.name,
          leadSpeaker: pick(sessionRng, present).name,
          rosterPresent: present.map((m) => ({ accountId: m.accountId, name: m.name })),
          attendance: {
            expected: members.length,
            present: present.map((m) => m.name),
            absent: absent.map((m, i) => ({
              name: m.name,
              reason: generated.attendance.absent[i]?.reason ?? '公务外出',
            })),
          },
          speeches: speakers.map((m, i) => ({
            speaker: m.name,
            gist: generated.speeches[i]?.gist ?? '结合本职谈体会',
          })),
          packet: { planReady: true, reportedOn: '' },
        }
        const recordedMs = chinaInstantMs(date, 20 * 60 + intBetween(sessionRng, 0, 120))
        const sessionId = idAt(ids, recordedMs)
        const owned = () => ({ deviceId, deletedAt: null, conflicts: [], unitId: unit.id })
        const packet = packetSteps(stepRng, {
          sessionId,
          date,
          fields,
          nowMs,
          secretary,
          reviewer,
          newId: (ms) => idAt(ids, ms),
        })
        // A returned packet was fixed before it was sent again: the session is as its latest snapshot holds it.
        const updatedMs = Math.max(
          recordedMs,
          ...packet.map((s) => (s.kind === 'submitted' ? Date.parse(s.deviceAt) : 0)),
        )
        const session: StoredRecord<'studySessions'> = {
          ...fields,
          id: sessionId,
          createdAt: new Date(recordedMs).toISOString(),
          updatedAt: new Date(updatedMs).toISOString(),
          rev: ++rev,
          authorId: secretary.accountId,
          ...owned(),
        }
        sessions.push({ ...session, ...indexKeysOf('studySessions', session) })
        for (const step of packet) {
          const isDecision = step.kind !== 'submitted'
          const row: StoredRecord<'reviewEvents'> = {
            ...step,
            createdAt: step.receivedAt,
            updatedAt: step.receivedAt,
            rev: ++rev,
            authorId: isDecision ? reviewer.accountId : secretary.accountId,
            ...owned(),
          }
          steps.push({ ...row, ...indexKeysOf('reviewEvents', row) })
        }
      }
    }
  }

  const fetchedAt = new Date(nowMs).toISOString()
  return {
    top,
    units,
    reviewer,
    sessions,
    steps,
    // Signed out (no token): the screens read what the phone holds and no sync runs during the measurements.
    account: {
      key: 'account',
      accountId: reviewer.accountId,
      name: 'liuqiang',
      displayName: reviewer.name,
      isAdmin: false,
      token: null,
      signedInAt: fetchedAt,
    },
    myUnits: {
      key: 'units',
      units: { units: [top, ...units], memberships: [], reviews: [top.id], rosters: {} },
      fetchedAt,
    },
  }
}

type StepFields = FieldsOf['reviewEvents'] & { id: string }

interface PacketInput {
  sessionId: string
  date: string
  fields: FieldsOf['studySessions']
  nowMs: number
  secretary: Member
  reviewer: Member
  newId: (ms: number) => string
}

/** A session's packet history: sent (on time or late), then decided, returned and sent again, as far as now allows. */
function packetSteps(rng: Random, input: PacketInput): StepFields[] {
  const { sessionId, date, fields, nowMs, secretary, reviewer, newId } = input
  const steps: StepFields[] = []
  // About one packet in 20 is never sent at all.
  if (chance(rng, 0.05)) return steps
  const due = reviewDueDate(date, DEADLINE_DAYS)
  const isLate = chance(rng, 0.12)
  const sentOn = isLate ? addDays(due, intBetween(rng, 1, 9)) : addDays(date, intBetween(rng, 0, DEADLINE_DAYS))
  const at = (day: string) => chinaInstantMs(day, intBetween(rng, 8 * 60 + 30, 18 * 60))
  const step = (kind: StepFields['kind'], receivedMs: number, extra: Partial<StepFields>): StepFields | null => {
    if (receivedMs > nowMs) return null
    const deviceMs = receivedMs - intBetween(rng, 2, 300) * 1000
    return {
      id: newId(receivedMs),
      kind,
      sessionId,
      answers: '',
      comment: '',
      authorName: kind === 'submitted' ? secretary.name : reviewer.name,
      deviceAt: new Date(deviceMs).toISOString(),
      receivedAt: new Date(receivedMs).toISOString(),
      snapshot: null,
      plan: null,
      ...extra,
    }
  }
  // A packet returned for its missing speeches was sent first without them.
  const isReturned = chance(rng, 0.12)
  const first = step('submitted', at(sentOn), {
    snapshot: isReturned ? { ...fields, speeches: [] } : { ...fields },
  })
  if (!first) return steps
  steps.push(first)
  // The reviewer decides 1–10 days after it arrived; a few older ones were never decided.
  if (chance(rng, 0.04)) return steps
  const decidedOn = (sent: StepFields) => addDays(chinaDateOf(sent.receivedAt), intBetween(rng, 1, 10))
  if (!isReturned) {
    const accepted = step('accepted', at(decidedOn(first)), { answers: first.id, comment: pick(rng, ACCEPT_COMMENTS) })
    if (accepted) steps.push(accepted)
    return steps
  }
  const returned = step('returned', at(decidedOn(first)), { answers: first.id, comment: pick(rng, RETURN_COMMENTS) })
  if (!returned) return steps
  steps.push(returned)
  const resent = step('submitted', at(addDays(chinaDateOf(returned.receivedAt), intBetween(rng, 1, 5))), {
    snapshot: { ...fields },
  })
  if (!resent) return steps
  steps.push(resent)
  const isAcceptedAgain = chance(rng, 0.9)
  const second = step(isAcceptedAgain ? 'accepted' : 'returned', at(decidedOn(resent)), {
    answers: resent.id,
    comment: isAcceptedAgain ? pick(rng, ACCEPT_COMMENTS) : pick(rng, RETURN_COMMENTS),
  })
  if (second) steps.push(second)
  return steps
}

/** How the packets stand as drawn: their last step, and whether the first submission was late or one was resent. */
function summarizePackets(org: ReviewOrg): ReviewSeedSummary['packets'] {
  const bySession = new Map<string, ReviewOrg['steps']>()
  for (const s of org.steps) bySession.set(s.sessionId, [...(bySession.get(s.sessionId) ?? []), s])
  const packets = { notSent: 0, waiting: 0, returned: 0, accepted: 0, late: 0, resent: 0 }
  for (const session of org.sessions) {
    const list = (bySession.get(session.id) ?? []).sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : 1))
    const last = list[list.length - 1]
    if (!last) packets.notSent++
    else if (last.kind === 'submitted') packets.waiting++
    else if (last.kind === 'returned') packets.returned++
    else packets.accepted++
    const first = list[0]
    if (first && chinaDateOf(first.receivedAt) > reviewDueDate(session.date, DEADLINE_DAYS)) packets.late++
    if (list.filter((s) => s.kind === 'submitted').length > 1) packets.resent++
  }
  return packets
}

export interface PutRowsArg {
  dbName: string
  store: string
  rows: readonly object[]
}

/** In the page: one readwrite transaction puts the rows (seed.ts's putBatch, for any store's rows). */
export async function putRows(arg: PutRowsArg): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(arg.dbName)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
    request.onupgradeneeded = () => reject(new Error('the app has not created its database yet'))
  })
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(arg.store, 'readwrite')
      const store = tx.objectStore(arg.store)
      for (const row of arg.rows) store.put(row)
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'))
    })
  } finally {
    db.close()
  }
}

/** In the page: the 'units' meta row's unit count and reviews, read back. */
async function unitsInMeta(dbName: string): Promise<{ units: number; reviews: string[] }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  try {
    const row = await new Promise<unknown>((resolve, reject) => {
      const request = db.transaction('meta', 'readonly').objectStore('meta').get('units')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const units = (row as { units?: { units?: unknown[]; reviews?: string[] } } | undefined)?.units
    return { units: units?.units?.length ?? 0, reviews: units?.reviews ?? [] }
  } finally {
    db.close()
  }
}

const BATCH = 1000

/**
 * Writes the organization into the app's database `dbName` from `page` (same origin, the app's database already
 * created: seed.ts's waitForAppDatabase), then counts it back; throws when a count differs from what was written.
 */
export async function seedReviewOrg(
  page: Page,
  dbName: string,
  org: ReviewOrg,
  today: string,
): Promise<ReviewSeedSummary> {
  const started = performance.now()
  for (const [store, rows] of [
    ['studySessions', org.sessions],
    ['reviewEvents', org.steps],
  ] as const) {
    for (let i = 0; i < rows.length; i += BATCH)
      await page.evaluate(putRows, { dbName, store, rows: rows.slice(i, i + BATCH) })
  }
  await page.evaluate(putRows, { dbName, store: 'meta', rows: [org.account, org.myUnits] })
  const counts = await page.evaluate(countStores, { dbName, stores: ['studySessions', 'reviewEvents'] })
  const meta = await page.evaluate(unitsInMeta, dbName)
  const verified = {
    studySessions: counts.studySessions ?? 0,
    reviewEvents: counts.reviewEvents ?? 0,
    unitsInMeta: meta.units,
    reviews: meta.reviews,
  }
  if (
    verified.studySessions !== org.sessions.length ||
    verified.reviewEvents !== org.steps.length ||
    verified.unitsInMeta !== org.units.length + 1 ||
    verified.reviews.join() !== org.top.id
  )
    throw new Error(`the database holds other rows than were written: ${JSON.stringify(verified)}`)
  const stepsByKind = { submitted: 0, returned: 0, accepted: 0 }
  for (const s of org.steps) stepsByKind[s.kind]++
  return {
    today,
    months: monthsEnding(today),
    units: org.units.length,
    sessions: org.sessions.length,
    steps: org.steps.length,
    stepsByKind,
    packets: summarizePackets(org),
    verified,
    wallMs: performance.now() - started,
  }
}
