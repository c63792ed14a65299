/**
 * The real server (src/server/main.ts) in a process of its own, as in production, for the benches that need a
 * socket and a separate CPU: started on a free port of 127.0.0.1, its log written to a file, and ready once it logs
 * "listening" (whose line carries the URL).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export interface ServerProcessOptions {
  /** Named in errors (several instances). @default 'the server' */
  name?: string
  /** Node flags before main.ts (`--import` of a probe, `--expose-gc`); tsx is always imported. */
  nodeArgs?: readonly string[]
  /** Added to the environment after PORT=0, HOST=127.0.0.1 and LOG_LEVEL=info. */
  env: Record<string, string>
  logFile: string
}

export interface SpawnedServer {
  child: ChildProcess
  /** http://127.0.0.1:<port> */
  origin: string
}

export async function spawnServer(options: ServerProcessOptions): Promise<SpawnedServer> {
  const name = options.name ?? 'the server'
  const fd = openSync(options.logFile, 'w')
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...(options.nodeArgs ?? []), resolve('src/server/main.ts')],
    {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...options.env },
      stdio: ['ignore', fd, fd],
    },
  )
  closeSync(fd)
  const log = (): string => readFileSync(options.logFile, 'utf8')
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${log().slice(-2000)}`)
    const listening = log()
      .split('\n')
      .find((line) => line.includes('"message":"listening"'))
    if (listening)
      return { child, origin: (JSON.parse(listening) as { url: string }).url.replace('localhost', '127.0.0.1') }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${name} did not start within 60 s: ${log().slice(-2000)}`)
    }
    await new Promise((done) => setTimeout(done, 100))
  }
}

/** SIGTERM (the server finishes its requests and closes the database), SIGKILL after 15 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}
