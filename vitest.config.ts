import { defineConfig } from 'vitest/config'

/** The server's tests and the sync engine's, run again against PostgreSQL (scripts/test-postgres.mjs). */
const SERVER_AND_SYNC = ['test/server/**/*.test.ts', 'test/app/sync/**/*.test.ts']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'test/shared/**/*.test.ts',
            'test/app/**/*.test.ts',
            'test/server/**/*.test.ts',
            'test/build/**/*.test.ts',
          ],
          exclude: ['**/*.postgres.test.ts', '**/node_modules/**'],
          environment: 'node',
          setupFiles: ['test/setup/fake-indexeddb.ts'],
          // The engine tests (chaos seeds, 5,000-record pulls) take 1–3 s alone and several times that on a busy
          // 2-core machine; 5 s failed them there. A hung test still fails, 20 s later.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: SERVER_AND_SYNC,
          // These open SQLite files on purpose, or test no storage at all. The randomized convergence tests run on
          // PostgreSQL in their own files, with two server instances (chaos*.postgres.test.ts): one instance again
          // here added a minute and tested less.
          exclude: [
            'test/app/sync/chaos.test.ts',
            'test/app/sync/chaos-units.test.ts',
            'test/server/migrations.test.ts',
            'test/server/admin-cli.test.ts',
            'test/server/protocol-doc.test.ts',
            'test/server/file-blob-store.test.ts',
            'test/app/sync/sync-scheduler.test.ts',
            '**/node_modules/**',
          ],
          environment: 'node',
          setupFiles: ['test/setup/fake-indexeddb.ts'],
          env: { XSJ_TEST_ENGINE: 'postgres' },
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          // One Chromium at a time: the machine has two cores and the tests share one server.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'engines',
          include: ['test/e2e-engines/**/*.engines.test.ts'],
          environment: 'node',
          // One browser engine at a time, after the Chromium suite: two cores, and each file starts its own server.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
