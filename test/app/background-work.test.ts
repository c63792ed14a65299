import { describe, expect, it } from 'vitest'
import { backgroundWorkMayGoOn, holdBackgroundWork } from '../../src/app/background-work'
import { idleSlicer } from '../../src/app/search/idle'

/** Whether the promise has settled after the tasks queued so far have run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  void promise.then(() => (settled = true))
  await new Promise((resolve) => setTimeout(resolve, 5))
  return settled
}

describe('background work held back while a pull runs', () => {
  it('goes on at once when nothing holds it', async () => {
    expect(await isSettled(backgroundWorkMayGoOn(60_000))).toBe(true)
  })

  it('waits for the last of two holds, and a second release of the same hold does not end the other', async () => {
    const releaseA = holdBackgroundWork()
    const releaseB = holdBackgroundWork()
    const waiting = backgroundWorkMayGoOn(60_000)
    releaseA()
    releaseA()
    expect(await isSettled(waiting)).toBe(false)
    releaseB()
    expect(await isSettled(waiting)).toBe(true)
    expect(await isSettled(backgroundWorkMayGoOn(60_000))).toBe(true)
  })

  it('goes on after the longest wait even if a hold is never released', async () => {
    const release = holdBackgroundWork()
    try {
      const waiting = backgroundWorkMayGoOn(30)
      expect(await isSettled(waiting)).toBe(false)
      await new Promise((resolve) => setTimeout(resolve, 40))
      expect(await isSettled(waiting)).toBe(true)
    } finally {
      release()
    }
  })

  it("makes the search index's slicer wait at its next pause until the pull ends", async () => {
    const slicer = idleSlicer(10)
    const release = holdBackgroundWork()
    const paused = slicer.pause()
    expect(await isSettled(paused)).toBe(false)
    release()
    expect(await isSettled(paused)).toBe(true)
  })
})
