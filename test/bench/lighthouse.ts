/**
 * Lighthouse's mobile preset (its default: a Moto G Power-sized screen, simulated slow 4G and 4× CPU) on a page
 * of the real server, performance and accessibility. Run through Lighthouse's own CLI in a child process: the
 * package declares Node ≥ 22 and this machine has Node 20, so a failure stays a reported reason instead of
 * taking the bench down. It drives the system Chromium, headless, with the flags that keep it off the network
 * (toolchain.md); error reporting to Google stays off. Each run is a fresh Chromium profile: no service worker,
 * no cache, an empty database, so the list pages show their empty state.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser'

export interface LighthouseRun {
  path: string
  performance: number
  accessibility: number
  /** Lighthouse's simulated metrics, ms (CLS unitless). */
  metrics: { fcp: number; lcp: number; tbt: number; cls: number; speedIndex: number }
  /** Lighthouse's own warnings, e.g. that the machine's CPU is slower than it expects. */
  warnings: string[]
  /** Accessibility audits that failed, with the elements they name (Lighthouse's selectors, at most three). */
  failedAccessibility: { id: string; path: string; nodes: string[] }[]
}

export type LighthouseResult = { version: string; runs: LighthouseRun[] } | { failed: string }

interface Audit {
  score: number | null
  numericValue?: number
  scoreDisplayMode?: string
  details?: { items?: { node?: { selector?: string } }[] }
}

interface Report {
  lighthouseVersion: string
  runWarnings: string[]
  runtimeError?: { code: string; message: string }
  categories: Record<string, { score: number | null; auditRefs: { id: string }[] }>
  audits: Record<string, Audit>
}

const CLI = resolve('node_modules/lighthouse/cli/index.js')

function runCli(url: string, outPath: string): Promise<void> {
  const args = [
    CLI,
    url,
    '--only-categories=performance,accessibility',
    '--output=json',
    `--output-path=${outPath}`,
    '--quiet',
    '--no-enable-error-reporting',
    `--chrome-flags=${['--headless=new', ...CHROMIUM_ARGS].join(' ')}`,
  ]
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, timeout: 300_000 },
      (error, _stdout, stderr) => {
        if (error) fail(new Error(`lighthouse exited (${error.message.split('\n')[0]}): ${stderr.slice(-500)}`))
        else done()
      },
    )
  })
}

function numeric(report: Report, id: string): number {
  return report.audits[id]?.numericValue ?? Number.NaN
}

async function onePage(
  origin: string,
  path: string,
  dir: string,
  index: number,
): Promise<{ version: string; run: LighthouseRun }> {
  const out = join(dir, `lh-${index}.json`)
  await runCli(`${origin}${path}`, out)
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report
  if (report.runtimeError) throw new Error(`lighthouse: ${report.runtimeError.code} ${report.runtimeError.message}`)
  const score = (id: string): number => (report.categories[id]?.score ?? Number.NaN) * 100
  const failedAccessibility = (report.categories.accessibility?.auditRefs ?? [])
    .filter((ref) => {
      const a = report.audits[ref.id]
      return a !== undefined && a.scoreDisplayMode === 'binary' && a.score === 0
    })
    .map((ref) => ({
      id: ref.id,
      path,
      nodes: (report.audits[ref.id]?.details?.items ?? [])
        .map((item) => item.node?.selector)
        .filter((s): s is string => typeof s === 'string')
        .slice(0, 3),
    }))
  return {
    version: report.lighthouseVersion,
    run: {
      path,
      performance: score('performance'),
      accessibility: score('accessibility'),
      metrics: {
        fcp: numeric(report, 'first-contentful-paint'),
        lcp: numeric(report, 'largest-contentful-paint'),
        tbt: numeric(report, 'total-blocking-time'),
        cls: numeric(report, 'cumulative-layout-shift'),
        speedIndex: numeric(report, 'speed-index'),
      },
      warnings: report.runWarnings,
      failedAccessibility,
    },
  }
}

/** `runs` Lighthouse runs of each path, one at a time; the first failure ends it and becomes the result. */
export async function lighthouseFigures(
  origin: string,
  paths: readonly string[],
  runs: number,
  log: (line: string) => void,
): Promise<LighthouseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'xsj-lighthouse-'))
  try {
    const results: LighthouseRun[] = []
    let version = '?'
    for (const path of paths) {
      for (let i = 0; i < runs; i++) {
        const { version: v, run } = await onePage(origin, path, dir, results.length)
        version = v
        results.push(run)
        log(
          `  lighthouse ${path}: run ${i + 1}/${runs}: performance ${run.performance.toFixed(0)}, accessibility ${run.accessibility.toFixed(0)}`,
        )
      }
    }
    return { version, runs: results }
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
