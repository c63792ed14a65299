/**
 * The facts of a year-end report like the seeds' (学习开展情况, reading, 调查研究 and 走访, 问题办理) from the records
 * of a date range. Only facts: counts, hours, topics with their dates, places, households, problems with examples.
 * The writer supplies the judgement in Word.
 *
 * Attendance rate: present ÷ expected over the sessions whose expected count was recorded; a session without one
 * cannot say how many were missing and is counted apart. Present beyond expected (guests, 列席) counts up to the
 * expected number, so one crowded session cannot hide absences at another.
 */
import { dateLabel } from '../dates'
import { pick, type Locale } from '../localized'
import {
  NOTE_KINDS,
  isCollective,
  NOTE_KIND_LABELS,
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_STATUS_LABELS,
  STUDY_KINDS,
  STUDY_KIND_LABELS,
  VISIT_KINDS,
  VISIT_KIND_LABELS,
  type NoteKind,
  type ProblemStatus,
  type StoredRecord,
} from '../records'
import { isInRange, type DateRange } from './date-range'
import { packetStatus } from './packet'
import { DEFAULT_REPORT_SETTINGS } from './report-settings'

/** How many problems of each outcome the report quotes as examples. */
export const EXAMPLES_PER_OUTCOME = 3

export interface DatedTopic {
  topic: string
  /** 'YYYY-MM-DD' dates the topic was studied on, oldest first. */
  dates: string[]
  dateTexts: string[]
}

export interface StudyKindFacts {
  kind: string
  label: string
  count: number
  hours: number
}

export interface AttendanceFacts {
  /** Sessions whose expected count was recorded (and above 0). */
  sessionsCounted: number
  sessionsWithoutExpected: number
  expected: number
  present: number
  /** present ÷ expected, 0–1; null when no session recorded an expected count. */
  rate: number | null
}

/**
 * 一学一报 of the collective sessions in the range (see packet.ts), as of the report's day. Only a packet whose
 * deadline has passed was owed: one of a session held this week is not a shortfall, so it is counted apart.
 */
export interface PacketFacts {
  /** Packets whose deadline has passed: each was owed. */
  due: number
  /** Of those, reported. */
  reported: number
  /** Of those, reported on or before the due date. */
  onTime: number
  /** Of those, not reported. */
  overdue: number
  /** Packets still within their deadline (due on the report's day or later): not owed yet. */
  withinDeadline: number
  /** Of those, reported already. */
  reportedEarly: number
}

export interface StudyFacts {
  count: number
  hours: number
  collectiveCount: number
  packets: PacketFacts
  byKind: StudyKindFacts[]
  topics: DatedTopic[]
  attendance: AttendanceFacts
}

export interface SourceFacts {
  title: string
  author: string
  count: number
  byKind: Record<NoteKind, number>
}

export interface ReadingFacts {
  count: number
  byKind: { kind: NoteKind; label: string; count: number }[]
  /** Most-noted source first. */
  bySource: SourceFacts[]
}

export interface VisitKindFacts {
  kind: string
  label: string
  count: number
  /** Distinct places, in the order first visited. */
  places: string[]
  households: number
}

export interface VisitFacts {
  count: number
  placeCount: number
  householdCount: number
  byKind: VisitKindFacts[]
}

export interface ProblemExample {
  description: string
  category: string
  status: ProblemStatus
  statusLabel: string
  place: string
  date: string
  dateText: string
  resolution: string
  resolvedDate: string
}

export interface ProblemFacts {
  raised: number
  resolved: number
  inProgress: number
  open: number
  /** Not resolved and past the due date as of the report's `asOf` day. */
  overdue: number
  byCategory: { category: string; label: string; raised: number; resolved: number }[]
  resolvedExamples: ProblemExample[]
  unresolvedExamples: ProblemExample[]
}

export interface YearReport {
  range: DateRange
  /** Records of the range with a conflict still to settle: the facts count the version each holds now. */
  conflictedRecords: number
  study: StudyFacts
  reading: ReadingFacts
  visits: VisitFacts
  problems: ProblemFacts
}

export interface YearReportInput {
  range: DateRange
  studySessions: readonly StoredRecord<'studySessions'>[]
  readingNotes: readonly StoredRecord<'readingNotes'>[]
  visits: readonly StoredRecord<'visits'>[]
  locale: Locale
  /** The day overdue is judged on. @default range.to */
  asOf?: string
  /** Days after a collective session within which its 一学一报 is due (ReportSettings). @default 3 */
  reportDeadlineDays?: number
  /** Sessions whose 一学一报 someone else sends (DashboardInput.othersReport): not counted as owed by the person. */
  othersReport?: ReadonlySet<string>
}

function within<R extends { date: string; deletedAt: string | null }>(records: readonly R[], range: DateRange): R[] {
  return records
    .filter((r) => r.deletedAt === null && isInRange(r.date, range))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/** Half hours add up exactly in binary, but other steps might not: keep one decimal. */
function roundHours(hours: number): number {
  return Math.round(hours * 10) / 10
}

function packetFacts(
  sessions: readonly StoredRecord<'studySessions'>[],
  deadlineDays: number,
  asOf: string,
): PacketFacts {
  const statuses = sessions.flatMap((s) => packetStatus(s, deadlineDays, asOf) ?? [])
  const owed = statuses.filter((p) => p.daysLeft < 0)
  const within = statuses.filter((p) => p.daysLeft >= 0)
  const reported = owed.filter((p) => p.state === 'reported')
  return {
    due: owed.length,
    reported: reported.length,
    onTime: reported.filter((p) => p.reportedOn <= p.dueDate).length,
    overdue: owed.filter((p) => p.state === 'overdue').length,
    withinDeadline: within.length,
    reportedEarly: within.filter((p) => p.state === 'reported').length,
  }
}

function studyFacts(
  sessions: readonly StoredRecord<'studySessions'>[],
  locale: Locale,
  packets: PacketFacts,
): StudyFacts {
  const byKind = STUDY_KINDS.map((kind) => {
    const ofKind = sessions.filter((s) => s.kind === kind)
    return {
      kind,
      label: pick(STUDY_KIND_LABELS[kind], locale),
      count: ofKind.length,
      hours: roundHours(ofKind.reduce((sum, s) => sum + s.durationHours, 0)),
    }
  }).filter((k) => k.count > 0)
  const topics = new Map<string, DatedTopic>()
  for (const s of sessions) {
    const topic = topics.get(s.topic) ?? { topic: s.topic, dates: [], dateTexts: [] }
    topic.dates.push(s.date)
    topic.dateTexts.push(dateLabel(s.date, locale))
    topics.set(s.topic, topic)
  }
  return {
    count: sessions.length,
    hours: roundHours(sessions.reduce((sum, s) => sum + s.durationHours, 0)),
    collectiveCount: sessions.filter(isCollective).length,
    packets,
    byKind,
    topics: [...topics.values()],
    attendance: attendanceFacts(sessions),
  }
}

function attendanceFacts(sessions: readonly StoredRecord<'studySessions'>[]): AttendanceFacts {
  const facts = { sessionsCounted: 0, sessionsWithoutExpected: 0, expected: 0, present: 0 }
  for (const { attendance } of sessions) {
    if (attendance.expected === null || attendance.expected <= 0) {
      // Sessions nobody attends together (online, self-study) have no expected count and no one present.
      if (attendance.present.length > 0 || attendance.absent.length > 0) facts.sessionsWithoutExpected++
      continue
    }
    facts.sessionsCounted++
    facts.expected += attendance.expected
    facts.present += Math.min(attendance.present.length, attendance.expected)
  }
  return { ...facts, rate: facts.expected === 0 ? null : facts.present / facts.expected }
}

function readingFacts(notes: readonly StoredRecord<'readingNotes'>[], locale: Locale): ReadingFacts {
  const sources = new Map<string, SourceFacts>()
  for (const note of notes) {
    const title = note.source.title.trim()
    const source = sources.get(title) ?? {
      title,
      author: note.source.author,
      count: 0,
      byKind: { excerpt: 0, reflection: 0, speechOutline: 0 },
    }
    source.count++
    source.byKind[note.kind]++
    if (source.author === '') source.author = note.source.author
    sources.set(title, source)
  }
  return {
    count: notes.length,
    byKind: NOTE_KINDS.map((kind) => ({
      kind,
      label: pick(NOTE_KIND_LABELS[kind], locale),
      count: notes.filter((n) => n.kind === kind).length,
    })).filter((k) => k.count > 0),
    bySource: [...sources.values()].sort((a, b) => b.count - a.count),
  }
}

function visitFacts(visits: readonly StoredRecord<'visits'>[], locale: Locale): VisitFacts {
  const byKind = VISIT_KINDS.map((kind) => {
    const ofKind = visits.filter((v) => v.kind === kind)
    return {
      kind,
      label: pick(VISIT_KIND_LABELS[kind], locale),
      count: ofKind.length,
      places: [...new Set(ofKind.map((v) => v.place))],
      households: ofKind.reduce((sum, v) => sum + v.households.length, 0),
    }
  }).filter((k) => k.count > 0)
  return {
    count: visits.length,
    placeCount: new Set(visits.map((v) => v.place)).size,
    householdCount: visits.reduce((sum, v) => sum + v.households.length, 0),
    byKind,
  }
}

function problemFacts(visits: readonly StoredRecord<'visits'>[], locale: Locale, asOf: string): ProblemFacts {
  const all = visits.flatMap((visit) => visit.problems.map((problem) => ({ visit, problem })))
  const example = ({ visit, problem }: (typeof all)[number]): ProblemExample => ({
    description: problem.description,
    category: pick(PROBLEM_CATEGORY_LABELS[problem.category], locale),
    status: problem.status,
    statusLabel: pick(PROBLEM_STATUS_LABELS[problem.status], locale),
    place: visit.place,
    date: visit.date,
    dateText: dateLabel(visit.date, locale),
    resolution: problem.resolution,
    resolvedDate: problem.resolvedDate,
  })
  const resolved = all.filter((p) => p.problem.status === 'resolved')
  const unresolved = all.filter((p) => p.problem.status !== 'resolved')
  return {
    raised: all.length,
    resolved: resolved.length,
    inProgress: all.filter((p) => p.problem.status === 'inProgress').length,
    open: all.filter((p) => p.problem.status === 'open').length,
    overdue: unresolved.filter((p) => p.problem.dueDate !== '' && p.problem.dueDate < asOf).length,
    byCategory: PROBLEM_CATEGORIES.map((category) => ({
      category,
      label: pick(PROBLEM_CATEGORY_LABELS[category], locale),
      raised: all.filter((p) => p.problem.category === category).length,
      resolved: resolved.filter((p) => p.problem.category === category).length,
    })).filter((c) => c.raised > 0),
    // The examples a writer can quote: resolved ones that say how (newest first), and the oldest still open.
    resolvedExamples: resolved
      .filter((p) => p.problem.resolution.trim() !== '')
      .reverse()
      .slice(0, EXAMPLES_PER_OUTCOME)
      .map(example),
    unresolvedExamples: unresolved.slice(0, EXAMPLES_PER_OUTCOME).map(example),
  }
}

export function yearReport(input: YearReportInput): YearReport {
  const { range, locale } = input
  const visits = within(input.visits, range)
  const sessions = within(input.studySessions, range)
  const asOf = input.asOf ?? range.to
  const reading = within(input.readingNotes, range)
  return {
    range,
    conflictedRecords: [...sessions, ...reading, ...visits].filter((r) => (r.conflicts ?? []).length > 0).length,
    study: studyFacts(
      sessions,
      locale,
      packetFacts(
        sessions.filter((s) => !input.othersReport?.has(s.id)),
        input.reportDeadlineDays ?? DEFAULT_REPORT_SETTINGS.reportDeadlineDays,
        asOf,
      ),
    ),
    reading: readingFacts(reading, locale),
    visits: visitFacts(visits, locale),
    problems: problemFacts(visits, locale, asOf),
  }
}
