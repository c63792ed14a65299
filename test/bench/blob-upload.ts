/**
 * Photo upload throughput on loopback: the real server (src/server/main.ts, SQLite, LOG_LEVEL info, its photos in
 * a fresh DATA_DIR/blobs) in a process of its own on a free port, and this process uploading photos to it over
 * HTTP in 256 KB chunks (PUT /api/blobs/:hash with Content-Range), as the app will. Reports MB/s and each chunk's
 * time from the call to its answer read (p50, p99), for one uploader and for several at once; then reads every
 * photo back and checks its bytes.
 *
 *   npx tsx test/bench/blob-upload.ts [--megabytes 20] [--photo-kb 1024] [--concurrency 1,4] [--rounds 3]
 *
 * Not part of npm test. Loopback has no latency or loss, so this measures the server's cost per byte (hashing,
 * writing and syncing each chunk, renaming, assembling), not a phone's network.
 */
import type { ChildProcess } from 'node:child_process'
import { createHash, getRandomValues } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { SignInResponse } from '../../src/shared/accounts'
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachments'
import { blobPath, formatContentRange } from '../../src/shared/sync/blob-protocol'
import { staticDir } from '../server/harness'
import { spawnServer, stopServer as stopServerProcess } from './server-process'

const { values } = parseArgs({
  options: {
    megabytes: { type: 'string', default: '20' },
    'photo-kb': { type: 'string', default: '1024' },
    concurrency: { type: 'string', default: '1,4' },
    rounds: { type: 'string', default: '3' },
  },
})
const TOTAL_BYTES = Number(values.megabytes) * 1024 * 1024
const PHOTO_BYTES = Number(values['photo-kb']) * 1024
const CONCURRENCIES = values.concurrency.split(',').map(Number)
const ROUNDS = Number(values.rounds)

interface Server {
  child: ChildProcess
  origin: string
  dataDir: string
}

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xsj-blob-bench-'))
  const env = { DATA_DIR: dataDir, STATIC_DIR: staticDir(), DATABASE_URL: '', BLOB_DIR: join(dataDir, 'blobs') }
  return { ...(await spawnServer({ env, logFile: join(dataDir, 'server.log') })), dataDir }
}

async function stopServer(server: Server): Promise<void> {
  await stopServerProcess(server.child)
  rmSync(server.dataDir, { recursive: true, force: true })
}

function photo(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  for (let offset = 0; offset < size; offset += 65536)
    getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65536)))
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return bytes
}

/** Uploads one photo chunk by chunk; pushes each chunk's milliseconds into `times`. */
async function upload(origin: string, token: string, bytes: Uint8Array<ArrayBuffer>, times: number[]): Promise<void> {
  const hash = createHash('sha256').update(bytes).digest('hex')
  for (let start = 0; start < bytes.byteLength; start += UPLOAD_CHUNK_BYTES) {
    const end = Math.min(bytes.byteLength, start + UPLOAD_CHUNK_BYTES)
    const t0 = performance.now()
    const response = await fetch(`${origin}${blobPath(hash)}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'image/jpeg',
        'content-range': formatContentRange({ start, end: end - 1, total: bytes.byteLength }),
      },
      body: bytes.subarray(start, end),
    })
    const answer = (await response.json()) as { received?: number; error?: string }
    times.push(performance.now() - t0)
    if (response.status !== (end === bytes.byteLength ? 200 : 202) || answer.received !== end)
      throw new Error(`chunk ${start}: ${response.status} ${JSON.stringify(answer)}`)
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
}

async function round(
  server: Server,
  token: string,
  concurrency: number,
): Promise<{ mbPerSecond: number; times: number[]; photos: Uint8Array<ArrayBuffer>[] }> {
  const photos = Array.from({ length: Math.round(TOTAL_BYTES / PHOTO_BYTES) }, () => photo(PHOTO_BYTES))
  const times: number[] = []
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < photos.length) await upload(server.origin, token, photos[next++]!, times)
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  return { mbPerSecond: (photos.length * PHOTO_BYTES) / 1024 / 1024 / seconds, times, photos }
}

async function checkDownloads(server: Server, token: string, photos: readonly Uint8Array[]): Promise<number> {
  const t0 = performance.now()
  for (const bytes of photos) {
    const hash = createHash('sha256').update(bytes).digest('hex')
    const response = await fetch(`${server.origin}${blobPath(hash)}`, { headers: { authorization: `Bearer ${token}` } })
    const got = new Uint8Array(await response.arrayBuffer())
    if (response.status !== 200 || !Buffer.from(got).equals(Buffer.from(bytes)))
      throw new Error(`photo ${hash} did not come back as sent`)
  }
  return (photos.length * PHOTO_BYTES) / 1024 / 1024 / ((performance.now() - t0) / 1000)
}

const server = await startServer()
try {
  const setup = await fetch(`${server.origin}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', password: 'a password of enough length' }),
  })
  const { token } = (await setup.json()) as SignInResponse
  // Warm-up: the server's first requests compile its code paths.
  await round(server, token, 1)
  console.log(
    `${(TOTAL_BYTES / 1024 / 1024).toFixed(0)} MB per round as ${Math.round(TOTAL_BYTES / PHOTO_BYTES)} photos of ${PHOTO_BYTES / 1024} KB, chunks of ${UPLOAD_CHUNK_BYTES / 1024} KB, ${ROUNDS} rounds each; loopback, SQLite, ${process.platform} ${process.version}`,
  )
  for (const concurrency of CONCURRENCIES) {
    const rates: number[] = []
    const times: number[] = []
    let lastPhotos: Uint8Array<ArrayBuffer>[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const result = await round(server, token, concurrency)
      rates.push(result.mbPerSecond)
      times.push(...result.times)
      lastPhotos = result.photos
    }
    times.sort((a, b) => a - b)
    rates.sort((a, b) => a - b)
    const downloadRate = await checkDownloads(server, token, lastPhotos)
    console.log(
      `${concurrency} uploader${concurrency === 1 ? '' : 's'}: ${rates[rates.length >> 1]!.toFixed(1)} MB/s median (${rates.map((r) => r.toFixed(1)).join(', ')}); ` +
        `per chunk p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms over ${times.length} chunks; ` +
        `read back ${downloadRate.toFixed(0)} MB/s, bytes identical`,
    )
  }
} finally {
  await stopServer(server)
}
