/**
 * What the repository's writes need of the record definitions: their field lists and their validation, built from
 * the zod schemas of src/shared/records. Loaded on the first write (repository.ts, recordRules), not with the
 * database: reading lists needs none of it, and the schemas are the costliest part of the app shell to build.
 */
export { fieldsOf } from '../../shared/records'
export { validateRecord } from '../../shared/validation'
