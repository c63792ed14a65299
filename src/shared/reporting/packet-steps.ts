/**
 * A unit session's packet as its detail screen shows it (docs/review.md): the steps the server has received, read by
 * the rules of review.ts, and apart from them the steps this phone made that have not reached the server yet (待发送):
 * they have no time of arrival, so they decide nothing until they have one.
 */
import { sameValue } from '../changes'
import { fieldsOf, type FieldsOf, type RecordMeta, type StudySession } from '../records'
import { packetReviewOf, type PacketReview, type ReviewEvent } from './review'

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
