/**
 * Preloaded into the real server process of the memory bench (server-memory.ts starts
 * `node --expose-gc --import tsx --import ./test/bench/memory-probe.ts src/server/main.ts`); the server's code is
 * not touched. Every XSJ_MEMORY_INTERVAL_MS (default 250) it appends process.memoryUsage() to XSJ_MEMORY_OUT, one
 * JSON line each; on SIGUSR2 it forces a garbage collection first and marks that line, so the bench can tell the
 * memory the server holds on to from garbage not yet collected.
 */
import { appendFileSync } from 'node:fs'

export interface MemoryLine {
  /** ms since the process started (performance.now()). */
  at: number
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  /** Written right after a forced garbage collection (SIGUSR2). */
  isAfterGc: boolean
}

const out = process.env.XSJ_MEMORY_OUT
const intervalMs = Number(process.env.XSJ_MEMORY_INTERVAL_MS ?? 250)

function write(isAfterGc: boolean): void {
  if (!out) return
  const usage = process.memoryUsage()
  const line: MemoryLine = {
    at: performance.now(),
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    isAfterGc,
  }
  appendFileSync(out, `${JSON.stringify(line)}\n`)
}

if (out) {
  setInterval(() => write(false), intervalMs).unref()
  process.on('SIGUSR2', () => {
    // --expose-gc puts gc() on globalThis; without it the line is still written, only not after a collection.
    const collect = (globalThis as { gc?: () => void }).gc
    collect?.()
    write(collect !== undefined)
  })
}
