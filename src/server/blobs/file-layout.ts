/**
 * The blob folder's layout (see file-blob-store.ts for why it is laid out so) and the file operations that make
 * its writes survive a crash: names to paths, an unfinished upload read from its file names, durable writes.
 */
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { isSha256Hex } from '../../shared/attachments'

const CHUNK_NAME = /^(\d+)\+(\d+)$/
const TOTAL_NAME = /^total=(\d+)$/

/** The name of the empty file that records a photo's size as its chunks declared it. */
export function totalName(total: number): string {
  return `total=${total}`
}

export function chunkName(start: number, length: number): string {
  return `${start}+${length}`
}

export class FileLayout {
  constructor(readonly root: string) {}

  get partialRoot(): string {
    return join(this.root, 'partial')
  }

  get storedRoot(): string {
    return join(this.root, 'sha256')
  }

  get tmpDir(): string {
    return join(this.root, 'tmp')
  }

  accountDir(accountId: string): string {
    // A path segment: refuse anything that could climb out of the folder (the routes never pass one).
    if (!isAccountId(accountId)) throw new Error(`not a safe blob path: ${accountId}`)
    return join(this.partialRoot, accountId)
  }

  partialDir(accountId: string, hash: string): string {
    if (!isAccountId(accountId) || !isSha256Hex(hash)) throw new Error(`not a safe blob path: ${accountId}/${hash}`)
    return join(this.partialRoot, accountId, hash)
  }

  blobFile(hash: string): string {
    if (!isSha256Hex(hash)) throw new Error(`not a SHA-256 name: ${hash}`)
    return join(this.storedRoot, hash.slice(0, 2), hash)
  }

  /** A new name in tmp/ for a file on its way in or out of sha256/ (same file system, so the rename is atomic). */
  async temporary(suffix: string): Promise<string> {
    await mkdir(this.tmpDir, { recursive: true })
    return join(this.tmpDir, `${randomUUID()}.${suffix}`)
  }
}

export function isAccountId(value: string): boolean {
  return /^[0-9A-Za-z-]{1,64}$/.test(value)
}

/** An unfinished upload as its file names describe it. */
export interface PartialFiles {
  /** The chunk files that continue each other from byte 0, in order. */
  chain: string[]
  received: number
  /** Bytes in every chunk file, on the chain or not. */
  bytes: number
  /** The totals its chunks declared (one, unless a client contradicted itself). */
  totals: Set<number>
}

/** The chunks that continue each other from byte 0, taking the longest where two start at the same byte. */
export function readPartial(dir: string, names: readonly string[]): PartialFiles {
  const lengthAt = new Map<number, number>()
  const totals = new Set<number>()
  let bytes = 0
  for (const name of names) {
    const total = TOTAL_NAME.exec(name)
    if (total) totals.add(Number(total[1]))
    const match = CHUNK_NAME.exec(name)
    if (!match) continue
    const [start, length] = [Number(match[1]), Number(match[2])]
    bytes += length
    if (length > (lengthAt.get(start) ?? 0)) lengthAt.set(start, length)
  }
  const chain: string[] = []
  let received = 0
  for (let length = lengthAt.get(0); length !== undefined; length = lengthAt.get(received)) {
    chain.push(join(dir, chunkName(received, length)))
    received += length
  }
  return { chain, received, bytes, totals }
}

/** Names in a folder; none when it does not exist (never made, or removed by another instance meanwhile). */
export async function namesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: unknown) => (isMissing(error) ? [] : Promise.reject(error)))
}

/** A file's or folder's modification time, or null when it is gone. */
export async function modifiedAt(path: string): Promise<{ time: Date; size: number } | null> {
  const info = await stat(path).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)))
  return info ? { time: info.mtime, size: info.size } : null
}

/**
 * Writes a new file and flushes it to the disk, so that once it is renamed into place its bytes are there. For a
 * chunk this is what makes a 202 a promise that survives a power cut: without it the name could outlive the bytes,
 * the hash check would catch that at the end, and the phone would send the whole photo again. Measured on loopback
 * (test/bench/blob-upload.ts) the sync costs a few milliseconds a chunk; a 2G phone takes seconds to send one.
 */
export async function writeDurably(file: string, parts: readonly Uint8Array[]): Promise<void> {
  const handle = await open(file, 'wx')
  try {
    for (const part of parts) await handle.write(part)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes `parts` under a temporary name and renames it to `target`: the file appears whole or not at all. */
export async function writeAtomically(temporary: string, target: string, parts: readonly Uint8Array[]): Promise<void> {
  try {
    await writeDurably(temporary, parts)
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/** Makes a rename into the folder survive a power cut (the folder's entry is on the disk, not only the file). */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } catch {
    // Some file systems (and NFS clients) refuse fsync on a folder; the rename itself is still atomic there.
  } finally {
    await handle.close()
  }
}

export async function ensureFolderOf(file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
}

export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}

/** A folder another instance wrote into, or removed, between our look and our removal. */
export function isGoneOrBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST'
}
