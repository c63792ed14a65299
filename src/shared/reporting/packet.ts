/**
 * 一学一报: after each collective session its plan, record, attendance and photos go upward within M days
 * (domain.md; M is ReportSettings.reportDeadlineDays). The rule for each part:
 * - 学习方案 (plan): ticked by hand; nothing in the record shows it.
 * - 学习记录 (record): the session's summary of what was studied and decided is written.
 * - 考勤记录 (attendance): the expected count is set and at least one person is marked present.
 * - 影像资料 (photos): at least one photo.
 * The due date is the session's date plus M days (a session on the 30th with M = 3 is due on the 3rd of the next
 * month). A packet is due soon on its due date and the day before it, overdue the day after it, and done once a
 * reported date is set, whatever its parts say (the person reported it; the app does not second-guess that).
 */
import { addDays, daysBetween } from '../dates'
import type { Localized } from '../localized'
import { blankPacket, isCollective, type StudySessionFields } from '../records/study-session'

export const PACKET_PARTS = ['plan', 'record', 'attendance', 'photos'] as const
export type PacketPart = (typeof PACKET_PARTS)[number]

export const PACKET_PART_LABELS: Readonly<Record<PacketPart, Localized>> = {
  plan: { zh: '学习方案', en: 'Study plan' },
  record: { zh: '学习记录', en: 'Session record' },
  attendance: { zh: '考勤记录', en: 'Attendance' },
  photos: { zh: '影像资料', en: 'Photos' },
}

/** reported: sent upward; overdue: past its due date and not sent; dueSoon: due today or tomorrow; waiting: later. */
export type PacketState = 'reported' | 'overdue' | 'dueSoon' | 'waiting'

export const PACKET_STATE_LABELS: Readonly<Record<PacketState, Localized>> = {
  reported: { zh: '已报送', en: 'Reported' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  dueSoon: { zh: '即将到期', en: 'Due soon' },
  waiting: { zh: '待报送', en: 'To report' },
}

/** Days before the due date from which a packet counts as due soon (the due day itself and the day before). */
export const DUE_SOON_DAYS = 1

export interface PacketStatus {
  parts: Readonly<Record<PacketPart, boolean>>
  /** How many of the four parts are ready. */
  readyCount: number
  isComplete: boolean
  dueDate: string
  reportedOn: string
  state: PacketState
  /** Days until the due date: 0 on the day, negative once overdue. */
  daysLeft: number
}

type SessionLike = Pick<StudySessionFields, 'kind' | 'date' | 'summary' | 'attendance' | 'photos'> & {
  packet?: StudySessionFields['packet']
}

/** The packet of a collective session, judged on `today`; null for kinds that have none (self-study, online…). */
export function packetStatus(session: SessionLike, deadlineDays: number, today: string): PacketStatus | null {
  if (!isCollective(session)) return null
  // A session stored before packets existed has none: it stands for an empty one (see laterGroup).
  const packet = session.packet ?? blankPacket()
  const parts: Record<PacketPart, boolean> = {
    plan: packet.planReady,
    record: session.summary.trim() !== '',
    attendance: session.attendance.expected !== null && session.attendance.present.length > 0,
    photos: (session.photos ?? []).length > 0,
  }
  const readyCount = PACKET_PARTS.filter((part) => parts[part]).length
  const dueDate = addDays(session.date, deadlineDays)
  const daysLeft = daysBetween(today, dueDate)
  const state: PacketState =
    packet.reportedOn !== '' ? 'reported' : daysLeft < 0 ? 'overdue' : daysLeft <= DUE_SOON_DAYS ? 'dueSoon' : 'waiting'
  return {
    parts,
    readyCount,
    isComplete: readyCount === PACKET_PARTS.length,
    dueDate,
    reportedOn: packet.reportedOn,
    state,
    daysLeft,
  }
}
