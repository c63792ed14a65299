/**
 * What the clean-ups need of a blob store beyond the routes' operations (blob-store.ts): the start-up and daily
 * sweep of unfinished uploads (upload-sweep.ts) and the administrator's collection of photos no record uses
 * (collect-blobs.ts). Every operation may run on several instances at once over one shared folder.
 */
import type { BlobStore, UploadProgress } from './blob-store'

export interface UnfinishedUpload extends UploadProgress {
  accountId: string
  hash: string
  /** Bytes its chunk files take on the disk. */
  bytes: number
  /** When a chunk was last added to it. */
  lastWriteAt: Date
}

export interface StoredBlobInfo {
  hash: string
  size: number
  modifiedAt: Date
}

export interface Removed {
  files: number
  bytes: number
}

export interface BlobMaintenance extends BlobStore {
  /** Every account's unfinished uploads, one at a time (the folder may hold many). */
  unfinishedUploads(): AsyncIterable<UnfinishedUpload>
  /** Files left by writes that never ended (a crash mid-chunk or mid-assembly), and empty folders, older than `olderThan`. */
  removeLeftovers(olderThan: Date): Promise<Removed>
  /** Every stored blob, one at a time. */
  storedBlobs(): AsyncIterable<StoredBlobInfo>
  /**
   * Takes the stored bytes of `hash` out of reach, then asks `isStillWanted` (an upload may have finished
   * meanwhile): if so they are put back, if not deleted. Answers the bytes freed.
   */
  removeStored(hash: string, isStillWanted: () => Promise<boolean>): Promise<number>
}
