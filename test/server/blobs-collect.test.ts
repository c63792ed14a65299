/**
 * `npm run admin -- blobs:collect` (defect 14 of the hardening issue): photos no record of any account refers to
 * (live records, tombstones and conflict values count) are removed after the grace period, rows and files, and
 * what was freed is printed. Everything a record refers to, and everything newer than the grace, stays.
 */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { EXIT_OK, EXIT_USAGE, runAdminCommand } from '../../src/server/admin/commands'
import type { FinishOutcome } from '../../src/server/blobs/blob-store'
import { FileBlobStore } from '../../src/server/blobs/file-blob-store'
import { finishUpload } from '../../src/server/blobs/finish-upload'
import type { PhotoRef } from '../../src/shared/fields'
import { download, photoBytes, sha256, uploadFrom } from './blob-client'
import { addAccount, session, setUpAdmin, startTestServer, type TestServer, WireDevice } from './support'

const DAY = 86_400_000
const SIZE_RACED = 120_000

function output() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk
      return true
    },
  }
}

async function collect(server: TestServer, argv: string[], now: Date) {
  const stdin = new PassThrough()
  stdin.end()
  const io = { stdin, stdout: output(), stderr: output() }
  const code = await runAdminCommand(['blobs:collect', ...argv], server.storage, io, {
    now: () => now,
    blobDir: join(server.dataDir, 'blobs'),
  })
  return { code, stdout: io.stdout.text, stderr: io.stderr.text }
}

function storedFile(server: TestServer, hash: string): string {
  return join(server.dataDir, 'blobs', 'sha256', hash.slice(0, 2), hash)
}

/** Uploads a photo for the account and answers a reference a record can carry (its own thumbnail hash given). */
async function uploaded(
  server: TestServer,
  token: string,
  size = 30_000,
  thumbHash?: string,
): Promise<PhotoRef & { bytes: number }> {
  const photo = photoBytes(size)
  await uploadFrom(server, token, photo)
  return {
    hash: sha256(photo),
    thumbHash: thumbHash ?? sha256(photo),
    type: 'image/jpeg',
    bytes: size,
    width: 1920,
    height: 1440,
    caption: '',
    takenAt: '2026-11-10T08:00:00.000Z',
  }
}

async function rowsFor(server: TestServer, hash: string): Promise<number> {
  return (await server.storage.db.selectFrom('account_blobs').select('account_id').where('hash', '=', hash).execute())
    .length
}

describe('blobs:collect', () => {
  it('removes photos no record refers to after the grace, and keeps live, deleted and conflicting records’ photos', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const colleague = await addAccount(server, admin.token, 'colleague')
    const phone = new WireDevice(server, admin.token)
    const tablet = new WireDevice(server, admin.token)

    const thumbnail = await uploaded(server, admin.token, 9000)
    const live = await uploaded(server, admin.token, 40_000, thumbnail.hash)
    const deleted = await uploaded(server, admin.token)
    const [base, mine, theirs] = [
      await uploaded(server, admin.token),
      await uploaded(server, admin.token),
      await uploaded(server, admin.token),
    ]
    const dropped = await uploaded(server, admin.token, 50_000)
    const never = await uploaded(server, admin.token, 60_000)
    const recent = await uploaded(server, admin.token)
    const othersRecord = await uploaded(server, admin.token)
    // Uploaded by two accounts, used by no record.
    const sharedPhoto = photoBytes(70_000)
    await uploadFrom(server, admin.token, sharedPhoto)
    await uploadFrom(server, colleague.token, sharedPhoto)
    const shared = { hash: sha256(sharedPhoto), bytes: sharedPhoto.byteLength }

    const liveRecord = phone.create('studySessions', session({ photos: [live] }))
    const deletedRecord = phone.create('studySessions', session({ photos: [deleted] }))
    const conflicted = phone.create('studySessions', session({ photos: [base] }))
    const changed = phone.create('studySessions', session({ photos: [dropped] }))
    expect((await phone.push([liveRecord, deletedRecord, conflicted, changed])).status).toBe(200)
    await phone.push([
      phone.mutation('studySessions', deletedRecord.recordId, 'delete', { deletedAt: new Date().toISOString() }, 2),
      phone.mutation('studySessions', changed.recordId, 'update', { photos: [] }, 4),
    ])
    // The same field changed on two devices from the same base: one value wins, the other is kept as a conflict.
    await phone.push([phone.mutation('studySessions', conflicted.recordId, 'update', { photos: [mine] }, 3)])
    const merged = await tablet.push([
      tablet.mutation('studySessions', conflicted.recordId, 'update', { photos: [theirs] }, 3),
    ])
    expect(merged.body.results[0]).toMatchObject({ status: 'conflict' })
    const colleaguePhone = new WireDevice(server, colleague.token)
    await colleaguePhone.push([colleaguePhone.create('studySessions', session({ photos: [othersRecord] }))])

    // An upload that died before its row, long ago, and one from a moment ago.
    const orphan = photoBytes(80_000)
    const fresh = photoBytes(90_000)
    const now = new Date(Date.now() + 100 * DAY)
    for (const [bytes, when] of [
      [orphan, new Date(Date.now() - DAY)],
      [fresh, new Date(now.getTime() - DAY)],
    ] as const) {
      const file = storedFile(server, sha256(bytes))
      mkdirSync(join(file, '..'), { recursive: true })
      writeFileSync(file, bytes)
      utimesSync(file, when, when)
    }
    await server.storage.db
      .updateTable('account_blobs')
      .set({ created_at: new Date(now.getTime() - DAY).toISOString() })
      .where('hash', '=', recent.hash)
      .execute()

    const result = await collect(server, ['--older-than-days', '90'], now)
    expect(result.code).toBe(EXIT_OK)
    // `base` went with the edits that replaced it on both devices: neither the record nor its conflict keeps it.
    const freed = dropped.bytes + never.bytes + base.bytes + shared.bytes + 80_000
    expect(result.stdout).toContain(
      `已删除 5 张没有记录引用、上传超过 90 天的照片（5 条账号照片登记），释放 ${(freed / 1024 / 1024).toFixed(1)} MB。`,
    )
    expect(result.stdout).toContain(`(${freed} bytes)`)
    expect(result.stdout).toContain('unreferenced but kept as newer than 90 days: 2')

    for (const gone of [dropped.hash, never.hash, base.hash, shared.hash, sha256(orphan)]) {
      expect(existsSync(storedFile(server, gone))).toBe(false)
      expect(await rowsFor(server, gone)).toBe(0)
    }
    expect((await download(server, colleague.token, shared.hash)).status).toBe(404)
    for (const kept of [live, thumbnail, deleted, mine, theirs, recent, othersRecord]) {
      expect(Buffer.from((await download(server, admin.token, kept.hash)).bytes).byteLength).toBe(kept.bytes)
    }
    expect(existsSync(storedFile(server, sha256(fresh)))).toBe(true)

    // Nothing more to do the second time; a removed photo can be uploaded again.
    expect((await collect(server, ['--older-than-days', '90'], now)).stdout).toContain('Removed 0 photos')
    expect((await uploadFrom(server, colleague.token, sharedPhoto)).body).toMatchObject({ complete: true })
    expect(
      Buffer.from((await download(server, colleague.token, shared.hash)).bytes).equals(Buffer.from(sharedPhoto)),
    ).toBe(true)
  })

  it('takes 90 days when no age is given, and refuses an age that is not a number of days', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const photo = await uploaded(server, admin.token)
    expect((await collect(server, [], new Date(Date.now() + 89 * DAY))).stdout).toContain('Removed 0 photos')
    expect(existsSync(storedFile(server, photo.hash))).toBe(true)
    expect((await collect(server, [], new Date(Date.now() + 91 * DAY))).stdout).toContain('Removed 1 photo ')
    expect(existsSync(storedFile(server, photo.hash))).toBe(false)
    const refused = await collect(server, ['--older-than-days', 'soon'], new Date())
    expect(refused.code).toBe(EXIT_USAGE)
    expect(refused.stderr).toContain('天数须为非负整数')
  })

  it('never leaves a row without its bytes when an upload finishes while the bytes are being collected', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const photo = photoBytes(SIZE_RACED)
    const hash = sha256(photo)
    const root = join(server.dataDir, 'blobs')
    // blobs:collect moves the stored file aside between the upload's store and its row (the file had no row yet).
    class CollectedMeanwhile extends FileBlobStore {
      private isFirst = true
      override async finish(accountId: string, name: string): Promise<FinishOutcome> {
        const outcome = await super.finish(accountId, name)
        if (this.isFirst) {
          this.isFirst = false
          expect(await new FileBlobStore(root).removeStored(name, () => Promise.resolve(false))).toBe(SIZE_RACED)
        }
        return outcome
      }
    }
    const blobs = new CollectedMeanwhile(root)
    await blobs.writeChunk(admin.account.id, hash, 0, photo, SIZE_RACED)
    expect(
      await finishUpload(server.storage.db, blobs, admin.account.id, hash, { discardOnMismatch: true }),
    ).toMatchObject({ kind: 'stored' })
    expect(Buffer.from((await download(server, admin.token, hash)).bytes).equals(Buffer.from(photo))).toBe(true)

    // The other order: the row appears while the file is aside, and the file goes back.
    const kept = await new FileBlobStore(root).removeStored(hash, () => Promise.resolve(true))
    expect(kept).toBe(0)
    expect(existsSync(storedFile(server, hash))).toBe(true)
  })
})
