/** Small hand-made records for the reporting rules' tests: only what a rule reads is set by a test. */
import { recordTypes, type ReadingNote, type StudySession, type Visit } from '../../../src/shared/records'
import type { Problem } from '../../../src/shared/records'

let next = 0
const meta = () => ({
  id: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  deviceId: 'test',
  deletedAt: null,
  rev: null,
  conflicts: [],
})

export function session(fields: Partial<StudySession>): StudySession {
  return { ...recordTypes.studySessions.blank('2026-11-10'), topic: '学习', ...meta(), ...fields }
}

export function note(fields: Partial<ReadingNote>): ReadingNote {
  return { ...recordTypes.readingNotes.blank('2026-11-10'), ...meta(), ...fields }
}

export function visit(fields: Partial<Visit>): Visit {
  return { ...recordTypes.visits.blank('2026-11-10'), place: '东村', ...meta(), ...fields }
}

export function problem(fields: Partial<Problem>): Problem {
  return {
    description: '问题',
    category: 'other',
    raisedBy: '',
    status: 'open',
    dueDate: '',
    resolution: '',
    resolvedDate: '',
    ...fields,
  }
}

/** A session whose packet has every part ready except the hand-ticked plan. */
export function readySession(fields: Partial<StudySession>): StudySession {
  return session({
    kind: 'collective',
    summary: '学习了党章',
    attendance: { expected: 10, present: ['张三'], absent: [] },
    photos: [
      {
        hash: 'a'.repeat(64),
        thumbHash: 'b'.repeat(64),
        type: 'image/jpeg',
        bytes: 100,
        width: 10,
        height: 10,
        caption: '',
      },
    ],
    ...fields,
  })
}
