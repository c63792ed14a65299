import { beforeEach, describe, expect, it, vi } from 'vitest'

type Uuidv7 = (now?: number) => string

/** A fresh copy of the module, as on a device that just started: ids keep state between calls. */
async function freshUuidv7(): Promise<Uuidv7> {
  vi.resetModules()
  const module = await import('../../src/shared/ids')
  return module.uuidv7
}

function timestampOf(id: string): number {
  return parseInt(id.replaceAll('-', '').slice(0, 12), 16)
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('uuidv7', () => {
  let uuidv7: Uuidv7
  beforeEach(async () => {
    uuidv7 = await freshUuidv7()
  })

  it('has the version 7 and variant bits of RFC 9562', () => {
    for (let i = 0; i < 100; i++) expect(uuidv7()).toMatch(UUID_V7)
  })

  it('starts with the given time in milliseconds', () => {
    const now = Date.UTC(2026, 10, 22, 9, 30, 15, 123)
    const id = uuidv7(now)
    expect(timestampOf(id)).toBe(now)
    expect(id.slice(0, 13)).toBe(
      `${now.toString(16).padStart(12, '0').slice(0, 8)}-${now.toString(16).padStart(12, '0').slice(8)}`,
    )
  })

  it('uses the current time by default', () => {
    const before = Date.now()
    const at = timestampOf(uuidv7())
    expect(at).toBeGreaterThanOrEqual(before)
    expect(at).toBeLessThanOrEqual(Date.now())
  })

  it('makes 10,000 unique, strictly increasing ids in a tight loop', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7())
    expect(new Set(ids).size).toBe(10_000)
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
  })

  it('keeps increasing past 4096 ids in one millisecond', () => {
    const now = Date.UTC(2026, 0, 1)
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now))
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true)
    // Borrowing from the next milliseconds rather than wrapping keeps the order.
    expect(timestampOf(ids.at(-1)!)).toBeGreaterThan(now)
    expect(timestampOf(ids.at(-1)!)).toBeLessThan(now + 5)
  })

  it('keeps increasing when the clock goes back', () => {
    const now = Date.UTC(2026, 5, 1, 12)
    const first = uuidv7(now)
    const second = uuidv7(now - 60_000)
    expect(second > first).toBe(true)
    expect(timestampOf(second)).toBe(now)
  })

  it('moves on to a later time when the clock does', () => {
    const now = Date.UTC(2026, 5, 1, 12)
    uuidv7(now)
    expect(timestampOf(uuidv7(now + 1000))).toBe(now + 1000)
  })

  it('differs between two devices in the same millisecond', async () => {
    const now = Date.UTC(2026, 5, 1, 12)
    const onFirstDevice = uuidv7(now)
    const onSecondDevice = (await freshUuidv7())(now)
    expect(onSecondDevice).not.toBe(onFirstDevice)
    expect(timestampOf(onSecondDevice)).toBe(timestampOf(onFirstDevice))
  })
})
