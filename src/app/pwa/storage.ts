/** Persistent storage and usage: asked for once records exist, so the browser will not evict a week of visits. */
const ASKED_KEY = 'xsj.persistAsked'

export type Persistence = 'granted' | 'denied' | 'unsupported'

export async function persistenceState(): Promise<Persistence> {
  if (!navigator.storage?.persisted) return 'unsupported'
  return (await navigator.storage.persisted()) ? 'granted' : 'denied'
}

/** Whether asking could still change anything: not yet granted and not yet asked on this device. */
export async function shouldAskPersistence(): Promise<boolean> {
  if (!navigator.storage?.persist || localStorage.getItem(ASKED_KEY) === 'yes') return false
  return !(await navigator.storage.persisted())
}

/** Asks once per device; later calls report the stored answer without prompting again. */
export async function requestPersistenceOnce(): Promise<Persistence> {
  if (!navigator.storage?.persist) return 'unsupported'
  if (await navigator.storage.persisted()) return 'granted'
  if (localStorage.getItem(ASKED_KEY) === 'yes') return 'denied'
  localStorage.setItem(ASKED_KEY, 'yes')
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
