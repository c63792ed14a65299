/**
 * What the server holds of an account's photos, asked over its API as another device of the account would: the
 * photo and thumbnail hashes of its records (a pull), and which of them have every byte (GET /api/blobs/:hash/status).
 *
 * The suite waits on this rather than on the phone's own IndexedDB: in WebKit, a test reading the app's database from
 * a second connection every few hundred milliseconds while a sync runs left the app's next transaction waiting, and
 * the sync with it (2 runs of 3 on this machine), which no person's phone does.
 */
import { PROTOCOL_VERSION, type PullResponse } from '../../../src/shared/sync/protocol'

interface PulledPhoto {
  hash: string
  thumbHash: string
}

async function api<T>(origin: string, token: string, path: string, body?: unknown): Promise<T | null> {
  const response = await fetch(`${origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (response.status === 404) return null
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** Photos and thumbnails the account's records show, and whether the server has all of each. */
export async function photosOnServer(origin: string, token: string): Promise<{ shown: number; complete: number }> {
  const pulled = await api<Pick<PullResponse, 'changes'>>(origin, token, '/api/sync/pull', {
    protocol: PROTOCOL_VERSION,
    deviceId: crypto.randomUUID(),
    cursor: 0,
  })
  const hashes = (pulled?.changes ?? []).flatMap((change) =>
    ((change.fields.photos ?? []) as PulledPhoto[]).flatMap((photo) => [photo.hash, photo.thumbHash]),
  )
  let complete = 0
  for (const hash of hashes) {
    const state = await api<{ complete: boolean }>(origin, token, `/api/blobs/${hash}/status`)
    if (state?.complete) complete++
  }
  return { shown: hashes.length, complete }
}
