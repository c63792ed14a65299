/**
 * Work that must not freeze the screen, done in short slices: `tick()` returns at once while the slice has time
 * left, and otherwise waits for the browser's next idle period (requestIdleCallback; a timer where there is none,
 * as in Safari and in Node), so a tap or a scroll always comes first.
 */

import { backgroundWorkMayGoOn } from '../background-work'

/** About one frame at 60 Hz less room for the browser's own work. */
const SLICE_MS = 12

export interface Slicer {
  /** Call often inside a long loop. */
  tick(): Promise<void>
  /** Always yields (between transactions of one job, say). */
  pause(): Promise<void>
}

interface IdleWindow {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number
}

export function nextIdle(timeoutMs: number): Promise<void> {
  const scope = globalThis as unknown as IdleWindow
  return new Promise((resolve) => {
    if (typeof scope.requestIdleCallback === 'function')
      scope.requestIdleCallback(() => resolve(), { timeout: timeoutMs })
    else setTimeout(resolve, 0)
  })
}

/** The longest a slice waits for a pull to end (background-work.ts): a pull of 30,000 takes about 20 s at CPU 4×. */
const MAX_HELD_MS = 60_000

/**
 * A slicer that yields to idle periods, waiting at most `timeoutMs` for one; while a pull fills the phone, it waits
 * for the pull to end first (background-work.ts).
 */
export function idleSlicer(timeoutMs = 1000): Slicer {
  let sliceStart = performance.now()
  const pause = async (): Promise<void> => {
    await backgroundWorkMayGoOn(MAX_HELD_MS)
    await nextIdle(timeoutMs)
    sliceStart = performance.now()
  }
  return {
    tick: async () => {
      if (performance.now() - sliceStart > SLICE_MS) await pause()
    },
    pause,
  }
}
