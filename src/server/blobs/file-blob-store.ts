/**
 * The blob store as a directory (DATA_DIR/blobs by default, BLOB_DIR to move it), shared by every server instance
 * when they run on several machines (NFS or similar):
 *
 *   sha256/ab/ab12…ef                 a finished blob, named by its hash (two-letter folders keep listings short)
 *   partial/<accountId>/<hash>/0+262144, 262144+262144, …   an unfinished upload, one file per chunk
 *   tmp/                              finished blobs being assembled
 *
 * Why one file per chunk, named `<start>+<length>`: a chunk is written to a temporary name, synced, then renamed
 * into place, and a rename is atomic. So a chunk is in the upload whole or not at all: a crash or a dropped
 * connection in the middle of one leaves only a temporary file that nothing counts, never a torn tail that would
 * spoil the hash. Two instances given the same chunk at once (a client retrying after a lost answer, its first
 * request still running elsewhere) each write their own temporary file and rename it to the same name; the last
 * rename wins and both hold the same bytes. No lock file is needed, so none can be left behind by a crash either.
 * Appending to one partial file instead would need a lock across machines to keep two appends from interleaving,
 * and a torn append would corrupt the upload. What arrived is the chain of chunks from 0, each starting where the
 * previous one ends; a stray chunk off the chain (a race between chunk sizes) is ignored, and the hash check at the
 * end catches anything else.
 *
 * A finished blob is assembled in tmp/, synced, and renamed to its hash, with the folder synced after: it appears
 * whole or not at all. Two instances finishing the same hash write the same bytes under the same name.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { SNIFF_BYTES } from '../../shared/attachment-sniff'
import { isSha256Hex } from '../../shared/attachments'
import type { BlobStore, FinishOutcome, StoredBlob } from './blob-store'

const CHUNK_NAME = /^(\d+)\+(\d+)$/

export class FileBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async received(accountId: string, hash: string): Promise<number> {
    return (await this.chain(accountId, hash)).received
  }

  async writeChunk(accountId: string, hash: string, start: number, bytes: Uint8Array): Promise<number> {
    const dir = this.partialDir(accountId, hash)
    await mkdir(dir, { recursive: true })
    // In the chunk's own folder, so the rename stays on one file system and a discard takes leftovers with it.
    const temporary = join(dir, `.${randomUUID()}.tmp`)
    try {
      await writeDurably(temporary, [bytes])
      await rename(temporary, join(dir, `${start}+${bytes.byteLength}`))
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
    return this.received(accountId, hash)
  }

  async finish(accountId: string, hash: string): Promise<FinishOutcome> {
    const { files, received } = await this.chain(accountId, hash)
    const digest = createHash('sha256')
    const parts: Uint8Array[] = []
    for (const file of files) {
      const bytes = await readFile(file)
      digest.update(bytes)
      parts.push(bytes)
    }
    const actualHash = digest.digest('hex')
    if (actualHash !== hash) {
      await this.discardPartial(accountId, hash)
      return { isStored: false, actualHash }
    }
    const target = this.blobFile(hash)
    const temporary = join(this.root, 'tmp', `${randomUUID()}.tmp`)
    await mkdir(dirname(temporary), { recursive: true })
    await mkdir(dirname(target), { recursive: true })
    try {
      await writeDurably(temporary, parts)
      await rename(temporary, target)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
    await syncFolder(dirname(target))
    return { isStored: true, size: received, head: firstBytes(parts, SNIFF_BYTES) }
  }

  async discardPartial(accountId: string, hash: string): Promise<void> {
    await rm(this.partialDir(accountId, hash), { recursive: true, force: true })
  }

  async read(hash: string): Promise<StoredBlob | null> {
    const file = this.blobFile(hash)
    const info = await stat(file).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)))
    if (!info) return null
    return { size: info.size, stream: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array> }
  }

  /** The chunks that continue each other from byte 0, taking the longest where two start at the same byte. */
  private async chain(accountId: string, hash: string): Promise<{ received: number; files: string[] }> {
    const dir = this.partialDir(accountId, hash)
    const names = await readdir(dir).catch((error: unknown) => (isMissing(error) ? [] : Promise.reject(error)))
    const lengthAt = new Map<number, number>()
    for (const name of names) {
      const match = CHUNK_NAME.exec(name)
      if (!match) continue
      const [start, length] = [Number(match[1]), Number(match[2])]
      if (length > (lengthAt.get(start) ?? 0)) lengthAt.set(start, length)
    }
    const files: string[] = []
    let received = 0
    for (let length = lengthAt.get(0); length !== undefined; length = lengthAt.get(received)) {
      files.push(join(dir, `${received}+${length}`))
      received += length
    }
    return { received, files }
  }

  private partialDir(accountId: string, hash: string): string {
    // Both become path segments: refuse anything that could climb out of the folder (the routes never pass one).
    if (!/^[0-9A-Za-z-]{1,64}$/.test(accountId) || !isSha256Hex(hash)) throw new Error(`not a safe blob path: ${accountId}/${hash}`)
    return join(this.root, 'partial', accountId, hash)
  }

  private blobFile(hash: string): string {
    if (!isSha256Hex(hash)) throw new Error(`not a SHA-256 name: ${hash}`)
    return join(this.root, 'sha256', hash.slice(0, 2), hash)
  }
}

/**
 * Writes a new file and flushes it to the disk, so that once it is renamed into place its bytes are there. For a
 * chunk this is what makes a 202 a promise that survives a power cut: without it the name could outlive the bytes,
 * the hash check would catch that at the end, and the phone would send the whole photo again. Measured on loopback
 * (test/bench/blob-upload.ts) the sync costs a few milliseconds a chunk; a 2G phone takes seconds to send one.
 */
async function writeDurably(file: string, parts: readonly Uint8Array[]): Promise<void> {
  const handle = await open(file, 'wx')
  try {
    for (const part of parts) await handle.write(part)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Makes a rename into the folder survive a power cut (the folder's entry is on the disk, not only the file). */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } catch {
    // Some file systems (and NFS clients) refuse fsync on a folder; the rename itself is still atomic there.
  } finally {
    await handle.close()
  }
}

function firstBytes(parts: readonly Uint8Array[], count: number): Uint8Array {
  const head = new Uint8Array(count)
  let filled = 0
  for (const part of parts) {
    if (filled === count) break
    const slice = part.subarray(0, count - filled)
    head.set(slice, filled)
    filled += slice.byteLength
  }
  return head.subarray(0, filled)
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}
