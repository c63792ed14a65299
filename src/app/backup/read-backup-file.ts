/**
 * Reads and checks a whole backup file before anything is written: is it a zip, is it ours, can this version read
 * it, is backup.json the one its manifest was made for, does every record pass its type's rules, and does every
 * photo's bytes hash to its name. The first problem found is the answer, and nothing on the phone has changed.
 */
import { strFromU8, unzipSync, type Unzipped } from 'fflate'
import { DATA_FILE, MANIFEST_FILE, photoPathOf, type Backup } from '../../shared/backup/format'
import { corrupt, foreignFile, refused, shortHash, type BackupCheck } from '../../shared/backup/problems'
import { readBackupData, readManifest } from '../../shared/backup/read'
import { sha256Hex } from '../db/sha256'

export interface BackupFile extends Backup {
  /** The bytes of each photo in the file, by hash, each checked against it. */
  photoBytes: Map<string, Uint8Array>
}

/** Every zip starts with a local file header, "PK\x03\x04". */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

const hashOf = (bytes: Uint8Array) => sha256Hex(new Blob([bytes as Uint8Array<ArrayBuffer>]))

export async function readBackupFile(
  file: Blob,
  onProgress?: (done: number, total: number) => void,
): Promise<BackupCheck<BackupFile>> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  if (!isZip(bytes)) return refused(foreignFile())
  let entries: Unzipped
  try {
    entries = unzipSync(bytes)
  } catch {
    return refused(corrupt({ zh: '无法解压，文件可能不完整', en: 'it cannot be unzipped; the file may be incomplete' }))
  }
  const manifestBytes = entries[MANIFEST_FILE]
  if (!manifestBytes) return refused(foreignFile())
  const manifest = readManifest(strFromU8(manifestBytes))
  if (!manifest.ok) return manifest
  const dataBytes = entries[DATA_FILE]
  if (!dataBytes) return refused(corrupt({ zh: `缺少 ${DATA_FILE}`, en: `${DATA_FILE} is missing` }))
  if ((await hashOf(dataBytes)) !== manifest.value.dataSha256)
    return refused(
      corrupt({
        zh: `${DATA_FILE} 与说明文件中的校验值不符`,
        en: `${DATA_FILE} does not match the checksum in the manifest`,
      }),
    )
  const data = readBackupData(strFromU8(dataBytes), manifest.value)
  if (!data.ok) return data
  const photoBytes = new Map<string, Uint8Array>()
  for (const [i, photo] of data.value.photos.entries()) {
    onProgress?.(i, data.value.photos.length)
    const found = entries[photoPathOf(photo)]
    if (!found)
      return refused(
        corrupt({ zh: `缺少照片 ${shortHash(photo.hash)}`, en: `photo ${shortHash(photo.hash)} is missing` }),
      )
    if (found.byteLength !== photo.bytes || (await hashOf(found)) !== photo.hash) {
      return refused(
        corrupt({
          zh: `照片 ${shortHash(photo.hash)} 的内容与其校验值不符`,
          en: `photo ${shortHash(photo.hash)} does not match its checksum`,
        }),
      )
    }
    photoBytes.set(photo.hash, found)
  }
  return { ok: true, value: { manifest: manifest.value, data: data.value, photoBytes } }
}
