/**
 * 一学一报 as a history (docs/review.md): a unit session's packet is the list of its events — submitted (报送),
 * returned (退回整改), accepted (通过/备案) — and its state is read from that list. Deadlines are days in China's time
 * (UTC+8, no daylight saving), judged on when the server received a submission, never on the phone's clock.
 */
import { addDays, daysBetween, monthRange } from '../dates'

/** China's offset from UTC, in minutes: dates of deadlines are China dates wherever a phone or a server runs. */
export const CHINA_UTC_OFFSET_MINUTES = 8 * 60

export type ReviewEventKind = 'submitted' | 'returned' | 'accepted'

export interface ReviewEvent {
  id: string
  sessionId: string
  kind: ReviewEventKind
  /** For a decision: the submission it answers. */
  answers?: string
  /** The server's time of arrival (stamped by the server). */
  receivedAt: string
  /** When the button was pressed, as the phone's clock said: shown, never judged on. */
  deviceAt: string
  authorId: string
  authorName: string
  /** What to fix (required on a return), or a note with an acceptance. */
  comment?: string
}

/** due: not sent, deadline not passed; missing: not sent and past it; waiting: sent, not decided; returned; accepted. */
export type ReviewState = 'due' | 'missing' | 'waiting' | 'returned' | 'accepted'

export interface PacketReview {
  state: ReviewState
  /** The last day (China date) a submission is on time. */
  dueDate: string
  /** Whether the first submission arrived after the due date; null while nothing was sent. */
  submittedLate: boolean | null
  latestSubmission: ReviewEvent | null
  /** Every event in the order the server received them; a decision on an older submission is superseded. */
  history: (ReviewEvent & { isSuperseded: boolean })[]
}

/** The China date (YYYY-MM-DD) of an instant. */
export function chinaDateOf(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${iso}`)
  return new Date(ms + CHINA_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10)
}

/** Today's China date. */
export function chinaToday(now: Date = new Date()): string {
  return chinaDateOf(now.toISOString())
}

/** The last day a session's packet is on time: its date plus the deadline in days. */
export function reviewDueDate(sessionDate: string, deadlineDays: number): string {
  return addDays(sessionDate, deadlineDays)
}

const byArrival = (a: ReviewEvent, b: ReviewEvent) =>
  a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1

/**
 * The packet of a session held on `session.date`, from its events, on `today` (a China date). Events of other
 * sessions are ignored.
 */
export function packetReviewOf(
  session: { id: string; date: string },
  events: readonly ReviewEvent[],
  deadlineDays: number,
  today: string,
): PacketReview {
  const dueDate = reviewDueDate(session.date, deadlineDays)
  const history: PacketReview['history'] = []
  let latestSubmission: ReviewEvent | null = null
  let decision: ReviewEvent | null = null
  let firstSubmission: ReviewEvent | null = null
  for (const event of events.filter((e) => e.sessionId === session.id).sort(byArrival)) {
    if (event.kind === 'submitted') {
      latestSubmission = event
      firstSubmission ??= event
      decision = null
      history.push({ ...event, isSuperseded: false })
      continue
    }
    // A decision counts only for the submission that was the latest when it arrived.
    const isSuperseded = latestSubmission === null || event.answers !== latestSubmission.id
    if (!isSuperseded) decision = event
    history.push({ ...event, isSuperseded })
  }
  const state: ReviewState =
    latestSubmission === null
      ? today > dueDate
        ? 'missing'
        : 'due'
      : decision === null
        ? 'waiting'
        : decision.kind === 'returned'
          ? 'returned'
          : 'accepted'
  const submittedLate = firstSubmission === null ? null : chinaDateOf(firstSubmission.receivedAt) > dueDate
  return { state, dueDate, submittedLate, latestSubmission, history }
}

export interface UnitReviewMonth {
  month: { from: string; to: string }
  held: number
  minimum: number
  byState: Readonly<Record<ReviewState, number>>
  onTime: number
  late: number
}

/**
 * A unit's packets for the month of `monthDay`: its collective sessions held that month, their packets by state on
 * `today`, and how many were first sent on time or late.
 */
export function unitReviewMonth(
  sessions: readonly { id: string; date: string }[],
  events: readonly ReviewEvent[],
  monthDay: string,
  minimum: number,
  deadlineDays: number,
  today: string,
): UnitReviewMonth {
  const month = monthRange(monthDay)
  const held = sessions.filter((s) => s.date >= month.from && s.date <= month.to)
  const byState: Record<ReviewState, number> = { due: 0, missing: 0, waiting: 0, returned: 0, accepted: 0 }
  let onTime = 0
  let late = 0
  for (const session of held) {
    const review = packetReviewOf(session, events, deadlineDays, today)
    byState[review.state]++
    if (review.submittedLate === true) late++
    if (review.submittedLate === false) onTime++
  }
  return { month, held: held.length, minimum, byState, onTime, late }
}

/** A reviewer's cell: one unit's month (held against its minimum, packets by state, on time and late). */
export interface ReviewerRow {
  unitId: string
  unitName: string
  months: UnitReviewMonth[]
}

/**
 * The reviewer's grid (docs/review.md, "Views"): the units below × the months given, each cell the unit's month by
 * unitReviewMonth. `sessionsOf` gives a unit's collective sessions; events are every packet event the device holds.
 */
export function reviewerGrid(
  units: readonly { id: string; name: string; minimum: number }[],
  sessionsOf: (unitId: string) => readonly { id: string; date: string }[],
  events: readonly ReviewEvent[],
  months: readonly string[],
  deadlineDays: number,
  today: string,
): ReviewerRow[] {
  return units.map((unit) => {
    const sessions = sessionsOf(unit.id)
    return {
      unitId: unit.id,
      unitName: unit.name,
      months: months.map((month) =>
        unitReviewMonth(sessions, events, `${month}-01`, unit.minimum, deadlineDays, today),
      ),
    }
  })
}

export interface QueuedPacket {
  unitId: string
  session: { id: string; date: string }
  review: PacketReview
  /** Whole days since the server received the latest submission, on `today`. */
  waitingDays: number
}

/**
 * The packets waiting for a decision, the one waiting longest first (by the server's time of the latest
 * submission); `olderThanDays` keeps those waiting more than that many days (the reviewer's reminder).
 */
export function reviewQueue(
  sessions: readonly { unitId: string; id: string; date: string }[],
  events: readonly ReviewEvent[],
  deadlineDays: number,
  today: string,
  olderThanDays = -1,
): QueuedPacket[] {
  const bySession = new Map<string, ReviewEvent[]>()
  for (const event of events) {
    const list = bySession.get(event.sessionId)
    if (list) list.push(event)
    else bySession.set(event.sessionId, [event])
  }
  const queue: QueuedPacket[] = []
  for (const session of sessions) {
    const review = packetReviewOf(session, bySession.get(session.id) ?? [], deadlineDays, today)
    if (review.state !== 'waiting' || review.latestSubmission === null) continue
    const waitingDays = daysBetween(chinaDateOf(review.latestSubmission.receivedAt), today)
    if (waitingDays > olderThanDays)
      queue.push({ unitId: session.unitId, session: { id: session.id, date: session.date }, review, waitingDays })
  }
  return queue.sort((a, b) => byArrival(a.review.latestSubmission!, b.review.latestSubmission!))
}
