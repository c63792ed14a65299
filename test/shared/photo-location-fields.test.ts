import { describe, expect, it } from 'vitest'
import type { GeoPoint, PhotoRef } from '../../src/shared/fields'
import { fieldsOf, RECORD_TABLES, recordTypes, type FieldsOf } from '../../src/shared/records'
import { validateRecord, type FieldError } from '../../src/shared/validation'

const TODAY = '2026-11-22'
const HASH_A = 'a'.repeat(64)
const HASH_B = '0123456789abcdef'.repeat(4)

function photo(overrides: Partial<PhotoRef> = {}): PhotoRef {
  return {
    hash: HASH_A,
    thumbHash: HASH_B,
    type: 'image/jpeg',
    bytes: 412_345,
    width: 1920,
    height: 1440,
    caption: '村文化中心大门紧锁',
    ...overrides,
  }
}

function point(overrides: Partial<GeoPoint> = {}): GeoPoint {
  return {
    latitude: 29.031234,
    longitude: 111.698765,
    accuracy: 12.5,
    takenAt: '2026-11-22T09:30:00.000Z',
    ...overrides,
  }
}

function visit(overrides: Partial<FieldsOf['visits']> = {}): FieldsOf['visits'] {
  return { ...recordTypes.visits.blank(TODAY), place: '桃源镇石门村', ...overrides }
}

function errorsOf(result: ReturnType<typeof validateRecord>): FieldError[] {
  if (result.ok) throw new Error('expected the record to be refused')
  return result.errors
}

describe('photos and location fields', () => {
  it('accepts a visit with photos, a start and an end position', () => {
    const input = visit({
      photos: [
        photo(),
        photo({
          hash: HASH_B,
          thumbHash: HASH_A,
          type: 'image/webp',
          caption: '',
          takenAt: '2026-11-22T17:31:00+08:00',
        }),
      ],
      location: point(),
      endLocation: point({ accuracy: 0 }),
    })
    expect(validateRecord('visits', input)).toEqual({ ok: true, value: input })
  })

  it('gives every record type a person writes a photos field, empty in a new record', () => {
    for (const type of RECORD_TABLES.map((table) => recordTypes[table])) {
      expect(type.specs.photos?.type).toBe('photos')
      expect((type.blank(TODAY) as { photos: unknown }).photos).toEqual([])
    }
    expect(recordTypes.visits.specs.location?.type).toBe('location')
    expect(recordTypes.visits.specs.endLocation?.type).toBe('location')
  })

  it.each([
    ['a hash that is not 64 hex digits', photo({ hash: 'A'.repeat(64) })],
    ['a short thumbnail hash', photo({ thumbHash: 'abc' })],
    ['a type the server does not store', photo({ type: 'image/png' as PhotoRef['type'] })],
    ['no bytes', photo({ bytes: 0 })],
    ['more bytes than an attachment may have', photo({ bytes: 11 * 1024 * 1024 })],
    ['a side longer than 1920 px', photo({ width: 4000 })],
    ['a fractional width', photo({ width: 100.5 })],
    ['a caption over 200 characters', photo({ caption: '字'.repeat(201) })],
    ['a takenAt that is no time', photo({ takenAt: '昨天' })],
  ])('refuses a photo with %s', (_, bad) => {
    const errors = errorsOf(validateRecord('visits', visit({ photos: [bad] })))
    expect(errors[0]!.path).toMatch(/^photos\.0\./)
    expect(errors[0]!.message).toContain('第1项的影像资料')
  })

  it('refuses more than 30 photos, naming the field', () => {
    const errors = errorsOf(
      validateRecord('studySessions', {
        ...recordTypes.studySessions.blank(TODAY),
        topic: '集体学习',
        photos: Array.from({ length: 31 }, () => photo()),
      }),
    )
    expect(errors).toEqual([{ path: 'photos', message: '影像资料最多 30 项' }])
  })

  it.each([
    ['latitude', point({ latitude: 90.0001 })],
    ['latitude', point({ latitude: -91 })],
    ['longitude', point({ longitude: 180.5 })],
    ['longitude', point({ longitude: -181 })],
    ['accuracy', point({ accuracy: -1 })],
    ['accuracy', point({ accuracy: Number.NaN })],
    ['takenAt', point({ takenAt: '2026-11-22' })],
  ])('refuses a position with a bad %s', (key, bad) => {
    const errors = errorsOf(validateRecord('visits', visit({ location: bad })))
    expect(errors[0]!.path).toBe(`location.${key}`)
    expect(errors[0]!.message).toContain('到达位置')
  })

  it('accepts the edges of the globe', () => {
    expect(
      validateRecord('visits', visit({ location: point({ latitude: -90, longitude: 180, accuracy: 0 }) })).ok,
    ).toBe(true)
  })
})

describe('records stored before photos and location existed', () => {
  /** A visit as version 0.1 stored it: no photos, location or endLocation keys at all. */
  function oldVisit(): Record<string, unknown> {
    const { photos: _p, location: _l, endLocation: _e, ...rest } = visit({ findings: '村文化中心利用率不高' })
    return rest
  }

  it('still validate, reading as no photos and no position', () => {
    const result = validateRecord('visits', oldVisit())
    expect(result.ok && result.value.photos).toEqual([])
    expect(result.ok && result.value.location).toBeNull()
    expect(result.ok && result.value.endLocation).toBeNull()
  })

  it('load into a form with the new fields filled in, so saving unchanged changes nothing', () => {
    const loaded = fieldsOf('visits', oldVisit() as FieldsOf['visits'])
    expect(loaded).toEqual(visit({ findings: '村文化中心利用率不高' }))
  })

  it('old study sessions and reading notes validate too', () => {
    const { photos: _s, ...session } = { ...recordTypes.studySessions.blank(TODAY), topic: '集体学习' }
    const blankNote = recordTypes.readingNotes.blank(TODAY)
    const { photos: _n, ...note } = {
      ...blankNote,
      source: { ...blankNote.source, title: '《党章》' },
      excerpt: '原文',
    }
    expect(validateRecord('studySessions', session).ok).toBe(true)
    expect(validateRecord('readingNotes', note).ok).toBe(true)
  })

  it('are found by search through captions only when they have photos', () => {
    expect(recordTypes.visits.searchText(oldVisit() as FieldsOf['visits'])).not.toContain(undefined)
    expect(recordTypes.visits.searchText(visit({ photos: [photo({ caption: '农家书屋借阅登记簿' })] }))).toContain(
      '农家书屋借阅登记簿',
    )
  })
})
