/** Valid record fields to build pushes from: the fixture generator's records, marked with their account. */
import { RECORD_TABLES, type FieldsOf, type RecordTable } from '../../../src/shared/records'
import { generateReadingNotes, generateStudySessions, generateVisits } from '../../fixtures/generate'
import { intBetween, pick, sample, type Random } from '../../fixtures/random'

export interface RecordPool {
  fields: { [T in RecordTable]: FieldsOf[T][] }
}

export function recordPool(seed: number): RecordPool {
  const options = { seed, spanDays: 400 }
  return {
    fields: {
      studySessions: generateStudySessions(30, options),
      readingNotes: generateReadingNotes(30, options),
      visits: generateVisits(30, options),
    },
  }
}

export function pickTable(rng: Random): RecordTable {
  return pick(rng, RECORD_TABLES)
}

/** Whole fields for a create, with the account's marker in a text field every type has room in. */
export function createFields(
  rng: Random,
  pool: RecordPool,
  table: RecordTable,
  marker: string,
): Record<string, unknown> {
  const fields = structuredClone(pick(rng, pool.fields[table] as Record<string, unknown>[]))
  if (table === 'studySessions') fields.topic = `${marker}${String(fields.topic)}`.slice(0, 200)
  else if (table === 'visits') fields.place = `${marker}${String(fields.place)}`.slice(0, 100)
  else fields.reflection = `${marker}${String(fields.reflection)}`
  return fields
}

/** A few fields of another record of the type: a valid edit of any record of that type. */
export function editFields(rng: Random, pool: RecordPool, table: RecordTable): Record<string, unknown> {
  const source = structuredClone(pick(rng, pool.fields[table] as Record<string, unknown>[]))
  const keys = sample(rng, Object.keys(source), intBetween(rng, 1, 3))
  return Object.fromEntries(keys.map((key) => [key, source[key]]))
}
