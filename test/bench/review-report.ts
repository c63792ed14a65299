/** The "Review (一学一报)" section of docs/benchmarks.md (review-bench.ts measures it), between REVIEW_SECTION's markers. */
import { REVIEW_SECTION } from './doc-sections'
import type { ReviewBenchResults, ReviewCase } from './review-bench'
import { formatMs, summarize } from './stats'

const BASELINE = '/study, first card (baseline)'

function figure(samples: readonly number[]): string {
  const s = summarize(samples)
  return `${formatMs(s.median)} | ${formatMs(s.p95)}`
}

/** The median over the baseline's median in the same rounds. */
function ratio(samples: readonly number[], baseline: readonly number[]): string {
  const r = summarize(samples).median / summarize(baseline).median
  return Number.isFinite(r) ? `${r.toFixed(1)}×` : '—'
}

function rows(c: ReviewCase, hasYear: boolean): string {
  const study = c.study.map((r) => r.cardPaintedAt)
  const line = (label: string, samples: readonly number[]) =>
    `| ${label} | ${c.throttle}× | ${figure(samples)} | ${ratio(samples, study)} | ${samples.length} |`
  return [
    line(
      '/review, first unit row painted',
      c.review.map((r) => r.firstUnitPaintedAt),
    ),
    line(
      '/review, all unit rows painted',
      c.review.map((r) => r.allUnitsPaintedAt),
    ),
    ...(hasYear
      ? [
          line(
            '/units/:id/year, table painted',
            c.year.map((r) => r.tablePaintedAt),
          ),
        ]
      : []),
    line(BASELINE, study),
  ].join('\n')
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`
}

function load(values: readonly number[] | undefined): string {
  return values ? values.map((n) => n.toFixed(2)).join(' ') : '—'
}

export function renderReviewSection(results: ReviewBenchResults): string {
  const { machine, data, yearUnit } = results
  const hasYear = results.hasYearRoute && results.cases.every((c) => c.year.length > 0)
  const review = results.cases.flatMap((c) => c.review)
  const unitsShown = [...new Set(review.map((r) => r.units))].join(', ')
  const queued = [...new Set(review.map((r) => r.queue))].join(', ')
  const totals = [...new Set(results.cases.flatMap((c) => c.year.map((r) => r.totals)))].join(' / ')
  const slow = results.cases.find((c) => c.throttle === results.throttle)
  const slowReview = slow ? summarize(slow.review.map((r) => r.allUnitsPaintedAt)).median : Number.NaN
  const slowYear = slow && hasYear ? summarize(slow.year.map((r) => r.tablePaintedAt)).median : Number.NaN
  const { packets } = data
  // Every row already there before the frame after the first one was produced: the rows came in one render.
  const sameFrame = review.every((r) => r.allUnitsAt < r.firstUnitPaintedAt)
  return `${REVIEW_SECTION.start}
## Review (一学一报)

Measured ${results.date} on ${machine.cpu} (${machine.cores} cores), Chromium ${machine.chromium}; this part took ${(results.wallMs / 60_000).toFixed(1)} min. Load average (1, 5, 15 min) ${load(machine.loadAvg?.start)} at the start, ${load(machine.loadAvg?.end)} at the end, on ${machine.cores} cores. **Shared machine:** other sessions' work may have run meanwhile; the baseline was measured in the same rounds, so the ratios hold better than the times do.

The phone of a reviewer of one 局党委 with **${data.units} units** below it (a 中心组, three 党总支 and their 党支部), holding the 12 months ${data.months[0]} to ${data.months[data.months.length - 1]} (to ${data.today}): **${data.sessions.toLocaleString('en-US')} collective sessions** (2–4 a unit a month, the current month so far) and **${data.steps.toLocaleString('en-US')} packet steps** (${data.stepsByKind.submitted.toLocaleString('en-US')} 报送, ${data.stepsByKind.returned} 退回整改, ${data.stepsByKind.accepted.toLocaleString('en-US')} 通过). Packets by their last step: ${packets.accepted.toLocaleString('en-US')} accepted, ${packets.waiting} waiting, ${packets.returned} returned, ${packets.notSent} never sent; ${packets.late} first sent late, ${packets.resent} sent again after a return. The screen showed ${unitsShown} unit rows and ${queued} packets in its queue.

Median and p95 of ${results.runs} runs per row (${results.warmups} warm-up round first, not counted); with fewer than 20 runs the p95 is the slowest run. Times from the navigation's start; "× baseline": the median over the baseline's median at the same CPU.

| Screen | CPU | median | p95 | × baseline | runs |
| --- | ---: | ---: | ---: | ---: | ---: |
${results.cases.map((c) => rows(c, hasYear)).join('\n')}

${hasYear ? `The unit's year: ${yearUnit.name} (${yearUnit.sessions} sessions, ${yearUnit.steps} steps; the unit with the median number of sessions), this year's table; its totals row (全年, held, on time, late, missing, returned, waiting) read “${totals}”.` : 'The unit’s year was not measured: the build has no `/units/:id/year` route (src/app/router.ts).'} ${sameFrame ? `On /review the first unit row and the last come in the same frame (one render of the whole list), so its two rows of figures are one time; the queue above them comes in that render too, and with ${queued} packets in it the unit rows lie below the first screen at 390×844. ` : ''}JS heap in use on /review at 1×, after a forced GC with every row painted: **${(results.reviewHeap / 2 ** 20).toFixed(1)} MB**. Reading alone (one raw IndexedDB \`getAll\` of a store, no Dexie, no app; median of 3): ${results.reads.map((r) => `at ${r.throttle}× every packet step ${formatMs(r.stepsMs)}, every session ${formatMs(r.sessionsMs)}`).join('; ')}. As JSON the steps weigh ${mb(results.jsonBytes.steps)} (a submission carries the whole session as sent) and the sessions ${mb(results.jsonBytes.sessions)}. Throttling check: a fixed busy loop took ${results.spinRatio.toFixed(1)}× as long at ${results.throttle}× as at 1×${results.spinRatio < results.throttle * 0.75 ? ` (short of ${results.throttle}×: on a busy machine the loop at 1× is slowed too, so the 4× rows are likely less slowed than a real ${results.throttle}× phone would be)` : ''}; the throttling slows the page's main thread, not IndexedDB's own work in the browser process, which is why reading scales less than the busy loop.

What the figures mean: at CPU ${results.throttle}× (a slow phone, roughly) the reviewer sees every unit of the month ${formatMs(slowReview)} after tapping 审核一学一报${hasYear ? `, and a unit's year ${formatMs(slowYear)} after tapping its row` : ''}, on a phone that has already loaded the app (the service worker's precache, the page's chunk from it; not a cold start). The screens compute everything on the phone from IndexedDB each time they open: /review reads every packet step the phone holds and the sessions of the last 400 days, ${hasYear ? 'the unit’s year reads the year’s sessions and visits and the unit’s steps, ' : ''}then the pure functions of src/shared/reporting build the rows. These are one organization's figures on one machine, the app's own data generator's; a reviewer with more units, or more years of steps on the phone, reads more.

**Method:** \`npm run bench -- --only review\` (test/bench/review-bench.ts, review-seed.ts). The organization, its sessions (fields from test/fixtures/generate.ts, then the unit's kind, date and attendance) and their steps are drawn from seed ${results.seed} for the day of the run, and written straight into the app's IndexedDB after the app created it, as a pull would have left them: \`unitId\` on every row, \`receivedAt\` stamped, no outbox; the meta rows 'account' (signed out, so no sync runs while measuring) and 'units' (the organization, reviews: the 局党委). A phone context (390×844 @2×) in headless Chromium, the precache complete, the seeded sessions indexed for search before the first run. Each run opens a new tab on /robots.txt, sets the CPU throttling (\`Emulation.setCPUThrottlingRate\`), navigates, and notes when the condition first holds in the DOM (a MutationObserver) and the time after the following frame (requestAnimationFrame, then a task): the first \`review-unit\`, all ${data.units} of them, the unit-year table's totals row; the baseline is the first \`.record-card\` of /study, as the UI part measures it. Each round opens /review, ${hasYear ? 'the unit’s year, ' : ''}then /study, so that what else the machine does falls on all of them alike.
${REVIEW_SECTION.end}
`
}
