/**
 * The sync bench: Node devices against the in-process server, the server alone, then the app in Chromium. Needs
 * fake-indexeddb installed before Dexie is first loaded (run.ts imports 'fake-indexeddb/auto' first).
 */
import os from 'node:os'
import { localDate } from '../../src/shared/dates'
import { describeMachine, reportDate } from './report'
import { browserSyncFigures } from './sync-browser'
import { nodeSyncFigures } from './sync-node'
import type { SyncOptions, SyncResults } from './sync-report'
import { serverFigures } from './sync-server'

export interface SyncBenchOptions extends SyncOptions {
  distDir: string
  version: string
  log: (line: string) => void
  profileDir?: string
}

export async function runSyncBench(options: SyncBenchOptions): Promise<SyncResults> {
  const started = performance.now()
  const loadAtStart = os.loadavg()
  const { distDir, version, log, profileDir, ...settings } = options
  const common = { seed: settings.seed, endDate: localDate(), log }
  log(`sync: Node, push ${settings.pushCount} and pull ${3 * settings.pullPerType}, ${settings.runs} runs`)
  const node = await nodeSyncFigures({ ...common, pushCount: settings.pushCount, pullPerType: settings.pullPerType, runs: settings.runs })
  log(`sync: server, ${settings.serverMutations} mutations per run, ${settings.serverRuns} runs`)
  const server = await serverFigures({ ...common, mutations: settings.serverMutations, runs: settings.serverRuns })
  log('sync: Chromium')
  const browser = await browserSyncFigures({
    ...common, distDir, version, profileDir, pushCount: settings.pushCount, pullPerType: settings.pullPerType, runs: settings.runs,
    throttle: settings.throttle, throttledRuns: settings.throttledRuns,
  })
  return { date: reportDate(), machine: describeMachine(browser.chromium, loadAtStart), options: settings, node, browser, server, wallMs: performance.now() - started }
}
