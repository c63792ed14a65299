/**
 * A unit's ledger (单位学习台账, docs/review.md "Views"): what its secretary hands upward for a date range, as sheets
 * the xlsx writer writes. 学习记录: each collective session held, its 一学一报 state by the rules of review.ts, and one
 * column per roster member (出席/缺席 by rosterPresent); 报送记录: every packet step the server received, in its order,
 * superseded decisions included (the history is the evidence, docs/review.md); 出勤统计: each member's sessions and
 * hours; 问题清单: the problems of visits shared with the unit that are not resolved yet.
 *
 * Columns that are record fields are taken from the study ledger (ledger.ts), so a field reads and is headed the
 * same in every export; the labels of packet steps come from their field specs (records/review-event.ts).
 */
import { dateLabel } from '../dates'
import { pick, type Localized } from '../localized'
import { isCollective, recordTypes, REVIEW_EVENT_KIND_LABELS, type StoredRecord } from '../records'
import { isInRange, type DateRange } from './date-range'
import { ledgerSheet, liveRecords, problemSheet, type LedgerCell, type LedgerColumn, type LedgerSheet } from './ledger'
import type { TextContext } from './field-text'
import {
  CHINA_UTC_OFFSET_MINUTES,
  packetReviewOf,
  type PacketReview,
  type ReviewEvent,
  type ReviewState,
} from './review'
import type { MemberAttendance } from './unit-month'

/** A member as the unit's roster names them (UnitMember has these two and more). */
export interface RosterEntry {
  accountId: string
  displayName: string
}

export interface UnitLedgerInput {
  unit: { id: string; name: string }
  range: DateRange
  /** Sessions the device holds; the unit's live collective ones in the range are kept. */
  studySessions: readonly StoredRecord<'studySessions'>[]
  roster: readonly RosterEntry[]
  /** Packet steps (reviewEventOf); one not yet received by the server has no place in the history and is left out. */
  events: readonly ReviewEvent[]
  /** Visits the device holds; the live ones shared with the unit are kept. */
  visits: readonly StoredRecord<'visits'>[]
  /** Days after a session its packet is due (ReportSettings.reportDeadlineDays). */
  deadlineDays: number
  /** The China date the packets' states are read on (chinaToday()). */
  today: string
}

export const REVIEW_STATE_LABELS: Readonly<Record<ReviewState, Localized>> = {
  due: { zh: '待报送', en: 'To send' },
  missing: { zh: '逾期未报', en: 'Missing' },
  waiting: { zh: '待审核', en: 'Waiting' },
  returned: { zh: '退回整改', en: 'Returned' },
  accepted: { zh: '已通过', en: 'Accepted' },
}

const L = {
  sessionSheet: { zh: '学习记录', en: 'Sessions' },
  historySheet: { zh: '报送记录', en: 'Packet history' },
  attendanceSheet: { zh: '出勤统计', en: 'Attendance' },
  problemSheet: { zh: '问题清单', en: 'Open problems' },
  dueDate: { zh: '报送时限', en: 'Due by' },
  timeliness: { zh: '首次报送', en: 'First sent' },
  onTime: { zh: '按时', en: 'On time' },
  late: { zh: '逾期', en: 'Late' },
  present: { zh: '出席', en: 'Present' },
  absent: { zh: '缺席', en: 'Absent' },
  serial: { zh: '序号', en: 'No.' },
  sessionDate: { zh: '学习日期', en: 'Session date' },
  note: { zh: '备注', en: 'Note' },
  superseded: { zh: '已被后来的报送取代', en: 'Superseded by a later submission' },
  name: { zh: '姓名', en: 'Name' },
  attended: { zh: '出席次数', en: 'Attended' },
  held: { zh: '应参加次数', en: 'Held' },
  rate: { zh: '出勤率（%）', en: 'Rate (%)' },
  hours: { zh: '集体学习学时', en: 'Collective hours' },
  overdue: { zh: '是否逾期', en: 'Overdue' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
} satisfies Record<string, Localized>

/** The unit's live collective sessions in the range, in ledger order (date, start time, when written). */
export function heldSessions(input: Pick<UnitLedgerInput, 'unit' | 'range' | 'studySessions'>) {
  return liveRecords(
    input.studySessions.filter((s) => s.unitId === input.unit.id && isCollective(s) && isInRange(s.date, input.range)),
  )
}

/**
 * The live personal visits shared with the unit (a unit's own record is not "shared"), up to the range's end: a
 * problem raised before the range and still open is still owed, so it is not dropped for its visit's date.
 */
export function sharedVisits(input: Pick<UnitLedgerInput, 'unit' | 'range' | 'visits'>) {
  return liveRecords(
    input.visits.filter((v) => !v.unitId && (v.sharedWith ?? []).includes(input.unit.id) && v.date <= input.range.to),
  )
}

/** The shared visits with only their unresolved problems, visits with none left out. */
export function unresolvedProblemVisits(visits: readonly StoredRecord<'visits'>[]): StoredRecord<'visits'>[] {
  return visits
    .map((visit) => ({ ...visit, problems: visit.problems.filter((p) => p.status !== 'resolved') }))
    .filter((visit) => visit.problems.length > 0)
}

/** A problem is overdue once its due date is past and it is not resolved. */
export function isProblemOverdue(problem: { status: string; dueDate: string }, today: string): boolean {
  return problem.status !== 'resolved' && problem.dueDate !== '' && problem.dueDate < today
}

/** Only steps the server received: their order and the deadline are judged on its time. */
export function receivedEvents(events: readonly ReviewEvent[]): ReviewEvent[] {
  return events.filter((e) => e.receivedAt !== '')
}

/** Each held session's packet on `today`, in the order of `sessions`. */
export function packetsOf(
  sessions: readonly { id: string; date: string }[],
  events: readonly ReviewEvent[],
  deadlineDays: number,
  today: string,
): PacketReview[] {
  const received = receivedEvents(events)
  return sessions.map((session) => packetReviewOf(session, received, deadlineDays, today))
}

const isPresent = (session: StoredRecord<'studySessions'>, accountId: string) =>
  (session.rosterPresent ?? []).some((m) => m.accountId === accountId)

/** Half hours add up exactly in binary, but other steps might not: keep one decimal (as year-report.ts does). */
const roundOne = (n: number) => Math.round(n * 10) / 10

export interface MemberRangeAttendance extends MemberAttendance {
  held: number
  /** durationHours summed over the sessions the member was picked for. */
  hours: number
}

/**
 * Each roster member over the held sessions, in roster order: the sessions they were picked for from the roster (the
 * rule of unit-month.ts, so the figures agree with the unit's month), of those held, and the hours of those.
 */
export function memberAttendance(
  sessions: readonly StoredRecord<'studySessions'>[],
  roster: readonly RosterEntry[],
): MemberRangeAttendance[] {
  return roster.map((member) => {
    const attended = sessions.filter((s) => isPresent(s, member.accountId))
    return {
      accountId: member.accountId,
      name: member.displayName,
      attended: attended.length,
      held: sessions.length,
      rate: sessions.length === 0 ? null : attended.length / sessions.length,
      hours: roundOne(attended.reduce((sum, s) => sum + s.durationHours, 0)),
    }
  })
}

/** An instant as 'YYYY-MM-DD HH:mm' in China's time, whatever the zone of the device making the export. */
export function chinaTimeLabel(iso: string): string {
  const ms = Date.parse(iso)
  if (iso === '' || Number.isNaN(ms)) return iso
  return new Date(ms + CHINA_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** Rate 0–1 as a percentage with one decimal. */
export function percentOf(rate: number): number {
  return Math.round(rate * 1000) / 10
}

const text = (value: string): LedgerCell => ({ type: 'text', text: value })
const num = (value: number): LedgerCell => ({ type: 'number', value, text: String(value) })
const date = (value: string, context: TextContext): LedgerCell =>
  value === '' ? text('') : { type: 'date', date: value, text: dateLabel(value, context.locale) }

function column(key: string, header: string, width: number, isLong = false): LedgerColumn {
  return { key, header, width, isLong, isPrinted: true }
}

/** The study ledger's columns this sheet shows, in this order: the fields a secretary's 台账 lists for a session. */
const SESSION_FIELDS = ['#', 'date', 'kind', 'topic', 'durationHours', 'host', 'place'] as const
/** Its recorded attendance counts, after the members. */
const COUNT_FIELDS = ['attendance.expected', 'attendance.present#count'] as const

function pickColumns(sheet: LedgerSheet, keys: readonly string[]): { columns: LedgerColumn[]; indexes: number[] } {
  const indexes = keys.map((key) => {
    const index = sheet.columns.findIndex((c) => c.key === key)
    if (index < 0) throw new Error(`the study ledger has no column ${key}`)
    return index
  })
  return { columns: indexes.map((i) => sheet.columns[i]!), indexes }
}

function sessionSheet(
  sessions: StoredRecord<'studySessions'>[],
  packets: PacketReview[],
  roster: readonly RosterEntry[],
  context: TextContext,
): LedgerSheet {
  // The same rows in the same order as the study ledger: liveRecords sorted both.
  const study = ledgerSheet('studySessions', sessions, context)
  const fields = pickColumns(study, SESSION_FIELDS)
  const counts = pickColumns(study, COUNT_FIELDS)
  const say = (label: Localized) => pick(label, context.locale)
  const packetLabel = pick(recordTypes.studySessions.specs.packet!.label, context.locale)
  return {
    name: say(L.sessionSheet),
    columns: [
      ...fields.columns,
      column('packet.state', packetLabel, 10),
      column('packet.dueDate', say(L.dueDate), 16),
      column('packet.timeliness', say(L.timeliness), 8),
      ...roster.map((m) => column(`member:${m.accountId}`, m.displayName, 6)),
      ...counts.columns,
    ],
    rows: sessions.map((session, i) => {
      const row = study.rows[i]!
      const packet = packets[i]!
      const timeliness = packet.submittedLate === null ? '' : say(packet.submittedLate ? L.late : L.onTime)
      return [
        ...fields.indexes.map((c) => row[c]!),
        text(say(REVIEW_STATE_LABELS[packet.state])),
        date(packet.dueDate, context),
        text(timeliness),
        ...roster.map((m) => text(say(isPresent(session, m.accountId) ? L.present : L.absent))),
        ...counts.indexes.map((c) => row[c]!),
      ]
    }),
  }
}

function historySheet(
  sessions: StoredRecord<'studySessions'>[],
  packets: PacketReview[],
  context: TextContext,
): LedgerSheet {
  const say = (label: Localized) => pick(label, context.locale)
  const specs = recordTypes.reviewEvents.specs
  const header = (key: string) => pick(specs[key]!.label, context.locale)
  const topicLabel = pick(recordTypes.studySessions.specs.topic!.label, context.locale)
  const rows = sessions.flatMap((session, i) =>
    packets[i]!.history.map((event) => [
      date(session.date, context),
      text(session.topic),
      text(pick(REVIEW_EVENT_KIND_LABELS[event.kind], context.locale)),
      text(event.authorName),
      text(chinaTimeLabel(event.receivedAt)),
      text(chinaTimeLabel(event.deviceAt)),
      text(event.comment ?? ''),
      text(event.isSuperseded ? say(L.superseded) : ''),
    ]),
  )
  return {
    name: say(L.historySheet),
    columns: [
      column('#', say(L.serial), 6),
      column('session.date', say(L.sessionDate), 16),
      column('session.topic', topicLabel, 24),
      column('kind', header('kind'), 10),
      column('authorName', header('authorName'), 10),
      column('receivedAt', header('receivedAt'), 17),
      column('deviceAt', header('deviceAt'), 17),
      column('comment', header('comment'), 30, true),
      column('superseded', say(L.note), 18),
    ],
    rows: rows.map((row, i) => [num(i + 1), ...row]),
  }
}

function attendanceSheet(members: readonly MemberRangeAttendance[], context: TextContext): LedgerSheet {
  const say = (label: Localized) => pick(label, context.locale)
  return {
    name: say(L.attendanceSheet),
    columns: [
      column('#', say(L.serial), 6),
      column('name', say(L.name), 10),
      column('attended', say(L.attended), 8),
      column('held', say(L.held), 8),
      column('rate', say(L.rate), 8),
      column('hours', say(L.hours), 10),
    ],
    rows: members.map((m, i) => [
      num(i + 1),
      text(m.name),
      num(m.attended),
      num(m.held),
      m.rate === null ? text('—') : num(percentOf(m.rate)),
      num(m.hours),
    ]),
  }
}

/** The problem ledger of ledger.ts over the unresolved problems, with whether each is overdue on `today`. */
function openProblemSheet(visits: readonly StoredRecord<'visits'>[], today: string, context: TextContext): LedgerSheet {
  const open = unresolvedProblemVisits(visits)
  const sheet = problemSheet(open, context)
  // problemSheet lists liveRecords(visits) × their problems: the same walk gives each row its problem.
  const problems = liveRecords(open).flatMap((visit) => visit.problems)
  const say = (label: Localized) => pick(label, context.locale)
  return {
    name: say(L.problemSheet),
    columns: [...sheet.columns, column('overdue', say(L.overdue), 8)],
    rows: sheet.rows.map((row, i) => [...row, text(say(isProblemOverdue(problems[i]!, today) ? L.yes : L.no))]),
  }
}

/** The unit's ledger: 学习记录, 报送记录, 出勤统计, 问题清单. */
export function unitLedgerWorkbook(input: UnitLedgerInput, context: TextContext): LedgerSheet[] {
  const sessions = heldSessions(input)
  const packets = packetsOf(sessions, input.events, input.deadlineDays, input.today)
  return [
    sessionSheet(sessions, packets, input.roster, context),
    historySheet(sessions, packets, context),
    attendanceSheet(memberAttendance(sessions, input.roster), context),
    openProblemSheet(sharedVisits(input), input.today, context),
  ]
}
