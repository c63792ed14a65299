/**
 * One sync run: push the outbox in batches, then pull everything after the cursor, a batch per transaction
 * (design.md, "Sync invariants"). The engine needs only Dexie and fetch, so the same code runs in the browser and,
 * in tests, as many simulated devices against the real server in-process.
 *
 * Failures are values: a run ends with an outcome that says whether to retry (no network, server error) or to
 * wait for the person (signed out, app too old). Nothing unsent is ever dropped because of a failure.
 */
import type { PhotoRef } from '../../shared/fields'
import type { OutboxEntry } from '../../shared/outbox'
import { photoRefsIn } from '../../shared/photo-refs'
import { recordTypes } from '../../shared/records'
import {
  PROTOCOL_VERSION,
  type Mutation,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type Refusal,
  type ResyncReason,
} from '../../shared/sync/protocol'
import { ensureDevice } from '../db/device'
import type { RecordChange } from '../db/repository'
import type { AccountMeta, SyncErrorInfo, SyncMeta, XsjDatabase } from '../db/schema'
import { ApiFailure, type ApiClient } from './api-client'
import type { BlobClient } from './blob-client'
import { fetchAttachment, lackingBytes, uploadPendingPhotos } from './photo-transfer'
import {
  applyPullBatch,
  applyPushResults,
  finishResync,
  nextPushBatch,
  pushableCount,
  refuseLocally,
  settleSyncStates,
  type BatchLimits,
  type PushBatch,
} from './local-sync'
import { confirmationKeys, dropConfirmations, foldConfirmations, rebaseOutbox, recheckUploads } from './restore-resync'
import { readAccount, readSyncMeta, writeSyncMeta } from './sync-meta'

export interface SyncProgress {
  phase: 'push' | 'pull' | 'photos'
  done: number
  /** Null while the total is not known yet. */
  total: number | null
}

export type SyncOutcome =
  | { kind: 'synced'; pushed: number; pulled: number; photosLeft?: number }
  | { kind: 'skipped'; reason: 'signedOut' }
  | { kind: 'failed'; error: SyncErrorInfo; isRetryable: boolean }

export interface SyncEngineOptions {
  db: XsjDatabase
  api: ApiClient
  /** Records the run wrote (pulled, or whose 未同步 mark changed), after each transaction commits. */
  onRecordsChanged?: (changes: readonly RecordChange[]) => void
  onProgress?: (progress: SyncProgress | null) => void
  /** @default { maxMutations: 200, maxBytes: 1_000_000 } */
  pushLimits?: BatchLimits
  /** Records per pull request. @default 1000 */
  pullLimit?: number
  /** Photo bytes up and down after the records; without it the engine syncs records only. */
  blobs?: BlobClient
  /** How long a run may spend uploading photos before it ends (the next run goes on). @default 20000 */
  photoBudgetMs?: number
}

/** Thumbnails remembered across runs while their photos are still uploading elsewhere. */
const MAX_WAITING_THUMBNAILS = 500

export class SyncEngine {
  private readonly db: XsjDatabase
  private readonly api: ApiClient
  private readonly pushLimits: BatchLimits
  private readonly pullLimit: number
  private readonly photoBudgetMs: number
  /** Photo references of the records this run pulled: their thumbnails are fetched once the records are in. */
  private pulledPhotos: PhotoRef[] = []

  constructor(private readonly options: SyncEngineOptions) {
    this.db = options.db
    this.api = options.api
    this.pushLimits = options.pushLimits ?? { maxMutations: 200, maxBytes: 1_000_000 }
    this.pullLimit = options.pullLimit ?? 1000
    this.photoBudgetMs = options.photoBudgetMs ?? 20_000
  }

  async run(): Promise<SyncOutcome> {
    const account = await readAccount(this.db)
    if (!account?.token) return { kind: 'skipped', reason: 'signedOut' }
    const { deviceId } = await this.db.transaction('rw', this.db.meta, () => ensureDevice(this.db))
    try {
      const pushed = await this.push(account.token, deviceId)
      // Thumbnails go up with their records (they are small), so a phone woken by this push finds them.
      if (this.options.blobs && pushed > 0)
        await uploadPendingPhotos(this.db, this.options.blobs, account.token, {
          roles: ['thumbnail'],
          deadline: Date.now() + this.photoBudgetMs,
        })
      const pulled = await this.pull(account.token, deviceId)
      this.announce(await settleSyncStates(this.db))
      await writeSyncMeta(this.db, { lastSyncAt: new Date().toISOString(), lastError: null })
      const photosLeft = await this.movePhotos(account.token)
      return photosLeft === undefined
        ? { kind: 'synced', pushed, pulled }
        : { kind: 'synced', pushed, pulled, photosLeft }
    } catch (error) {
      const outcome = failure(error)
      if (outcome.kind === 'failed') {
        await writeSyncMeta(this.db, { lastError: outcome.error })
        if (outcome.error.code === 'unauthorized') await this.forgetToken(account)
      }
      return outcome
    } finally {
      this.options.onProgress?.(null)
    }
  }

  /**
   * Sends the outbox batch by batch, one request at a time and in order (the server applies a device's changes in
   * sequence). What the phone does for a batch overlaps the next request: while request N is out, the answer to N − 1
   * is laid down and batch N + 1 is read. A read-ahead batch is read again when answer N refused something (a refused
   * record's later changes are held back) or left something out.
   */
  private async push(token: string, deviceId: string): Promise<number> {
    const total = await pushableCount(this.db)
    let done = 0
    let laying: Promise<void> = Promise.resolve()
    let batch = await nextPushBatch(this.db, this.pushLimits)
    try {
      while (batch.entries.length > 0) {
        this.options.onProgress?.({ phase: 'push', done, total: Math.max(total, done + batch.entries.length) })
        const answer = settled(this.request(token, deviceId, batch.entries))
        const ahead = settled(nextPushBatch(this.db, this.pushLimits, batch.entries[batch.entries.length - 1]!.seq))
        await laying
        const answered = await answer
        if (!answered.ok) {
          if (!isUnreadable(answered.error)) throw answered.error
          await this.pushSplit(token, deviceId, batch, answered.error)
          done += batch.entries.length
          batch = await nextPushBatch(this.db, this.pushLimits)
          continue
        }
        const { response, timeline } = answered.value
        laying = this.layDown(batch, response, timeline)
        // Awaited with the next request or after the loop; a failure is thrown there, not reported as unhandled.
        laying.catch(() => undefined)
        done += batch.entries.length
        const results = new Map(response.results.map((r) => [r.seq, r.status]))
        const isClean = batch.entries.every((entry) => results.has(entry.seq) && results.get(entry.seq) !== 'refused')
        const next = await ahead
        if (isClean && next.ok) batch = next.value
        else {
          await laying
          batch = await nextPushBatch(this.db, this.pushLimits)
        }
      }
    } finally {
      // Whatever ended the loop, the last answer is laid down before the run goes on (or reports the failure).
      await laying
    }
    return done
  }

  /** One push request; the timeline it was sent with decides how its answer's revisions are read. */
  private async request(
    token: string,
    deviceId: string,
    entries: readonly OutboxEntry[],
  ): Promise<{ response: PushResponse; timeline: string | undefined }> {
    // The timeline the batch's base revisions belong to: if the server was restored since, it reads them as of the fork.
    const { timeline } = await readSyncMeta(this.db)
    const request: PushRequest = { protocol: PROTOCOL_VERSION, deviceId, mutations: entries.map(mutationOf) }
    if (timeline !== undefined) request.timeline = timeline
    return { response: await this.api.push(token, request), timeline }
  }

  private async layDown(batch: PushBatch, response: PushResponse, timeline: string | undefined): Promise<void> {
    const isSameTimeline = timeline === undefined || response.timeline === undefined || response.timeline === timeline
    this.announce(await applyPushResults(this.db, batch, response.results, { isSameTimeline }))
    // The first timeline this device hears of: what its confirmed changes belong to, should the server be restored.
    if (timeline === undefined && response.timeline !== undefined)
      await writeSyncMeta(this.db, { timeline: response.timeline })
  }

  /**
   * A whole request refused as malformed or too large would block the queue for good; so it is split, and a
   * single change the server will not even read is marked refused on its own (invariant 6).
   */
  private async pushSplit(token: string, deviceId: string, batch: PushBatch, error: ApiFailure): Promise<void> {
    if (batch.entries.length === 1) {
      this.announce(await refuseLocally(this.db, batch.entries[0]!, refusalOf(error)))
      return
    }
    const half = Math.ceil(batch.entries.length / 2)
    for (const entries of [batch.entries.slice(0, half), batch.entries.slice(half)]) {
      // The held entries stay those of the whole batch: a part's ranges must not reach them either.
      const part = { entries, held: batch.held }
      try {
        const { response, timeline } = await this.request(token, deviceId, entries)
        await this.layDown(part, response, timeline)
      } catch (partError) {
        if (!isUnreadable(partError)) throw partError
        await this.pushSplit(token, deviceId, part, partError)
      }
    }
  }

  private async pull(token: string, deviceId: string): Promise<number> {
    // Push answers noted before this pull: once it has run to the end, it has laid their records down again.
    const superseded = await confirmationKeys(this.db)
    let meta = await readSyncMeta(this.db)
    let pulled = 0
    let total: number | null = null
    const requestAfter = (position: { cursor: number; timeline?: string }): Promise<PullResponse> => {
      const request: PullRequest = {
        protocol: PROTOCOL_VERSION,
        deviceId,
        cursor: position.cursor,
        limit: this.pullLimit,
        countRemaining: total === null,
      }
      if (position.timeline !== undefined) request.timeline = position.timeline
      return this.api.pull(token, request)
    }
    // The next page, asked for while this one is written (a pull reads and changes nothing on the server, and the
    // page is the one the next turn would ask for), so the phone's writing and the network overlap.
    let ahead: Promise<PullResponse> | null = null
    for (;;) {
      let response
      try {
        response = await (ahead ?? requestAfter(meta))
        ahead = null
      } catch (error) {
        ahead = null
        if (error instanceof ApiFailure && error.code === 'cursor_too_old' && meta.resyncEpoch === null) {
          // Start over from nothing, keeping the outbox; the epoch lets a crash resume the same resync. A server
          // behind this device was restored from a backup: without the fork it knows, nothing seen can be trusted.
          const reason = error.body?.resync ?? 'purged'
          meta = await this.startResync(
            reason,
            reason === 'serverBehind' ? (error.body?.forkRev ?? 0) : undefined,
            undefined,
            error.body?.forkRevs,
          )
          total = null
          continue
        }
        throw error
      }
      // A new timeline: the server was restored from a backup, and the revisions this device has seen may have
      // been handed out again after the fork. Start over, sending back what the server lost.
      if (meta.timeline !== undefined && response.timeline !== meta.timeline && meta.resyncEpoch === null) {
        meta = await this.startResync('serverBehind', response.forkRev ?? 0, response.timeline, response.forkRevs)
        total = null
        continue
      }
      if (total === null)
        total = pulled + response.changes.length + (response.removed?.length ?? 0) + (response.remaining ?? 0)
      const resync =
        meta.resyncEpoch === null
          ? null
          : {
              epoch: meta.resyncEpoch,
              ...(meta.resyncForkRev === undefined
                ? {}
                : { forkRev: meta.resyncForkRev, forkRevs: meta.resyncForkRevs }),
            }
      if (response.hasMore) {
        ahead = requestAfter({ cursor: response.cursor, timeline: response.timeline })
        // Its failure is met when it is awaited, in order; a batch that fails to be written leaves it unread.
        ahead.catch(() => undefined)
      }
      const changes = await applyPullBatch(
        this.db,
        response.changes,
        { cursor: response.cursor, timeline: response.timeline },
        resync,
        response.removed,
      )
      this.announce(changes)
      if (this.options.blobs)
        for (const change of changes)
          this.pulledPhotos.push(
            ...photoRefsIn(recordTypes[change.table].specs, change.record as unknown as Record<string, unknown>),
          )
      pulled += response.changes.length + (response.removed?.length ?? 0)
      meta = { ...meta, cursor: response.cursor, timeline: response.timeline }
      this.options.onProgress?.({ phase: 'pull', done: pulled, total })
      if (response.unitsVersion !== undefined && response.unitsVersion !== meta.unitsVersion) {
        await writeSyncMeta(this.db, { unitsVersion: response.unitsVersion })
        meta = { ...meta, unitsVersion: response.unitsVersion }
      }
      if (!response.hasMore) break
    }
    await dropConfirmations(this.db, superseded)
    if (meta.resyncEpoch !== null) {
      this.announce(await finishResync(this.db, meta.resyncEpoch, meta.resyncReason ?? 'purged'))
      // The resync may have queued records the server no longer had: send them now rather than next time.
      await this.push(token, deviceId)
    }
    return pulled
  }

  /**
   * After the records: thumbnails of what was pulled (so lists show them offline later), then this device's
   * pending photos within the time budget. Records are already on the server by now, whatever happens here.
   * Returns the photos left to upload, or undefined when the engine moves no photos.
   */
  private async movePhotos(token: string): Promise<number | undefined> {
    const { blobs } = this.options
    if (!blobs) return undefined
    // A thumbnail not on the server yet (its phone is still uploading) is asked for again next run, while the app
    // stays open; after a restart, opening the record fetches it (photo-fetch.ts).
    const notYet: PhotoRef[] = []
    for (const photo of await lackingBytes(this.db, this.pulledPhotos, 'thumbnail')) {
      if ((await fetchAttachment(this.db, blobs, token, photo, 'thumbnail')) === 'notOnServer') notYet.push(photo)
    }
    this.pulledPhotos = notYet.slice(-MAX_WAITING_THUMBNAILS)
    const deadline = Date.now() + this.photoBudgetMs
    const result = await uploadPendingPhotos(this.db, blobs, token, {
      deadline,
      onProgress: (done, total) => this.options.onProgress?.({ phase: 'photos', done, total }),
    })
    return result.left
  }

  /**
   * A full resync from 0, keeping the outbox, in one transaction with its mark. After a restore (a fork revision),
   * queued changes are first rebased onto the shared history.
   */
  private async startResync(
    reason: ResyncReason,
    forkRev: number | undefined,
    timeline?: string,
    forkRevs?: Record<string, number>,
  ): Promise<SyncMeta> {
    return this.db.transaction(
      'rw',
      [...this.db.recordTables(), this.db.meta, this.db.outbox, this.db.attachments],
      async () => {
        // What push answers confirmed goes onto the records before anything is decided from their field revisions.
        await foldConfirmations(this.db)
        if (forkRev !== undefined) {
          // The lowest fork of any owner: a queued change's owner is not known here, and a lower base is always safe.
          await rebaseOutbox(this.db, Math.min(forkRev, ...Object.values(forkRevs ?? {})))
          await recheckUploads(this.db)
        }
        const patch: Partial<SyncMeta> = {
          cursor: 0,
          resyncEpoch: Date.now(),
          resyncReason: reason,
          resyncForkRev: forkRev,
          resyncForkRevs: forkRevs,
        }
        if (timeline !== undefined) patch.timeline = timeline
        return writeSyncMeta(this.db, patch)
      },
    )
  }

  /** The server no longer accepts the token: forget it (the account stays bound) so the app asks for the password. */
  private async forgetToken(account: AccountMeta): Promise<void> {
    await this.db.meta.put({ ...account, token: null })
  }

  private announce(changes: readonly RecordChange[]): void {
    if (changes.length > 0) this.options.onRecordsChanged?.(changes)
  }
}

function mutationOf(entry: OutboxEntry): Mutation {
  const mutation: Mutation = {
    id: entry.mutationId,
    seq: entry.seq,
    table: entry.table,
    recordId: entry.recordId,
    op: entry.op,
    changes: entry.changes,
    baseRev: entry.baseRev,
    at: entry.createdAt,
  }
  if (entry.resolves && entry.resolves.length > 0) mutation.resolves = entry.resolves
  if (entry.keepConflicts && entry.keepConflicts.length > 0) mutation.keepConflicts = entry.keepConflicts
  if (entry.unitId !== undefined) mutation.unitId = entry.unitId
  return mutation
}

function refusalOf(error: ApiFailure): Refusal {
  const tooLarge = error.code === 'too_large'
  return {
    code: 'invalid',
    message: tooLarge
      ? '这条记录的内容过多，服务器无法接收。请删减部分内容后保存。'
      : `服务器无法读取这次修改：${error.body?.message ?? ''}`,
    messageEn: tooLarge
      ? 'This record is too large for the server'
      : `The server could not read this change: ${error.body?.messageEn ?? ''}`,
    fields: error.body?.fields ?? [],
  }
}

function failure(error: unknown): SyncOutcome {
  const at = new Date().toISOString()
  // Not the server's answer: this device's storage failed (full, or closed under us). Retried like a network error.
  if (!(error instanceof ApiFailure))
    return {
      kind: 'failed',
      error: { code: 'storage', message: error instanceof Error ? error.message : String(error), at },
      isRetryable: true,
    }
  if (error.kind === 'network') return { kind: 'failed', error: { code: 'offline', at }, isRetryable: true }
  const message = error.body?.message
  switch (error.code) {
    case 'unauthorized':
      return { kind: 'failed', error: { code: 'unauthorized', message, at }, isRetryable: false }
    case 'unsupported_protocol':
      return { kind: 'failed', error: { code: 'updateRequired', message, at }, isRetryable: false }
    default:
      return {
        kind: 'failed',
        error: { code: error.status >= 500 || error.status === 429 ? 'server' : 'rejected', message, at },
        isRetryable: true,
      }
  }
}

/** A whole push request the server would not read: split until the one change it will not read is found. */
function isUnreadable(error: unknown): error is ApiFailure {
  return (
    error instanceof ApiFailure &&
    error.kind === 'http' &&
    (error.code === 'invalid_request' || error.code === 'too_large')
  )
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** A promise that never rejects, so that one started early and awaited later is never an unhandled rejection. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}
