/**
 * Persistent storage and usage. A browser may clear a site's data when the phone runs short of space, unless the
 * site's storage is persistent; asking costs nothing where the browser decides by itself (Chromium grants it to an
 * installed or much-used app, without a prompt) and shows a prompt where it asks the person (Firefox). So the app
 * asks once at each moment that makes the data worth keeping and the answer likelier to be yes: records exist, the
 * first sync (the data now belongs to an account), installation; and whenever the person taps 持久存储 on 我的.
 */
const ASKED_KEY = 'xsj.persistAsked'

export type Persistence = 'granted' | 'denied' | 'unsupported'

/** The moments the app asks by itself, each once per device. */
export type PersistMoment = 'records' | 'firstSync' | 'installed'

export async function persistenceState(): Promise<Persistence> {
  if (!navigator.storage?.persisted) return 'unsupported'
  return (await navigator.storage.persisted()) ? 'granted' : 'denied'
}

function askedMoments(): Set<string> {
  try {
    const raw = localStorage.getItem(ASKED_KEY)
    // 'yes' is what versions that asked only once (when records existed) wrote.
    if (raw === 'yes') return new Set(['records'])
    const parsed: unknown = raw ? JSON.parse(raw) : []
    return new Set(Array.isArray(parsed) ? parsed.filter((m): m is string => typeof m === 'string') : [])
  } catch {
    return new Set()
  }
}

/** Whether asking at this moment could still change anything: not granted, and not yet asked at it on this device. */
export async function shouldAskPersistence(moment: PersistMoment): Promise<boolean> {
  if (!navigator.storage?.persist || askedMoments().has(moment)) return false
  return !(await navigator.storage.persisted())
}

/** Asks once per moment and device; later calls at the same moment report the answer without asking again. */
export async function requestPersistenceAt(moment: PersistMoment): Promise<Persistence> {
  if (!(await shouldAskPersistence(moment))) return persistenceState()
  const asked = askedMoments()
  asked.add(moment)
  try {
    localStorage.setItem(ASKED_KEY, JSON.stringify([...asked]))
  } catch {
    // Without localStorage the app may ask at this moment again next time: harmless.
  }
  return requestPersistence()
}

/** Asks now (the person tapped): the browser's answer, which it may give without showing anything. */
export async function requestPersistence(): Promise<Persistence> {
  if (!navigator.storage?.persist) return 'unsupported'
  if (await navigator.storage.persisted()) return 'granted'
  return (await navigator.storage.persist()) ? 'granted' : 'denied'
}

export async function storageUsage(): Promise<{ usage: number; quota: number } | null> {
  if (!navigator.storage?.estimate) return null
  const { usage = 0, quota = 0 } = await navigator.storage.estimate()
  return { usage, quota }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`
}
