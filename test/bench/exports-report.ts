/** The "Exports" section of docs/benchmarks.md (exports.ts measures it), between the markers of EXPORTS_SECTION. */
import { EXPORTS_SECTION } from './doc-sections'
import type { ExportRun, ExportsBenchResults } from './exports'
import { formatKb, formatMs, summarize } from './stats'

/** The entry before the exports were added (gzip -9, as test/build/bundle-budget.test.ts counts), for comparison. */
const ENTRY_BEFORE_EXPORTS = 126_257

function times(runs: readonly ExportRun[]): string {
  const s = summarize(runs.map((r) => r.ms))
  return `${formatMs(s.median)} (${formatMs(s.min)}–${formatMs(s.max)}, ${s.runs} runs)`
}

export function renderExportsSection(results: ExportsBenchResults): string {
  const { ledger, report, machine } = results
  const size = (runs: readonly ExportRun[]) => formatKb(runs[0]?.bytes ?? Number.NaN)
  return `${EXPORTS_SECTION.start}
## Exports

Measured ${results.date} on ${machine.cpu} (${machine.cores} cores), Chromium ${machine.chromium}, load average ${machine.loadAvg?.start.map((n) => n.toFixed(2)).join(' ')} at the start.

| ${results.records.toLocaleString('en-US')} records (${results.count.toLocaleString('en-US')} of each type) | first after opening the screen | then, median (min–max) | CPU ${results.throttle}×, median (min–max) | file |
| --- | ---: | ---: | ---: | ---: |
| 台账 (.xlsx, 4 sheets) | ${formatMs(ledger.first.ms)} | ${times(ledger.runs)} | ${times(ledger.throttled)} | ${size(ledger.runs)} |
| 年度报告素材 (.docx) | ${formatMs(report.first.ms)} | ${times(report.runs)} | ${times(report.throttled)} | ${size(report.runs)} |

| Chunk, loaded only when used | file | raw | gzip -9 |
| --- | --- | ---: | ---: |
${results.chunks.map((c) => `| ${c.label} | \`${c.file}\` | ${formatKb(c.raw)} | ${formatKb(c.gzip)} |`).join('\n')}

Entry (index.html's scripts and styles, gzip -9): **${results.entryGzip.toLocaleString('en-US')} B** now, ${ENTRY_BEFORE_EXPORTS.toLocaleString('en-US')} B before the exports were added (${results.entryGzip - ENTRY_BEFORE_EXPORTS >= 0 ? '+' : '−'}${Math.abs(results.entryGzip - ENTRY_BEFORE_EXPORTS)} B). The export screen and the print view share one lazy chunk and get the database as a route prop: each lazy chunk that reaches into the first screen's modules makes the bundler cut the entry's shared chunks differently, which cost 0.5–0.8 KB gzip in the first attempts (src/app/router.ts).

Why these libraries: exceljs's browser build is 929 KB raw / 256 KB gzip, over the 500 KB a chunk may weigh (test/build/bundle-budget.test.ts); write-excel-file writes the same SpreadsheetML (real date cells, styles, frozen headings) in a tenth of that. docx (the maintained \`docx\` package) fits as it is.

**Method:** \`npm run bench -- --only exports\` (test/bench/exports.ts). Records from test/fixtures/generate.ts (seed ${results.seed}), dated from 1 January to the day of the run and written straight into the app's IndexedDB; a phone context (390×844 @2×) in headless Chromium, the service worker's precache complete, then offline. Each time is from the tap on the export screen (range 本年) to Playwright's download event: reading the range by the sortKey index, arranging the records, loading the library (the first time: from the precache, then compiling it), writing the file. The file sizes are the downloaded files'. CPU throttled with \`Emulation.setCPUThrottlingRate\` for the third column.
${EXPORTS_SECTION.end}
`
}
