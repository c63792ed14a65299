/**
 * Preloaded into the real server process of the 200-device bench (sync-load.ts starts
 * `node --import tsx --import ./test/bench/server-probe.ts src/server/main.ts`); the server's code is not touched.
 * The first SIGUSR2 starts a window, the second ends it and writes what the process saw meanwhile to
 * XSJ_PROBE_OUT: its own CPU time, its event loop's delay, its own time per request, and, when the file
 * XSJ_PROBE_OUT + '.profile' exists as the window starts (it is then removed), a CPU profile of its main thread
 * (node:inspector, sampled every XSJ_PROBE_INTERVAL_US µs, default 1000) to XSJ_PROBE_OUT + '.cpuprofile'.
 */
import { subscribe } from 'node:diagnostics_channel'
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { Session } from 'node:inspector'
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'

export interface ProbeReport {
  wallMs: number
  cpuUserMs: number
  cpuSystemMs: number
  /** Event loop delay (ms): how late a 10 ms timer fired, i.e. how long the loop was blocked. */
  loopDelay: { p50: number; p99: number; max: number; mean: number }
  /**
   * Inside the server: from the request's headers parsed to its response's last byte handed to the socket (ms),
   * and from a connection accepted to its first request's headers parsed.
   */
  serverSide: { requests: number; p50: number; p99: number; max: number }
  firstRequestAfterConnect: { connections: number; p50: number; p99: number; max: number }
  /** Heap used at the end of the window (MB). */
  heapUsedMb: number
  profile: string | null
}

const out = process.env.XSJ_PROBE_OUT
const intervalUs = Number(process.env.XSJ_PROBE_INTERVAL_US ?? 1000)

interface OpenWindow {
  startedAt: number
  cpu: NodeJS.CpuUsage
  histogram: IntervalHistogram
  session: Session | null
}

let active: OpenWindow | null = null
const started = new WeakMap<IncomingMessage, number>()
const connected = new WeakMap<Socket, number>()
let serverSide: number[] = []
let firstRequest: number[] = []
const trace = process.env.XSJ_PROBE_TRACE === '1'
let traceLines: string[] = []

subscribe('net.server.socket', (message) => {
  if (active) connected.set((message as { socket: Socket }).socket, performance.now())
})
subscribe('http.server.request.start', (message) => {
  if (!active) return
  const { request, socket } = message as { request: IncomingMessage; socket: Socket }
  const now = performance.now()
  started.set(request, now)
  const at = connected.get(socket)
  if (at !== undefined) {
    firstRequest.push(now - at)
    connected.delete(socket)
    if (trace) traceLines.push(`connect,${(at - active.startedAt).toFixed(1)},${(now - at).toFixed(1)}`)
  }
})
subscribe('http.server.response.finish', (message) => {
  const { request } = message as { request: IncomingMessage }
  const at = started.get(request)
  if (at === undefined || !active) return
  const now = performance.now()
  serverSide.push(now - at)
  if (trace) traceLines.push(`${request.url},${(at - active.startedAt).toFixed(1)},${(now - at).toFixed(1)}`)
})

function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = Float64Array.from(samples).sort()
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN
  return { p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] ?? Number.NaN }
}

function post(session: Session, method: string, params: Record<string, unknown> = {}): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  )
}

async function start(): Promise<void> {
  let session: Session | null = null
  if (out && existsSync(`${out}.profile`)) {
    rmSync(`${out}.profile`, { force: true })
    session = new Session()
    session.connect()
    await post(session, 'Profiler.enable')
    await post(session, 'Profiler.setSamplingInterval', { interval: intervalUs })
    await post(session, 'Profiler.start')
  }
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  serverSide = []
  firstRequest = []
  traceLines = []
  active = { startedAt: performance.now(), cpu: process.cpuUsage(), histogram, session }
}

async function stop(current: OpenWindow, file: string): Promise<void> {
  active = null
  const cpu = process.cpuUsage(current.cpu)
  const wallMs = performance.now() - current.startedAt
  current.histogram.disable()
  const h = current.histogram
  const ms = (ns: number): number => ns / 1e6
  let profile: string | null = null
  if (current.session) {
    const result = (await post(current.session, 'Profiler.stop')) as { profile: unknown }
    profile = `${file}.cpuprofile`
    writeFileSync(profile, JSON.stringify(result.profile))
    current.session.disconnect()
  }
  const report: ProbeReport = {
    wallMs,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    loopDelay: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) },
    serverSide: { requests: serverSide.length, ...percentiles(serverSide) },
    firstRequestAfterConnect: { connections: firstRequest.length, ...percentiles(firstRequest) },
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
    profile,
  }
  if (trace) writeFileSync(`${file}.trace.csv`, `path,startMs,ms\n${traceLines.join('\n')}\n`)
  // Aside first, then renamed: whoever waits for the file never reads half of it.
  writeFileSync(`${file}.tmp`, JSON.stringify(report))
  renameSync(`${file}.tmp`, file)
}

if (out) {
  process.on('SIGUSR2', () => {
    const task = active ? stop(active, out) : start()
    task.catch((error: unknown) => writeFileSync(`${out}.error`, String(error)))
  })
}
