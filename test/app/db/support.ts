import { recordTypes, type FieldsOf, type RecordTable } from '../../../src/shared/records'
import { uuidv7 } from '../../../src/shared/ids'
import { XsjDatabase } from '../../../src/app/db/schema'

/** A fresh, uniquely named database per test: tests never see each other's records. */
export function freshDatabase(): XsjDatabase {
  return new XsjDatabase(`test-${uuidv7()}`)
}

export function studySession(overrides: Partial<FieldsOf['studySessions']> = {}): FieldsOf['studySessions'] {
  return { ...recordTypes.studySessions.blank('2026-11-10'), topic: '深入学习党的二十大精神', ...overrides }
}

export function readingNote(overrides: Partial<FieldsOf['readingNotes']> = {}): FieldsOf['readingNotes'] {
  const blank = recordTypes.readingNotes.blank('2026-11-11')
  return {
    ...blank,
    source: { ...blank.source, title: '《习近平谈治国理政》第四卷' },
    excerpt: '江山就是人民，人民就是江山。',
    ...overrides,
  }
}

export function visit(overrides: Partial<FieldsOf['visits']> = {}): FieldsOf['visits'] {
  return {
    ...recordTypes.visits.blank('2026-11-12'),
    place: '柳河村',
    findings: '村文化中心利用率不高，留守老人居多。',
    ...overrides,
  }
}

export type Maker = <T extends RecordTable>(table: T) => FieldsOf[T]
