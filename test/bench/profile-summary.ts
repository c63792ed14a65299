/**
 * Where a server's main thread spent its time, from V8 CPU profiles (.cpuprofile, as node:inspector writes them):
 * each sample is put in one category by its stack (categoryOfStack: SQLite, Kysely, the pg driver, zod, Hono,
 * @hono/node-server, Node's HTTP server…). Only the main thread is sampled: argon2 and most of gzip run on libuv's
 * worker threads and show here only as the JavaScript that starts them.
 */

export interface ProfileSummary {
  /** Sampled time in all the profiles, idle included (ms). */
  totalMs: number
  /** Time per category, largest first (ms). */
  categories: { category: string; ms: number }[]
  /** The functions with the most self time, for a closer look (ms). */
  topFunctions: { name: string; ms: number }[]
}

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export const IDLE = 'idle (waiting for I/O)'

/** A frame in a library or in the app: what the work was done for. */
function libraryOf(url: string, belowNative: boolean): string | null {
  if (url.includes('better-sqlite3')) return 'SQLite (better-sqlite3)'
  if (url.includes('/kysely/') && url.includes('sqlite-driver') && belowNative) return 'SQLite (better-sqlite3)'
  if (/\/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pgpass|pg-connection-string)\//.test(url))
    return 'PostgreSQL client (pg, its socket I/O included)'
  if (url.includes('/kysely/')) return 'Kysely (building and compiling queries)'
  if (url.includes('@node-rs/argon2')) return 'argon2'
  if (url.includes('/zod/')) return 'zod (request validation)'
  if (url.includes('@hono/node-server')) return '@hono/node-server (Node request → fetch Request and back, web streams)'
  if (url.includes('/hono/')) return 'Hono (routing, middleware, c.json)'
  if (url.includes('/src/server/logger')) return 'request log lines'
  if (url.includes('/src/server/')) return 'server code (src/server)'
  if (url.includes('/src/shared/')) return 'shared code (merge, ids)'
  if (url.includes('/node_modules/')) return 'other libraries'
  return null
}

/**
 * The category of a sample, from its stack (sampled function first). Node's own code (node:…) is charged to the
 * nearest library or app frame above it (the pg driver's socket writes to pg, a web stream @hono/node-server made
 * to it), except zlib, which is gzip wherever it is; Node code with nothing above it is the HTTP server itself.
 */
function categoryOfStack(frames: readonly CallFrame[]): string {
  const leaf = frames[0]!
  if (leaf.functionName === '(idle)') return IDLE
  if (leaf.functionName === '(garbage collector)') return 'garbage collection'
  if (leaf.functionName === '(program)') return 'V8 and native, unattributed'
  if (leaf.url === '' && (leaf.functionName === 'stringify' || leaf.functionName === 'parse'))
    return 'JSON parse and stringify'
  let belowNative = false
  for (const frame of frames) {
    if (frame.url.includes('zlib') || frame.url.includes('webstreams/compression')) return 'gzip (main-thread part)'
    const library = libraryOf(frame.url, belowNative)
    if (library) return library
    if (frame.url === '') belowNative = true
  }
  return 'Node HTTP server (parsing, sockets, timers)'
}

function parentsOf(nodes: readonly ProfileNode[]): Map<number, number> {
  const parent = new Map<number, number>()
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  return parent
}

export function summarizeProfile(texts: readonly string[]): ProfileSummary {
  const categories = new Map<string, number>()
  const functions = new Map<string, number>()
  let totalMs = 0
  for (const text of texts) {
    const profile = JSON.parse(text) as CpuProfile
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const parent = parentsOf(profile.nodes)
    const categoryOfNode = new Map<number, string>()
    const categorize = (id: number): string => {
      const cached = categoryOfNode.get(id)
      if (cached !== undefined) return cached
      const frames: CallFrame[] = []
      for (let current: number | undefined = id; current !== undefined; current = parent.get(current))
        frames.push(byId.get(current)!.callFrame)
      const category = categoryOfStack(frames)
      categoryOfNode.set(id, category)
      return category
    }
    profile.samples.forEach((id, i) => {
      // timeDeltas[i] is the time before sample i; the sample stands for the interval after it.
      const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000
      totalMs += ms
      const category = categorize(id)
      categories.set(category, (categories.get(category) ?? 0) + ms)
      const frame = byId.get(id)!.callFrame
      const file = frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/(src|test)\//, '$1/')
      const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`
      functions.set(name, (functions.get(name) ?? 0) + ms)
    })
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1])
  return {
    totalMs,
    categories: sorted(categories).map(([category, ms]) => ({ category, ms })),
    topFunctions: sorted(functions)
      .slice(0, 25)
      .map(([name, ms]) => ({ name, ms })),
  }
}
