/** The Search section of docs/benchmarks.md (search-bench.ts), this build beside the baseline build when there is one. */
import type { QueryRun } from './measure'
import type { BuildRuns, FirstQueryRun, PassRun, SearchBench } from './search-bench'
import { formatKb, formatMs, mean, summarize } from './stats'

/** Issue 16's targets, at 30,000 records and CPU 4×. */
export const FIRST_QUERY_TARGET_MS = 300
export const INDEX_HEAP_TARGET_MB = 20
/** The earlier target for a query once the index is there, p95 at CPU 1×. */
export const QUERY_P95_MS = 50

interface Row {
  figure: string
  now: string
  before: string
  runs: string
  note: string
}

function medianP95(samples: readonly number[]): string {
  const s = summarize(samples.filter((x) => Number.isFinite(x)))
  return s.runs === 0 ? '—' : `${formatMs(s.median)} / ${formatMs(s.p95)}`
}

function mb(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MB` : '—'
}

function row(
  figure: string,
  pick: (runs: FirstQueryRun[]) => number[],
  now: FirstQueryRun[],
  before: FirstQueryRun[] | null,
  note: string,
): Row {
  return {
    figure,
    now: medianP95(pick(now)),
    before: before ? medianP95(pick(before)) : '—',
    runs: String(now.length),
    note,
  }
}

/** The index's share of the heap: /search after its queries, less 首页, both after a forced GC. */
function indexHeap(build: BuildRuns): number {
  return mean(build.plain.map((r) => r.heapUsed)) - mean(build.homeHeap)
}

function passRows(label: string, pass: PassRun, query: string): Row[] {
  return [
    {
      figure: `index pass over every record, ${label}`,
      now: formatMs(pass.completeAt),
      before: '—',
      runs: '1',
      note: 'the stored index emptied (as after this update), /search opened: navigation start → searchState.pass null (the pass starts in the first quiet moment 2 s after start)',
    },
    {
      figure: `first query before the pass, ${label}: first card painted`,
      now: pass.first ? formatMs(pass.first.cardPaintedAt) : '—',
      before: '—',
      runs: '1',
      note: `the same page, “${query}” typed at once: read from the records past the pass, a chunk at a time`,
    },
    {
      figure: `… the whole answer, ${label}`,
      now: pass.answerCompleteAt === null ? '—' : formatMs(pass.answerCompleteAt),
      before: '—',
      runs: '1',
      note: 'input event → the 正在查找其余 line gone: every record read',
    },
  ]
}

export function renderSearchSection(bench: SearchBench): string {
  const { now, before, queries } = bench
  const t = `CPU ${bench.throttle}×`
  const rows: Row[] = []
  for (const [label, key] of [
    ['CPU 1×', 'plain'],
    [t, 'throttled'],
  ] as const) {
    const mine = now[key]
    const theirs = before ? before[key] : null
    rows.push(
      row(
        `first query “${queries[0]}”, typed as 搜索 opens → first card painted (${label})`,
        (r) => r.map((x) => x.first.cardPaintedAt),
        mine,
        theirs,
        'a fresh start; input event → first result card painted: the answer on screen',
      ),
      row(
        `… → count painted (${label})`,
        (r) => r.map((x) => x.first.countPaintedAt),
        mine,
        theirs,
        `input event → \`search-count\` (“${mine[0]?.first.countText ?? '?'}”) painted`,
      ),
      row(
        `opening 搜索 → first query's count painted (${label})`,
        (r) => r.map((x) => x.openToCountPainted),
        mine,
        theirs,
        'navigation start → search box painted, then the query typed at once, → count painted',
      ),
    )
    const laterQueries = [queries[0]!, ...queries.slice(1)]
    laterQueries.forEach((query, i) => {
      const pick = (r: FirstQueryRun[]) => r.map((x) => x.later[i]!).filter(Boolean) as QueryRun[]
      rows.push(
        {
          figure: `then “${query}” → count painted (${label})`,
          now: medianP95(pick(mine).map((q) => q.countPaintedAt)),
          before: theirs ? medianP95(pick(theirs).map((q) => q.countPaintedAt)) : '—',
          runs: String(mine.length),
          note: `the same page, box emptied first; “${pick(mine)[0]?.countText ?? '?'}”`,
        },
        {
          figure: `then “${query}” → first card painted (${label})`,
          now: medianP95(pick(mine).map((q) => q.cardPaintedAt)),
          before: theirs ? medianP95(pick(theirs).map((q) => q.cardPaintedAt)) : '—',
          runs: String(mine.length),
          note: 'input event → first result card painted',
        },
      )
    })
  }
  rows.push(
    {
      figure: 'JS heap, /search after the queries',
      now: mb(mean(now.plain.map((r) => r.heapUsed))),
      before: before ? mb(mean(before.plain.map((r) => r.heapUsed))) : '—',
      runs: String(now.plain.length),
      note: 'Runtime.getHeapUsage after a forced GC, CPU 1× runs, mean',
    },
    {
      figure: 'JS heap, 首页',
      now: mb(mean(now.homeHeap)),
      before: before ? mb(mean(before.homeHeap)) : '—',
      runs: String(now.homeHeap.length),
      note: 'the same on 首页, each build its own',
    },
    {
      figure: 'heap for search (the difference)',
      now: mb(indexHeap(now)),
      before: before ? mb(indexHeap(before)) : '—',
      runs: '—',
      note: "/search less 首页: the index and the search screen's code and cards",
    },
    ...passRows('CPU 1×', bench.pass.plain, queries[0]!),
    ...passRows(t, bench.pass.throttled, queries[0]!),
    {
      figure: 'stored index: posting lists',
      now: `${formatKb(bench.index.postings)} in ${bench.index.lists} lists`,
      before: '—',
      runs: '1',
      note: "bytes of the lists in IndexedDB (searchPostings), without IndexedDB's own overhead",
    },
    {
      figure: 'stored index: per-ordinal blocks',
      now: formatKb(bench.index.blocks),
      before: '—',
      runs: '1',
      note: 'the keys (2 bytes a character) and the typed arrays of per-ordinal facts (searchBlocks, SEARCH_FORMAT 2)',
    },
  )
  const lines = [
    '| Figure | Now: median / p95 | Before: median / p95 | Runs | What it measures |',
    '| --- | ---: | ---: | ---: | --- |',
  ]
  for (const r of rows) lines.push(`| ${r.figure} | ${r.now} | ${r.before} | ${r.runs} | ${r.note} |`)
  return `## Search

${bench.count.toLocaleString('en-US')} records of each type (${(3 * bench.count).toLocaleString('en-US')} in all), seeded as above. ${before ? `**Before** is the build in \`${before.dist}\` (the commit before the stored index), served on its own origin and seeded alike, measured in the same run, its runs alternating with this build's.` : 'No baseline build was given (`--search-baseline DIR`): the Before column is empty.'} Each run is a fresh start: a new tab on /search, the query typed (one \`input\` event) the moment the search box is painted, then the same query again and the next ones. 1 warm-up run per build, then ${now.plain.length} runs at CPU 1× and ${now.throttled.length} at ${t}. p95 is nearest-rank (the slowest run with fewer than 20).

${lines.join('\n')}
`
}

export function searchVerdicts(bench: SearchBench): string[] {
  const { now, before } = bench
  const t = `CPU ${bench.throttle}×`
  const first = summarize(now.throttled.map((r) => r.first.cardPaintedAt))
  const old = before ? summarize(before.throttled.map((r) => r.first.cardPaintedAt)) : null
  const heap = indexHeap(now) / 2 ** 20
  const lines = [
    `- First query typed as 搜索 opens, ${(3 * bench.count).toLocaleString('en-US')} records, ${t}, to its answer on screen: median ${formatMs(first.median)}, p95 ${formatMs(first.p95)}: ${first.p95 <= FIRST_QUERY_TARGET_MS ? '**meets**' : first.median <= FIRST_QUERY_TARGET_MS ? '**meets** at the median, not at p95,' : '**misses**'} the ≤ ${FIRST_QUERY_TARGET_MS} ms target${old ? ` (before: median ${formatMs(old.median)}, p95 ${formatMs(old.p95)})` : ''}.`,
    `- Heap for search (/search less 首页): ${heap.toFixed(1)} MB, ${heap <= INDEX_HEAP_TARGET_MB ? '**meets**' : '**misses**'} the ≤ ${INDEX_HEAP_TARGET_MB} MB target${before ? ` (before: ${(indexHeap(before) / 2 ** 20).toFixed(1)} MB)` : ''}.`,
  ]
  bench.queries.forEach((query, i) => {
    const s = summarize(now.plain.map((r) => r.later[i]?.countPaintedAt ?? Number.NaN).filter(Number.isFinite))
    lines.push(
      `- “${query}” once 搜索 is open, CPU 1×, input → count painted: p95 ${formatMs(s.p95)}, ${s.p95 <= QUERY_P95_MS ? '**meets**' : '**misses**'} the ≤ ${QUERY_P95_MS} ms p95 target.`,
    )
  })
  return lines
}
