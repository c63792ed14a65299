/** The "Photos" section of docs/benchmarks.md (photos.ts measures it), between the markers of PHOTOS_SECTION. */
import { PHOTOS_SECTION } from './doc-sections'
import type { PhotoCase, PhotoPath, PhotoRun, PhotosBenchResults } from './photos'
import { formatMs, summarize } from './stats'

/** The target: no main-thread task longer than this while a 12-MP photo is taken in. */
export const LONGEST_TASK_TARGET_MS = 100
/** The Long Tasks API reports nothing shorter. */
const LONG_TASK_MS = 50

const PATH_LABELS: Record<PhotoPath, string> = {
  worker: 'worker (the app’s default)',
  page: 'main thread (fallback, baseline)',
}

function msFigure(runs: readonly PhotoRun[], of: (run: PhotoRun) => number): string {
  const s = summarize(runs.map(of))
  // A sum of no long tasks is exactly 0, not a measured "0.00 ms".
  const shown = (ms: number) => (ms === 0 ? '0' : formatMs(ms))
  return `${shown(s.median)} (${shown(s.p95)})`
}

/**
 * Below 50 ms the API reports nothing, so a run without long tasks counts as 0: show that as "< 50 ms", not as a
 * time (a median of 0 and 54 would otherwise read "27 ms").
 */
function longestFigure(runs: readonly PhotoRun[]): string {
  const s = summarize(runs.map((r) => r.longestTaskMs))
  const shown = (ms: number) => (ms < LONG_TASK_MS ? `< ${LONG_TASK_MS} ms` : formatMs(ms))
  return `${shown(s.median)} (${shown(s.p95)})`
}

function countFigure(runs: readonly PhotoRun[]): string {
  const s = summarize(runs.map((r) => r.longTasks))
  return `${s.median} (${s.p95})`
}

/** Where the work ran, by what the page did: started a photo worker, loaded the fallback's library, or both. */
function whereItRan(runs: readonly PhotoRun[]): string {
  const count = (test: (run: PhotoRun) => boolean) => runs.filter(test).length
  const parts = [
    [count((r) => r.workersStarted > 0 && !r.isFallbackLoaded), 'in the worker'],
    [count((r) => r.workersStarted === 0 && r.isFallbackLoaded), 'in the page'],
    [count((r) => r.workersStarted > 0 && r.isFallbackLoaded), 'worker failed, then the page'],
    [count((r) => r.workersStarted === 0 && !r.isFallbackLoaded), 'neither seen'],
  ] as const
  return parts
    .filter(([n]) => n > 0)
    .map(([n, where]) => `${n} of ${runs.length} ${where}`)
    .join(', ')
}

function row(c: PhotoCase): string {
  return `| ${PATH_LABELS[c.path]} | ${c.throttle}× | **${longestFigure(c.runs)}** | ${msFigure(c.runs, (r) => r.longTaskSumMs)} | ${countFigure(c.runs)} | ${msFigure(c.runs, (r) => r.toThumbnailMs)} | ${whereItRan(c.runs)} |`
}

function verdict(results: PhotosBenchResults, path: PhotoPath): string {
  return results.cases
    .filter((c) => c.path === path)
    .map((c) => {
      const p95 = summarize(c.runs.map((r) => r.longestTaskMs)).p95
      return `CPU ${c.throttle}× ${p95 <= LONGEST_TASK_TARGET_MS ? 'met' : 'not met'}`
    })
    .join(', ')
}

/** What the worker answered instead of a photo, if it ever did: the figures of its rows are then the fallback's. */
function workerFailures(results: PhotosBenchResults): string {
  const runs = results.cases.filter((c) => c.path === 'worker').flatMap((c) => c.runs)
  const failed = runs.filter((r) => r.workerErrors.length > 0)
  if (failed.length === 0) return ''
  const messages = [...new Set(failed.flatMap((r) => r.workerErrors))].map((m) => `“${m}”`).join(', ')
  return `\n**The worker did not make the photo in ${failed.length} of ${runs.length} runs.** It answered ${messages}, and photo-intake.ts did the work in the page instead (after any error but an unreadable file, for the rest of the page's life): those runs measure the fallback after a round trip to the worker, not the worker.\n`
}

export function renderPhotosSection(results: PhotosBenchResults): string {
  const { machine, photo } = results
  return `${PHOTOS_SECTION.start}
## Photos

Measured ${results.date} on ${machine.cpu} (${machine.cores} cores), Chromium ${machine.chromium}; this part took ${(results.wallMs / 60_000).toFixed(1)} min. Load average (1 min) ${machine.loadAvg?.start[0]?.toFixed(2)} at the start, ${machine.loadAvg?.end[0]?.toFixed(2)} at the end, on ${machine.cores} cores. **Shared machine:** other sessions' tests may have run meanwhile, and a long task is one task's time, so it swings more than a total does; compare the two paths of one run rather than runs of different days.

One ${(photo.width * photo.height) / 1e6}-megapixel photo (${photo.width}×${photo.height} JPEG, ${(photo.bytes / 2 ** 20).toFixed(2)} MB) taken in on ${results.form}: compressed to 1920 px, a 320 px thumbnail made, both hashed and stored, the thumbnail shown. Median (p95) of ${results.runs} runs per row; with fewer than 20 runs the p95 is the slowest run.

| Path | CPU | longest main-thread task | long tasks, summed | long tasks | file given → thumbnail shown | where it ran |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${results.cases.map(row).join('\n')}

Target: no main-thread task over ${LONGEST_TASK_TARGET_MS} ms while a 12-MP photo is taken in (the p95 of the longest task). Worker: ${verdict(results, 'worker')}. Main-thread fallback: ${verdict(results, 'page')}.
${workerFailures(results)}
**Method:** \`npm run bench -- --only photos\` (test/bench/photos.ts). The photo is drawn once in the page (a gradient, 600 shapes and per-pixel grain from a fixed seed, ${photo.seed}, so that it weighs what a phone's photo does) and encoded by Chromium at quality ${photo.quality}, then written to a file that Playwright gives to the form's camera input (\`setInputFiles\` with a path: Chromium reads it from disk, as a picked photo). A phone context (390×844 @2×) in headless Chromium that has loaded the app once and holds its service worker's precache; each run opens the form in a new tab, waits 1 s after it is ready, gives the file, and waits until the thumbnail's image is decoded and the next frame produced; the form's draft is cleared between runs. ${results.warmups} warm-up run per path first (not counted); the two paths take turns, run by run. Long tasks are the Long Tasks API's (main-thread tasks of ${LONG_TASK_MS} ms or more; \`< ${LONG_TASK_MS} ms\`: none), counted when they overlap the time from the input's change event to that frame; "summed" adds their whole durations. The fallback's context deletes \`OffscreenCanvas\` from the page's global before the app loads, so photo-intake.ts does the work in the page with browser-image-compression, as on a browser without it; the worker has its own global. "Where it ran": whether the page started a photo worker and whether it loaded browser-image-compression, which only the fallback imports. CPU throttled with \`Emulation.setCPUThrottlingRate\`, which slows the page's main thread only: Chromium runs a dedicated worker at full speed (and refuses the command on the worker's own session), so at ${results.throttle}× the worker rows' times are those of a slow page beside a fast worker; the main-thread figures are what the throttling is for.
${PHOTOS_SECTION.end}
`
}
