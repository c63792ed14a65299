/**
 * The one speed budget that belongs in npm test: bytes, which are deterministic. The entry is what the first
 * screen loads before anything paints: index.html's module script, its modulepreloads and its stylesheets.
 */
import { execSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, expect, it } from 'vitest'

const ENTRY_GZIP_BUDGET = 150 * 1024
const CHUNK_RAW_LIMIT = 500 * 1024

beforeAll(() => {
  execSync('node scripts/ensure-build.mjs', { stdio: 'inherit' })
}, 120_000)

function entryFiles(): string[] {
  const html = readFileSync('dist/index.html', 'utf8')
  const refs = [...html.matchAll(/<(?:script[^>]+src|link[^>]+href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
  return [...new Set(refs)]
}

it('keeps the entry (JS + CSS of the first screen) under its gzip budget', () => {
  const files = entryFiles()
  expect(files.some((f) => f.endsWith('.js'))).toBe(true)
  const sizes = files.map((file) => ({ file, gzip: gzipSync(readFileSync(join('dist', file)), { level: 9 }).length }))
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0)
  const report = sizes.sort((a, b) => b.gzip - a.gzip).map((s) => `${s.file}: ${(s.gzip / 1024).toFixed(1)} KB`).join(', ')
  expect(total, `entry is ${(total / 1024).toFixed(1)} KB gzip, over ${ENTRY_GZIP_BUDGET / 1024} KB: ${report}`).toBeLessThanOrEqual(ENTRY_GZIP_BUDGET)
})

it('has no chunk over 500 KB raw', () => {
  const assets = readdirSync('dist/assets').map((file) => ({ file, bytes: statSync(join('dist/assets', file)).size }))
  const over = assets.filter((a) => a.bytes > CHUNK_RAW_LIMIT).map((a) => `${a.file} (${(a.bytes / 1024).toFixed(0)} KB)`)
  expect(over, `chunks over 500 KB: ${over.join(', ')}`).toEqual([])
})
