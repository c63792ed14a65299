/**
 * `tsx test/bench/start-ab.ts --dist A,B [--paths /notes,/] [--runs 7] [--count 10000]`: compares warm offline
 * starts (CPU 4×, to the first card painted) of two or more builds on one busy machine. Each build gets its own
 * server (its own origin: service worker and database of its own, seeded alike) and the runs alternate between
 * the builds, so a change in the machine's load falls on all of them instead of on whichever ran last.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { localDate } from '../../src/shared/dates'
import { serveBuild, type TestServer } from '../e2e/support/server'
import { launchBrowser, newBenchContext, serviceWorkerReady } from './browser'
import { installProbes } from './probes'
import { seedRecords, waitForAppDatabase } from './seed'
import { installServiceWorker, keepStartScreens, warmOfflineStart } from './start-times'

const { values } = parseArgs({
  options: { dist: { type: 'string' }, paths: { type: 'string' }, runs: { type: 'string' }, count: { type: 'string' } },
})
const dists = (values.dist ?? 'dist').split(',')
const paths = (values.paths ?? '/notes,/').split(',')
const runs = Number(values.runs ?? 7)
const count = Number(values.count ?? 10_000)
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const servers: TestServer[] = []
const browser = await launchBrowser()
try {
  const context = await newBenchContext(browser)
  await context.addInitScript(installProbes)
  for (const dist of dists) {
    const server = await serveBuild(dist, version)
    servers.push(server)
    const page = await context.newPage()
    await page.goto(`${server.origin}/`)
    const dbVersion = await waitForAppDatabase(page, 'xuesijian')
    await page.evaluate(serviceWorkerReady, 30_000)
    await page.goto(`${server.origin}/robots.txt`)
    await seedRecords(page, {
      dbName: 'xuesijian',
      dbVersion,
      count,
      batchSize: 2000,
      seed: 20_261_122,
      endDate: localDate(),
    })
    await page.close()
    if (!(await installServiceWorker(context, server.origin))) throw new Error(`no service worker for ${dist}`)
    // A build that keeps its first screens (src/app/first-screen.ts) starts with them, as after a day of use.
    if (readFileSync(`${dist}/index.html`, 'utf8').includes('first-screen.js'))
      await keepStartScreens(context, server.origin, paths)
  }
  const times = new Map<string, number[]>()
  const loads: number[] = []
  for (let run = 0; run <= runs; run++) {
    loads.push(os.loadavg()[0]!)
    for (const path of paths) {
      for (const [i, server] of servers.entries()) {
        const start = await warmOfflineStart({ context, origin: server.origin, throttle: 4, path })
        if (!start.isControlled) throw new Error('not served by the service worker')
        // Run 0 warms each build up, as the bench does.
        if (run > 0)
          times.set(`${dists[i]} ${path}`, [...(times.get(`${dists[i]} ${path}`) ?? []), start.cardPaintedAt])
        if (run > 0 && start.keptPaintedAt !== null)
          times.set(`${dists[i]} ${path} kept`, [...(times.get(`${dists[i]} ${path} kept`) ?? []), start.keptPaintedAt])
      }
    }
  }
  for (const [key, values] of times)
    console.log(`${key}: median ${Math.round(median(values))} ms (runs ${values.map(Math.round).join(' ')})`)
  console.log(`load average (1 min) during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`)
} finally {
  await browser.close()
  for (const server of servers) await server.close()
}
