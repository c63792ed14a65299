/**
 * The blob store as a directory (DATA_DIR/blobs by default, BLOB_DIR to move it), shared by every server instance
 * when they run on several machines (NFS or similar):
 *
 *   sha256/ab/ab12…ef                 a finished blob, named by its hash (two-letter folders keep listings short)
 *   partial/<accountId>/<hash>/0+262144, 262144+262144, …   an unfinished upload, one file per chunk,
 *                                     and total=<bytes>, an empty file naming the photo's size
 *   tmp/                              finished blobs being assembled, and blobs being collected
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
 * Why `total=<bytes>`: a process killed after the last chunk's rename and before the hash check leaves every byte
 * of the photo and no finished blob. The total, written before the chunk, tells that state apart from an upload
 * still under way, so the next status request (or the start-up sweep) finishes it without the phone's help. It is
 * an empty file created under its name, which is atomic; a client that declared two totals leaves two, and the hash
 * check decides.
 *
 * A finished blob is assembled in tmp/, synced, and renamed to its hash, with the folder synced after: it appears
 * whole or not at all. Two instances finishing the same hash write the same bytes under the same name.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { SNIFF_BYTES } from '../../shared/attachment-sniff'
import { isSha256Hex } from '../../shared/attachments'
import { MAX_UNFINISHED_BYTES, MAX_UNFINISHED_UPLOADS } from '../../shared/sync/blob-protocol'
import type { BlobMaintenance, Removed, StoredBlobInfo, UnfinishedUpload } from './blob-maintenance'
import type { FinishOutcome, StoredBlob, UploadProgress } from './blob-store'
import {
  chunkName,
  ensureFolderOf,
  FileLayout,
  isAccountId,
  isGoneOrBusy,
  isMissing,
  modifiedAt,
  namesIn,
  readPartial,
  syncFolder,
  totalName,
  writeAtomically,
  type PartialFiles,
} from './file-layout'

export interface UploadLimits {
  /** Unfinished uploads one account may have at once. @default MAX_UNFINISHED_UPLOADS */
  maxUploads: number
  /** Bytes one account's unfinished uploads may hold together. @default MAX_UNFINISHED_BYTES */
  maxBytes: number
}

export class FileBlobStore implements BlobMaintenance {
  private readonly layout: FileLayout
  private readonly limits: UploadLimits

  constructor(
    readonly root: string,
    limits: Partial<UploadLimits> = {},
  ) {
    this.layout = new FileLayout(root)
    this.limits = { maxUploads: MAX_UNFINISHED_UPLOADS, maxBytes: MAX_UNFINISHED_BYTES, ...limits }
  }

  async progress(accountId: string, hash: string): Promise<UploadProgress> {
    return progressOf(await this.partial(accountId, hash))
  }

  async writeChunk(accountId: string, hash: string, start: number, bytes: Uint8Array, total: number): Promise<number> {
    const dir = this.layout.partialDir(accountId, hash)
    // Before the chunk: once the last chunk is in place, the total that says the photo is all here is too.
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, totalName(total)), '')
    // In the chunk's own folder, so the rename stays on one file system and a discard takes leftovers with it.
    await writeAtomically(join(dir, `.${randomUUID()}.tmp`), join(dir, chunkName(start, bytes.byteLength)), [bytes])
    return (await this.partial(accountId, hash)).received
  }

  async makeRoom(accountId: string, hash: string, incoming: number): Promise<string[]> {
    const uploads = await this.uploadsOf(accountId)
    const own = uploads.find((upload) => upload.hash === hash)
    const others = uploads
      .filter((upload) => upload.hash !== hash)
      .sort((a, b) => a.lastWriteAt.getTime() - b.lastWriteAt.getTime())
    let count = others.length + 1
    let bytes = others.reduce((sum, upload) => sum + upload.bytes, (own?.bytes ?? 0) + incoming)
    const dropped: string[] = []
    for (const oldest of others) {
      if (count <= this.limits.maxUploads && bytes <= this.limits.maxBytes) break
      await this.discardPartial(accountId, oldest.hash)
      dropped.push(oldest.hash)
      count--
      bytes -= oldest.bytes
    }
    return dropped
  }

  async finish(accountId: string, hash: string): Promise<FinishOutcome> {
    const { chain, received } = await this.partial(accountId, hash)
    const digest = createHash('sha256')
    const parts: Uint8Array[] = []
    for (const file of chain) {
      const bytes = await readFile(file)
      digest.update(bytes)
      parts.push(bytes)
    }
    const actualHash = digest.digest('hex')
    if (actualHash !== hash) return { isStored: false, actualHash }
    const target = this.layout.blobFile(hash)
    await ensureFolderOf(target)
    await writeAtomically(await this.layout.temporary('tmp'), target, parts)
    await syncFolder(dirname(target))
    return { isStored: true, size: received, head: firstBytes(parts, SNIFF_BYTES) }
  }

  async discardPartial(accountId: string, hash: string): Promise<void> {
    await rm(this.layout.partialDir(accountId, hash), { recursive: true, force: true, maxRetries: 2 })
  }

  async has(hash: string): Promise<boolean> {
    return (await modifiedAt(this.layout.blobFile(hash))) !== null
  }

  async read(hash: string): Promise<StoredBlob | null> {
    const file = this.layout.blobFile(hash)
    const info = await modifiedAt(file)
    if (!info) return null
    return { size: info.size, stream: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array> }
  }

  async *unfinishedUploads(): AsyncIterable<UnfinishedUpload> {
    for (const accountId of await namesIn(this.layout.partialRoot)) {
      if (!isAccountId(accountId)) continue
      yield* await this.uploadsOf(accountId)
    }
  }

  async removeLeftovers(olderThan: Date): Promise<Removed> {
    const removed: Removed = { files: 0, bytes: 0 }
    const removeIfOld = async (file: string) => {
      const info = await modifiedAt(file)
      if (!info || info.time >= olderThan) return
      await rm(file, { force: true })
      removed.files++
      removed.bytes += info.size
    }
    for (const name of await namesIn(this.layout.tmpDir)) await removeIfOld(join(this.layout.tmpDir, name))
    for (const accountId of await namesIn(this.layout.partialRoot)) {
      if (!isAccountId(accountId)) continue
      const accountDir = this.layout.accountDir(accountId)
      for (const hash of await namesIn(accountDir)) {
        if (!isSha256Hex(hash)) continue
        const dir = this.layout.partialDir(accountId, hash)
        for (const name of await namesIn(dir)) if (name.endsWith('.tmp')) await removeIfOld(join(dir, name))
        await removeFolderIfEmptyAndOld(dir, olderThan)
      }
      await removeFolderIfEmptyAndOld(accountDir, olderThan)
    }
    return removed
  }

  async *storedBlobs(): AsyncIterable<StoredBlobInfo> {
    for (const prefix of await namesIn(this.layout.storedRoot)) {
      const dir = join(this.layout.storedRoot, prefix)
      for (const hash of await namesIn(dir)) {
        if (!isSha256Hex(hash) || !hash.startsWith(prefix)) continue
        const info = await modifiedAt(join(dir, hash))
        if (info) yield { hash, size: info.size, modifiedAt: info.time }
      }
    }
  }

  async removeStored(hash: string, isStillWanted: () => Promise<boolean>): Promise<number> {
    const file = this.layout.blobFile(hash)
    // Out of reach first, decided after: an upload that finishes meanwhile either sees the file gone and stores it
    // again (finish-upload.ts checks after writing its row), or its row is seen here and the file goes back.
    const aside = await this.layout.temporary(`${hash}.collected`)
    try {
      await rename(file, aside)
    } catch (error) {
      if (isMissing(error)) return 0
      throw error
    }
    if (await isStillWanted()) {
      await rename(aside, file)
      return 0
    }
    const info = await modifiedAt(aside)
    await rm(aside, { force: true })
    return info?.size ?? 0
  }

  private async partial(accountId: string, hash: string): Promise<PartialFiles> {
    const dir = this.layout.partialDir(accountId, hash)
    return readPartial(dir, await namesIn(dir))
  }

  private async uploadsOf(accountId: string): Promise<UnfinishedUpload[]> {
    const uploads: UnfinishedUpload[] = []
    for (const hash of await namesIn(this.layout.accountDir(accountId))) {
      if (!isSha256Hex(hash)) continue
      const dir = this.layout.partialDir(accountId, hash)
      const [names, info] = await Promise.all([namesIn(dir), modifiedAt(dir)])
      if (!info) continue
      const files = readPartial(dir, names)
      uploads.push({ accountId, hash, ...progressOf(files), bytes: files.bytes, lastWriteAt: info.time })
    }
    return uploads
  }
}

function progressOf(files: PartialFiles): UploadProgress {
  const hasEveryByte = files.totals.size === 0 ? null : files.received > 0 && files.totals.has(files.received)
  return { received: files.received, hasEveryByte }
}

async function removeFolderIfEmptyAndOld(dir: string, olderThan: Date): Promise<void> {
  const info = await modifiedAt(dir)
  if (!info || info.time >= olderThan || (await namesIn(dir)).length > 0) return
  // Another instance may be writing a chunk into it right now: then it is not empty, and stays.
  await rmdir(dir).catch((error: unknown) => (isGoneOrBusy(error) ? undefined : Promise.reject(error)))
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
