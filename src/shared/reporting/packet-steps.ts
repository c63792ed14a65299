/**
 * A unit session's packet as its detail screen shows it (docs/review.md): the steps the server has received, read by
 * the rules of review.ts, and apart from them the steps this phone made that have not reached the server yet (待发送):
 * they have no time of arrival, so they decide nothing until they have one.
 */
import { sameValue } from '../changes'
import { fieldsOf, type FieldsOf, type RecordMeta, type StudySession } from '../records'
import { chinaDateOf, packetReviewOf, reviewQueue, type PacketReview, type ReviewEvent } from './review'

/** A synced step as the rules read it. */
export function reviewEventOf(row: FieldsOf['reviewEvents'] & Pick<RecordMeta, 'id' | 'authorId'>): ReviewEvent {
  const event: ReviewEvent = {
    id: row.id,
    sessionId: row.sessionId,
    kind: row.kind,
    receivedAt: row.receivedAt,
    deviceAt: row.deviceAt,
    authorId: row.authorId ?? '',
    authorName: row.authorName,
    comment: row.comment,
  }
  if (row.answers) event.answers = row.answers
  return event
}

export interface PacketStepsView {
  review: PacketReview
  /** Steps made on this phone that the server has not received yet, oldest first. */
  unsent: ReviewEvent[]
  /** The session's fields changed since the latest submission the server has (what the reviewer sees as changed). */
  changedSinceSubmitted: string[]
}

export function packetStepsView(
  session: StudySession,
  steps: readonly (FieldsOf['reviewEvents'] & Pick<RecordMeta, 'id' | 'authorId'>)[],
  deadlineDays: number,
  today: string,
): PacketStepsView {
  const events = steps.filter((s) => s.sessionId === session.id).map(reviewEventOf)
  const received = events.filter((e) => e.receivedAt !== '')
  const unsent = events.filter((e) => e.receivedAt === '').sort((a, b) => (a.deviceAt < b.deviceAt ? -1 : 1))
  const review = packetReviewOf(session, received, deadlineDays, today)
  const latest = review.latestSubmission
  const snapshot = latest ? steps.find((s) => s.id === latest.id)?.snapshot : null
  const changedSinceSubmitted: string[] = []
  if (snapshot) {
    const now = fieldsOf('studySessions', session) as unknown as Record<string, unknown>
    const then = fieldsOf('studySessions', snapshot) as unknown as Record<string, unknown>
    // The old tick-box 已报送 (packet.reportedOn) is the phone's own note, not part of what was sent upward.
    for (const key of Object.keys(now))
      if (key !== 'packet' && !sameValue(now[key], then[key])) changedSinceSubmitted.push(key)
  }
  return { review, unsent, changedSinceSubmitted }
}

type Step = FieldsOf['reviewEvents'] & Pick<RecordMeta, 'id' | 'authorId'>

/** A unit session's packet the reviewer sent back, as the secretary's reminder says it. */
export interface ReturnedPacket {
  session: StudySession
  comment: string
  /** The China date the return reached the server. */
  date: string
}

/**
 * The person's sessions as their reminders and 首页 count 一学一报 once packets really travel (docs/review.md): a unit
 * session with a submission, received or still on the phone, is 已报送 from the day of its first one (its old
 * tick-box date stands in memory only: nothing is written). One returned is not overdue but to be fixed: it is
 * listed apart, with the reviewer's comment, until it is sent again. Personal sessions keep their own tick box.
 */
export function withSentPackets(
  sessions: readonly StudySession[],
  steps: readonly Step[],
  deadlineDays: number,
  today: string,
): { sessions: StudySession[]; returned: ReturnedPacket[] } {
  const bySession = groupBySession(steps)
  const returned: ReturnedPacket[] = []
  const counted = sessions.map((session) => {
    const own = session.unitId ? bySession.get(session.id) : undefined
    if (!own) return session
    const view = packetStepsView(session, own, deadlineDays, today)
    const first =
      view.review.history.find((e) => e.kind === 'submitted') ?? view.unsent.find((e) => e.kind === 'submitted')
    if (!first) return session
    const lastDecision = view.review.history.at(-1)
    if (view.review.state === 'returned' && !view.unsent.some((e) => e.kind === 'submitted') && lastDecision)
      returned.push({ session, comment: lastDecision.comment ?? '', date: chinaDateOf(lastDecision.receivedAt) })
    const sentOn = chinaDateOf(first.receivedAt || first.deviceAt)
    return { ...session, packet: { ...session.packet, reportedOn: sentOn } }
  })
  return { sessions: counted, returned }
}

/** A packet that has waited for this reviewer's decision longer than the deadline, for the reviewer's reminder. */
export interface WaitingPacket {
  session: StudySession
  waitingDays: number
}

/**
 * The packets of the units this person reviews above (`reviewable`) that have waited for a decision more than
 * `olderThanDays` days since the server received them, the longest waiting first.
 */
export function packetsWaitingLong(
  reviewable: readonly StudySession[],
  steps: readonly Step[],
  deadlineDays: number,
  today: string,
  olderThanDays: number,
): WaitingPacket[] {
  const byId = new Map(reviewable.map((s) => [s.id, s]))
  const events = steps.filter((s) => s.receivedAt !== '' && byId.has(s.sessionId)).map(reviewEventOf)
  return reviewQueue(
    reviewable.map((s) => ({ unitId: s.unitId ?? '', id: s.id, date: s.date })),
    events,
    deadlineDays,
    today,
    olderThanDays,
  ).map((packet) => ({ session: byId.get(packet.session.id)!, waitingDays: packet.waitingDays }))
}

function groupBySession(steps: readonly Step[]): Map<string, Step[]> {
  const grouped = new Map<string, Step[]>()
  for (const step of steps) {
    const list = grouped.get(step.sessionId)
    if (list) list.push(step)
    else grouped.set(step.sessionId, [step])
  }
  return grouped
}
