import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/shared/**/*.test.ts', 'test/app/**/*.test.ts', 'test/server/**/*.test.ts', 'test/build/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup/fake-indexeddb.ts'],
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
    ],
  },
})
