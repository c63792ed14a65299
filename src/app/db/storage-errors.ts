/** Turns a failed IndexedDB write into what the person needs to know; the form keeps its input either way. */
export type StorageFailure = 'quota' | 'unavailable' | 'unknown'

export function storageFailureOf(error: unknown): StorageFailure {
  const names: string[] = []
  let current: unknown = error
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { name, inner } = current as { name?: unknown; inner?: unknown }
    if (typeof name === 'string') names.push(name)
    current = inner
  }
  if (names.includes('QuotaExceededError')) return 'quota'
  if (
    names.some((n) =>
      ['DatabaseClosedError', 'MissingAPIError', 'InvalidStateError', 'UnknownError', 'OpenFailedError'].includes(n),
    )
  )
    return 'unavailable'
  return 'unknown'
}
