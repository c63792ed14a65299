/**
 * The HTTP side of photo sync (docs/sync-protocol.md, "Photos"; shared/sync/blob-protocol.ts): where an upload
 * stands, one chunk up, the bytes down. Failures are ApiFailures, as for the record endpoints, so the engine
 * treats a dropped connection the same way whichever request it cut.
 */
import type { AttachmentType } from '../../shared/attachments'
import {
  blobPath,
  blobStateSchema,
  blobStatusPath,
  formatContentRange,
  type BlobState,
  type ContentRange,
} from '../../shared/sync/blob-protocol'
import { ApiFailure, send, transportOf, type ApiClientOptions, type Transport } from './api-client'

export class BlobClient {
  private readonly transport: Transport

  constructor(options: ApiClientOptions = {}) {
    // A 256 KB chunk takes about 9 s at 30 KB/s (2G): the default minute covers a slow link without waiting forever.
    this.transport = transportOf(options)
  }

  /** How much of the blob the server holds for this account; `received: 0` when it has nothing of it. */
  async status(token: string, hash: string): Promise<BlobState> {
    try {
      return await this.state(await this.send('GET', blobStatusPath(hash), token))
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404) return { hash, received: 0, complete: false }
      throw error
    }
  }

  /** Sends the bytes [range.start, range.end] of the blob; the answer says how much the server now holds. */
  async putChunk(
    token: string,
    hash: string,
    type: AttachmentType,
    range: ContentRange,
    bytes: ArrayBuffer,
  ): Promise<BlobState> {
    const headers = { 'content-type': type, 'content-range': formatContentRange(range) }
    return this.state(await this.send('PUT', blobPath(hash), token, headers, bytes))
  }

  /** The blob's bytes, or null when this account has no complete copy on the server (still uploading elsewhere). */
  async get(token: string, hash: string): Promise<Blob | null> {
    try {
      const response = await this.send('GET', blobPath(hash), token)
      return await response.blob()
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404) return null
      throw error
    }
  }

  private send(
    method: 'GET' | 'PUT',
    path: string,
    token: string,
    headers: Record<string, string> = {},
    body?: ArrayBuffer,
  ): Promise<Response> {
    return send(this.transport, path, { method, headers: { ...headers, authorization: `Bearer ${token}` }, body })
  }

  private async state(response: Response): Promise<BlobState> {
    const parsed = blobStateSchema.safeParse(await response.json().catch(() => null))
    // Not the server's answer (a captive portal's page, say): as if the network had failed.
    if (!parsed.success) throw new ApiFailure('network', response.status, null)
    return parsed.data
  }
}
