/**
 * The admin CLI's input and output. Passwords are typed on a terminal in raw mode, so nothing is echoed, or read
 * as one line from a pipe (`--password-stdin`) for scripts. The streams are parameters so tests can pass fakes.
 */
import { StringDecoder } from 'node:string_decoder'

/** What the CLI needs of stdin: a readable stream, and on a terminal the switch to raw mode. */
export type AdminInput = NodeJS.ReadableStream & {
  isTTY?: boolean
  setRawMode?: (isRaw: boolean) => unknown
}

export interface TextOutput {
  write(text: string): unknown
}

/** The person pressed Ctrl-C (or Ctrl-D on an empty line) while asked for a password. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled')
    this.name = 'CancelledError'
  }
}

const CTRL_C = '\u0003'
const CTRL_D = '\u0004'
const ESCAPE = '\u001b'
const BACKSPACES = new Set(['\u007f', '\b'])

/** Reads an input stream piece by piece, keeping what was typed or piped beyond the line asked for. */
export class InputReader {
  private pending = ''
  private isEnded = false
  private readonly decoder = new StringDecoder('utf8')

  constructor(private readonly input: AdminInput) {}

  get isTerminal(): boolean {
    return this.input.isTTY === true && typeof this.input.setRawMode === 'function'
  }

  /** One line (without its line break); what is left at the end of the input; '' if the input is empty. */
  async readLine(): Promise<string> {
    for (;;) {
      const end = this.pending.search(/\r?\n/)
      if (end >= 0) {
        const line = this.pending.slice(0, end)
        this.pending = this.pending.slice(end).replace(/^\r?\n/, '')
        return line
      }
      const chunk = await this.nextChunk()
      if (chunk === null) {
        const rest = this.pending
        this.pending = ''
        return rest
      }
      this.pending += chunk
    }
  }

  /** Asks on a terminal with echo off: keys arrive one by one in raw mode and are never written back. */
  async readHidden(output: TextOutput, prompt: string): Promise<string> {
    output.write(prompt)
    this.input.setRawMode!(true)
    try {
      let typed = ''
      for (;;) {
        if (this.pending === '') {
          const chunk = await this.nextChunk()
          if (chunk === null) throw new CancelledError()
          // An arrow or function key is an escape sequence: not part of a password.
          this.pending = chunk.startsWith(ESCAPE) ? '' : chunk
          continue
        }
        const [key = ''] = this.pending
        this.pending = this.pending.slice(key.length)
        if (key === '\r' || key === '\n') break
        if (key === CTRL_C || (key === CTRL_D && typed === '')) throw new CancelledError()
        if (key === CTRL_D) break
        if (BACKSPACES.has(key)) typed = [...typed].slice(0, -1).join('')
        else if (key >= ' ') typed += key
      }
      // A terminal that sends \r\n for Enter: the \n belongs to this line, not to the next prompt.
      if (this.pending.startsWith('\n')) this.pending = this.pending.slice(1)
      return typed
    } finally {
      this.input.setRawMode!(false)
      output.write('\n')
    }
  }

  private nextChunk(): Promise<string | null> {
    if (this.isEnded) return Promise.resolve(null)
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer | string) => {
        stop()
        resolve(typeof chunk === 'string' ? chunk : this.decoder.write(chunk))
      }
      const onEnd = () => {
        stop()
        this.isEnded = true
        resolve(this.decoder.end() || null)
      }
      const onError = (error: unknown) => {
        stop()
        reject(error instanceof Error ? error : new Error(String(error)))
      }
      const stop = () => {
        this.input.removeListener('data', onData)
        this.input.removeListener('end', onEnd)
        this.input.removeListener('error', onError)
        // Paused, stdin neither loses data between reads nor keeps the process alive after the last one.
        this.input.pause()
      }
      this.input.on('data', onData)
      this.input.on('end', onEnd)
      this.input.on('error', onError)
      this.input.resume()
    })
  }
}

/** Terminal columns a text takes: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(
        char,
      )
        ? 2
        : 1
  return width
}

/** Rows as aligned columns, the first row being the header, with a rule under it. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column] ?? ''))))
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => cell + ' '.repeat(widths[column]! - displayWidth(cell)))
      .join('  ')
      .trimEnd()
  const rule = widths.map((width) => '-'.repeat(width)).join('  ')
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n') + '\n'
}

/** Every message of the admin commands: Chinese first, then the same in English. */
export function say(output: TextOutput, zh: string, en: string): void {
  output.write(`${zh}\n${en}\n`)
}
