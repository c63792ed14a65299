/** The "Server memory" section of docs/benchmarks.md (server-memory.ts measures it), between MEMORY_SECTION's markers. */
import { MEMORY_SECTION } from './doc-sections'
import type { MemoryLine } from './memory-probe'
import { LOAD_LIMIT_MS, type MemoryResults, type PhaseMemory } from './server-memory'
import { formatMs } from './stats'

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`
const count = (n: number): string => n.toLocaleString('en-US')

const PHASE_LABEL: Record<PhaseMemory['phase'], string> = {
  started: 'started, accounts set up',
  loading: 'loading (pushes)',
  loaded: 'loaded',
  pulling: 'answering pulls',
  pulled: 'pulled',
}

function usage(line: MemoryLine): string {
  return `${mb(line.rss)} | ${mb(line.heapUsed)} | ${mb(line.heapTotal)} | ${mb(line.external)}`
}

export function renderMemorySection(results: MemoryResults): string {
  const m = results.machine
  const rate = results.loaded / (results.loadMs / 1000)
  const phaseRows = results.phases.map(
    (p) =>
      `| ${PHASE_LABEL[p.phase]} | ${formatMs(p.ms)} | ${mb(p.peakRss)} | ${mb(p.peakHeapUsed)} | ${usage(p.end)} |`,
  )
  const checkpointRows = results.checkpoints.map((c) => `| ${c.label} | ${usage(c.before)} | ${usage(c.afterGc)} |`)
  const last = results.checkpoints.at(-1)!
  const first = results.checkpoints[0]!
  const pulling = results.phases.find((p) => p.phase === 'pulling')
  const stopped = results.isStoppedEarly
    ? ` **The loading stopped at its time limit (${LOAD_LIMIT_MS / 60_000} min) after ${count(results.loaded)} of ${count(results.records)} records.**`
    : ''
  const body = `## Server memory

Measured on ${results.date} by \`npm run bench\`, or this part alone by \`npm run bench -- --only memory\` (test/bench/server-memory.ts); it took ${(results.wallMs / 60_000).toFixed(1)} min. ${m.cpu}, ${m.cores} cores; Node ${m.node}.${m.loadAvg ? ` Load average (1 min) ${m.loadAvg.start[0]!.toFixed(2)} at the start, ${m.loadAvg.end[0]!.toFixed(2)} at the end.` : ''} **Shared machine:** the rates below move with what else runs; the memory figures much less.

### How it is measured

- The real server (src/server/main.ts on SQLite, LOG_LEVEL info, started with \`--expose-gc\` and test/bench/memory-probe.ts preloaded; nothing added to the server's code) in a process of its own; the probe writes \`process.memoryUsage()\` every 250 ms, and on a signal forces a garbage collection first, which tells what the server holds on to from garbage not yet collected.
- ${count(results.records)} records asked for, spread over ${results.accounts} accounts (one device each), loaded through the server's real write path: pushes of 500 creates over HTTP (Node's fetch), ${4} accounts pushing at once. The fields come from test/fixtures/generate.ts, 1,000 distinct sets per type reused under new ids (generating a million would cost the bench more than the server); the database's size is still that of ${count(results.loaded)} full records.${stopped}
- Then every account pulls everything back as a fresh phone does (a new device id, cursor 0, pages of 1,000, gzip), 8 accounts at once.

### Figures

Loaded ${count(results.loaded)} records in ${formatMs(results.loadMs)} (${count(Math.round(rate))} a second, through HTTP). Pulled ${count(results.pulled)} back in ${formatMs(results.pullMs)} (${count(results.pullRequests)} requests; p50 ${formatMs(results.pullLatency.p50)}, p99 ${formatMs(results.pullLatency.p99)}, max ${formatMs(results.pullLatency.max)} each). The SQLite files then took ${mb(results.databaseBytes)}.

| Phase | Time | Peak RSS | Peak heap used | RSS at its end | Heap used | Heap total | External |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${phaseRows.join('\n')}

After each phase, 2 s idle, then a forced garbage collection:

| Checkpoint | RSS | Heap used | Heap total | External | RSS after GC | Heap used after GC | Heap total after GC | External after GC |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${checkpointRows.join('\n')}

### Findings

- Holding ${count(results.loaded)} records, the server's live heap (after a forced GC) is ${mb(last.afterGc.heapUsed)}, against ${mb(first.afterGc.heapUsed)} with none: the records live in SQLite, not in the process. RSS after the pulls: ${mb(last.afterGc.rss)} (${mb(first.afterGc.rss)} at the start)${pulling ? `; at its peak while answering pulls ${mb(pulling.peakRss)}` : ''}. RSS also holds SQLite's page cache and memory the allocator keeps after a peak, so it stays above the heap.
`
  return `${MEMORY_SECTION.start}\n${body}${MEMORY_SECTION.end}\n`
}
