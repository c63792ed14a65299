/**
 * SIGTERM to the real server process, started as `npm start` starts it (scripts/start.mjs: node, tsx's CLI,
 * src/server/main.ts), on a free port (defect 16 of the hardening issue). A held long poll is answered and its
 * connection closed, an idle keep-alive connection is closed, a request in flight still gets its answer, and the
 * process exits 0 within a few seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/shared/ids'
import { blobPath } from '../../src/shared/sync/blob-protocol'
import { photoBytes, sha256 } from './blob-client'
import { ADMIN, staticDir } from './harness'
import { RawConnection, requestHead, type RawAnswer } from './raw-http'
import { freshTestDatabase, type TestDatabase } from './test-database'

const REPO = new URL('../..', import.meta.url).pathname
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli')

interface Running {
  child: ChildProcess
  port: number
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
  output: () => string
}

const cleanUp: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanUp.splice(0).reverse()) await step()
})

async function startServer(): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xsj-shutdown-'))
  const database: TestDatabase = await freshTestDatabase(dataDir)
  cleanUp.push(() => database.drop())
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    STATIC_DIR: staticDir(),
    LOG_LEVEL: 'info',
  }
  const child = spawn(process.execPath, [TSX_CLI, 'src/server/main.ts'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (data: Buffer) => (output += data.toString()))
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  )
  cleanUp.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 15_000)
    child.stdout!.on('data', () => {
      const url = /"message":"listening","url":"http:\/\/localhost:(\d+)"/.exec(output)
      if (!url) return
      clearTimeout(timer)
      resolve(Number(url[1]))
    })
    child.on('exit', () => reject(new Error(`the server exited at start:\n${output}`)))
  })
  return { child, port, exited, output: () => output }
}

function connection(port: number): RawConnection {
  const made = new RawConnection(port)
  cleanUp.push(() => Promise.resolve(made.destroy()))
  return made
}

async function json(port: number, method: string, path: string, body: unknown, token?: string): Promise<RawAnswer> {
  const text = JSON.stringify(body)
  const once = connection(port)
  once.write(
    requestHead(method, path, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    }) + text,
  )
  const answer = await once.answer()
  if (!answer) throw new Error(`${method} ${path}: no answer`)
  once.destroy()
  return answer
}

describe('the server process on SIGTERM', () => {
  it('answers the held long poll, closes its connection and the idle ones, finishes the request in flight, and exits 0', async () => {
    const server = await startServer()
    const setup = await json(server.port, 'POST', '/api/auth/setup', ADMIN)
    expect(setup.status).toBe(201)
    const { token } = JSON.parse(setup.body) as { token: string }

    const idle = connection(server.port)
    idle.write(requestHead('GET', '/api/health'))
    expect(await idle.answer()).toMatchObject({ status: 200 })

    // `Expect: 100-continue`: the server's 100 says it has the request, so it is in flight when the signal comes (a
    // connection whose request the server has not read yet counts as idle, and is closed).
    const poll = connection(server.port)
    const wait = JSON.stringify({ protocol: 1, deviceId: uuidv7(), cursor: 0, timeoutSeconds: 50 })
    poll.write(
      requestHead('POST', '/api/sync/wait', {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Content-Length': wait.length,
        Expect: '100-continue',
      }),
    )
    expect(await poll.answer()).toMatchObject({ status: 100 })
    poll.write(wait)
    expect(await poll.answer(300)).toBeNull()

    // A photo sent in one request whose body is still arriving when the signal comes.
    const photo = photoBytes(100_000)
    const upload = connection(server.port)
    upload.write(
      requestHead('PUT', blobPath(sha256(photo)), {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'image/jpeg',
        'Content-Length': photo.byteLength,
        Expect: '100-continue',
      }),
    )
    expect(await upload.answer()).toMatchObject({ status: 100 })
    upload.write(photo.subarray(0, 1000))

    const signalled = performance.now()
    server.child.kill('SIGTERM')

    const answered = await poll.answer(1500)
    expect(answered).toMatchObject({ status: 200, headers: { connection: 'close' } })
    expect(JSON.parse(answered!.body)).toMatchObject({ changed: false })
    expect(await poll.closes(1000)).toBe(true)
    expect(await idle.closes(1000)).toBe(true)

    upload.write(photo.subarray(1000))
    const stored = await upload.answer(3000)
    expect(stored).toMatchObject({ status: 200, headers: { connection: 'close' } })
    expect(JSON.parse(stored!.body)).toMatchObject({ complete: true, size: photo.byteLength })
    expect(await upload.closes(1000)).toBe(true)

    const exit = await server.exited
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null })
    expect(exit.at - signalled).toBeLessThan(5000)
    expect(server.output()).toContain('"message":"stopped"')
  })

  it('exits 0 at once on SIGINT with nothing in flight', async () => {
    const server = await startServer()
    const idle = connection(server.port)
    idle.write(requestHead('GET', '/api/health'))
    expect(await idle.answer()).toMatchObject({ status: 200 })
    const signalled = performance.now()
    server.child.kill('SIGINT')
    const exit = await server.exited
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null })
    expect(exit.at - signalled).toBeLessThan(2000)
    expect(await idle.closes(1000)).toBe(true)
  })
})
