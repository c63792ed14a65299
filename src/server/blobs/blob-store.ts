/**
 * Where photo bytes live: the operations the blob routes need, so that a store other than a directory (an
 * S3-compatible bucket, with its multipart upload standing in for the partial) can take its place later.
 *
 * Access is not the store's business: it keeps bytes by hash, and the routes decide (from account_blobs in the
 * database) which account may read which hash. Unfinished uploads are kept per account, so one account can never
 * add to, shorten or finish another's.
 */

export type FinishOutcome =
  /** The bytes are stored under their hash. `head` is their first bytes, to tell the type by. */
  | { isStored: true; size: number; head: Uint8Array }
  /** The bytes held are not the ones the hash names (or not all of them yet); the upload is left as it is. */
  | { isStored: false; actualHash: string }

export interface StoredBlob {
  size: number
  stream: ReadableStream<Uint8Array>
}

export interface UploadProgress {
  /** Bytes held contiguous from the first: where the next chunk starts. */
  received: number
  /**
   * Whether `received` is the whole photo, as the chunks' Content-Range totals said: then only the hash check is
   * left. Null for an upload whose chunks recorded no total (begun before totals were recorded).
   */
  hasEveryByte: boolean | null
}

export interface BlobStore {
  /** Where the account's unfinished upload of `hash` stands. */
  progress(accountId: string, hash: string): Promise<UploadProgress>
  /**
   * Adds the bytes at `start` of the account's unfinished upload of a photo of `total` bytes (the caller has checked
   * that `start` is where it ends) and answers how much is held now. A chunk is kept whole or not at all.
   */
  writeChunk(accountId: string, hash: string, start: number, bytes: Uint8Array, total: number): Promise<number>
  /**
   * Keeps the account within its limits on unfinished uploads before `incoming` more bytes of `hash` are written,
   * by dropping its least recently written other uploads. Answers the hashes dropped.
   */
  makeRoom(accountId: string, hash: string, incoming: number): Promise<string[]>
  /** Checks the SHA-256 of the whole unfinished upload and, if it is `hash`, stores the bytes under it. */
  finish(accountId: string, hash: string): Promise<FinishOutcome>
  /** Forgets the account's unfinished upload (after it is finished, or to start over). */
  discardPartial(accountId: string, hash: string): Promise<void>
  /** Whether bytes are stored under the hash. */
  has(hash: string): Promise<boolean>
  /** The stored bytes, or null if the store has none under that hash. */
  read(hash: string): Promise<StoredBlob | null>
}
