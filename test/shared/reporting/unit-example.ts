/**
 * One unit's November 2026, counted by hand, for the unit ledger's and the unit year report's tests (and the export
 * test that reads their files back). Unit C (机关第一党支部), roster 张伟 · 李娜 · 王强, deadline 3 days, read on
 * 2026-12-04 (China date):
 *
 * | session | date | hours | present | packet steps (server order) | state on 12-04 |
 * |---|---|---|---|---|---|
 * | S1 学习贯彻党的二十届四中全会精神 (中心组) | 11-05 | 2.5 | 张 李 王 | 报送 11-06, 通过 11-07 | 已通过, on time |
 * | S2 文旅融合发展 (专题研讨) | 11-20 | 2 | 张 王 | 报送 11-21, 报送 again 11-22, 通过 of the first 11-23 (superseded) | 待审核, on time |
 * | S3 年度述学评学 (集体学习) | 11-28 | 2 | 张 李 | 报送 12-02 09:00 (phone 12-01 20:00), 退回整改 12-03 18:00, 报送 12-04 | 待审核, late |
 * | S4 学习《中国共产党章程》 (集体学习) | 11-30 (month end) | 1.5 | 张 李 | none received (one waits on a phone) | 逾期未报 |
 *
 * Left out: an online session of C (not collective), a session of another unit, a deleted one, one of 09-30 (before
 * both ranges the tests use: November and the fourth quarter).
 * Attendance: 张伟 4/4 (8 h), 李娜 3/4 (6 h), 王强 2/4 (4.5 h, absent twice). Visits shared with C: one of 10-15 at
 * 石门村 with a problem open past its due date 11-30, one resolved, one in progress due 12-31; a visit shared with
 * another unit and one after the ranges are left out.
 */
import type { ReviewEvent } from '../../../src/shared/reporting/review'
import type { RosterEntry, UnitLedgerInput } from '../../../src/shared/reporting/unit-ledger'
import { problem, session, visit } from './records'

export const UNIT = { id: 'unit-c', name: '机关第一党支部' }
export const TODAY = '2026-12-04'
export const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' }

export const ROSTER: RosterEntry[] = [
  { accountId: 'a-zhang', displayName: '张伟' },
  { accountId: 'a-li', displayName: '李娜' },
  { accountId: 'a-wang', displayName: '王强' },
]
const ref = (...names: string[]) =>
  names.map((name) => {
    const member = ROSTER.find((m) => m.displayName === name)!
    return { accountId: member.accountId, name }
  })

const unitSession = (fields: Parameters<typeof session>[0], present: string[]) =>
  session({
    unitId: UNIT.id,
    rosterPresent: ref(...present),
    attendance: { expected: 3, present, absent: [] },
    ...fields,
  })

export const S1 = unitSession(
  {
    kind: 'centerGroup',
    topic: '学习贯彻党的二十届四中全会精神',
    date: '2026-11-05',
    durationHours: 2.5,
    host: '张伟',
    place: '三楼会议室',
  },
  ['张伟', '李娜', '王强'],
)
export const S2 = unitSession({ kind: 'seminar', topic: '文旅融合发展', date: '2026-11-20', durationHours: 2 }, [
  '张伟',
  '王强',
])
export const S3 = unitSession({ kind: 'collective', topic: '年度述学评学', date: '2026-11-28', durationHours: 2 }, [
  '张伟',
  '李娜',
])
export const S4 = unitSession(
  { kind: 'collective', topic: '学习《中国共产党章程》', date: '2026-11-30', durationHours: 1.5 },
  ['张伟', '李娜'],
)
const others = [
  session({ unitId: UNIT.id, kind: 'online', topic: '灯塔大课堂', date: '2026-11-10' }),
  session({ unitId: 'unit-other', kind: 'collective', topic: '别的支部', date: '2026-11-12' }),
  session({
    unitId: UNIT.id,
    kind: 'collective',
    topic: '已删除',
    date: '2026-11-15',
    deletedAt: '2026-11-16T00:00:00Z',
  }),
  session({ unitId: UNIT.id, kind: 'collective', topic: '九月的学习', date: '2026-09-30' }),
]

let next = 0
function step(
  kind: ReviewEvent['kind'],
  sessionId: string,
  receivedAt: string,
  fields: Partial<ReviewEvent> = {},
): ReviewEvent {
  const isDecision = kind !== 'submitted'
  return {
    id: `ev-${String(++next).padStart(3, '0')}`,
    sessionId,
    kind,
    receivedAt,
    deviceAt: receivedAt,
    authorId: isDecision ? 'a-liu' : 'a-zhang',
    authorName: isDecision ? '刘文静' : '张伟',
    ...fields,
  }
}

const s1Sent = step('submitted', S1.id, '2026-11-06T02:00:00Z')
const s2First = step('submitted', S2.id, '2026-11-21T01:00:00Z')
const s3First = step('submitted', S3.id, '2026-12-02T01:00:00Z', { deviceAt: '2026-12-01T12:00:00Z' })
/** Listed out of the server's order on purpose: the ledger must sort by receivedAt. */
export const EVENTS: ReviewEvent[] = [
  step('submitted', S3.id, '2026-12-04T01:30:00Z'),
  s3First,
  step('returned', S3.id, '2026-12-03T10:00:00Z', { answers: s3First.id, comment: '缺少影像资料' }),
  step('accepted', S2.id, '2026-11-23T01:00:00Z', { answers: s2First.id, comment: '同意备案' }),
  step('submitted', S2.id, '2026-11-22T01:00:00Z'),
  s2First,
  step('accepted', S1.id, '2026-11-07T03:00:00Z', { answers: s1Sent.id }),
  s1Sent,
  // Pressed on a phone that has not reached the server: no time of arrival, no place in the history yet.
  step('submitted', S4.id, ''),
]

export const SHARED_VISIT = visit({
  date: '2026-10-15',
  place: '桃源镇石门村',
  sharedWith: [UNIT.id],
  problems: [
    problem({ description: '村文化中心利用率低', category: 'publicCulture', status: 'open', dueDate: '2026-11-30' }),
    problem({ description: '道路指示牌缺失', status: 'resolved', dueDate: '2026-10-30', resolution: '已补设' }),
    problem({ description: '旅游纪念品缺少特色', category: 'tourism', status: 'inProgress', dueDate: '2026-12-31' }),
  ],
})
const otherVisits = [
  visit({ date: '2026-11-02', sharedWith: ['unit-other'], problems: [problem({ description: '别处的问题' })] }),
  visit({ date: '2027-01-10', sharedWith: [UNIT.id], problems: [problem({ description: '明年的问题' })] }),
]

export function example(range = NOVEMBER): UnitLedgerInput {
  return {
    unit: UNIT,
    range,
    studySessions: [S4, others[0]!, S2, others[1]!, S1, others[2]!, S3, others[3]!],
    roster: ROSTER,
    events: EVENTS,
    visits: [otherVisits[0]!, SHARED_VISIT, otherVisits[1]!],
    deadlineDays: 3,
    today: TODAY,
  }
}
