/**
 * What a person does in the app, written once against `Phone` so that the same steps run in all three engines. They
 * wait on what the page shows (read in the page, polled), never on fixed sleeps.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Phone } from './phone'
import { readDraftInPage } from '../../e2e/support/drafts'

const POLL_MS = 100

/** Polls `check` in the page until it returns true; fails with what was awaited and what the page showed last. */
export async function waitUntil<A>(
  phone: Phone,
  what: string,
  check: (arg: A) => boolean | Promise<boolean>,
  arg?: A,
  timeout = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeout
  let lastError = ''
  while (Date.now() < deadline) {
    try {
      if (await phone.evaluate(check, arg)) return
    } catch (error) {
      // A navigation in progress destroys the page's context: try again on the next page.
      lastError = String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  const shown = await phone
    .evaluate(() => `${location.pathname}: ${document.body.innerText.replace(/\s+/g, ' ').slice(0, 300)}`)
    .catch(() => '?')
  throw new Error(
    `${phone.engine}: waited ${timeout} ms for ${what}${lastError ? ` (${lastError})` : ''}; the page shows ${shown}`,
  )
}

/** Whether an element matching the selector is on the page and laid out (not display: none). */
export function isShown(phone: Phone, selector: string): Promise<boolean> {
  return phone.evaluate((s) => [...document.querySelectorAll(s)].some((el) => el.getClientRects().length > 0), selector)
}

export function waitForShown(phone: Phone, selector: string, timeout?: number): Promise<void> {
  return waitUntil(
    phone,
    `${selector} to show`,
    (s) => [...document.querySelectorAll(s)].some((el) => el.getClientRects().length > 0),
    selector,
    timeout,
  )
}

export function waitForGone(phone: Phone, selector: string, timeout?: number): Promise<void> {
  return waitUntil(
    phone,
    `${selector} to go`,
    (s) => ![...document.querySelectorAll(s)].some((el) => el.getClientRects().length > 0),
    selector,
    timeout,
  )
}

export function waitForPath(phone: Phone, pattern: RegExp, timeout?: number): Promise<void> {
  return waitUntil(
    phone,
    `a path like ${pattern}`,
    (source) => new RegExp(source).test(location.pathname),
    pattern.source,
    timeout,
  )
}

/** The visible text of the first element matching the selector, '' when there is none. */
export function textOf(phone: Phone, selector: string): Promise<string> {
  return phone.evaluate((s) => (document.querySelector(s) as HTMLElement | null)?.innerText.trim() ?? '', selector)
}

export function pathOf(phone: Phone): Promise<string> {
  return phone.evaluate(() => location.pathname)
}

/** Waits until one shown element matching the selector holds the text, then clicks it with the pointer. */
export async function clickText(phone: Phone, selector: string, text: string): Promise<void> {
  const mark = `pick-${Date.now()}-${Math.random().toString(36).slice(2)}`
  await waitUntil(
    phone,
    `${selector} with "${text}"`,
    ({ selector: s, text: t, mark: m }) => {
      const found = [...document.querySelectorAll(s)].find(
        (el) => el.getClientRects().length > 0 && (el as HTMLElement).innerText.includes(t),
      )
      found?.setAttribute('data-xsj-pick', m)
      return found !== undefined
    },
    { selector, text, mark },
  )
  await phone.click(`[data-xsj-pick="${mark}"]`)
}

/** Empties an input or textarea as a person selecting all and deleting would (Vue hears an input event). */
export async function clearField(phone: Phone, selector: string): Promise<void> {
  await phone.evaluate((s) => {
    const input = document.querySelector(s) as HTMLInputElement | HTMLTextAreaElement
    input.value = ''
    input.dispatchEvent(new Event('input', { bubbles: true }))
  }, selector)
}

export const field = (name: string) => `[name="${name}"]`

export function valueOf(phone: Phone, name: string): Promise<string | null> {
  return phone.evaluate((s) => (document.querySelector(s) as HTMLInputElement | null)?.value ?? null, field(name))
}

/** Waits until the app is served by its service worker (a reload if the first load came before it was active). */
export async function waitForServiceWorker(phone: Phone): Promise<void> {
  await phone.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  if (!(await phone.evaluate(() => navigator.serviceWorker.controller !== null))) await phone.reload()
  await waitUntil(phone, 'the service worker to control the page', () => navigator.serviceWorker.controller !== null)
}

export type RecordPath = 'study' | 'notes' | 'visits'

const SUBMIT = 'form button[type="submit"]'

const TAB_LABELS: Record<RecordPath, string> = { study: '学习', notes: '笔记', visits: '走访' }

/**
 * Taps a bottom tab (首页, 学习, 笔记, 走访, 我的): a move inside the app, as a person makes it. Tests move this way
 * rather than load a new page once signed in: WebKit keeps the page left behind in its back-forward cache, and a
 * transaction that page's sync had open then blocks every write of the new page (the report of issue 18 says more).
 */
export async function tapTab(phone: Phone, label: string): Promise<void> {
  await clickText(phone, '.van-tabbar-item', label)
}

/** The list's 新建 (reached through its tab where the screen has the tab bar), then the empty form. */
export async function openNewForm(phone: Phone, path: RecordPath): Promise<void> {
  const isThere = (await pathOf(phone)) === `/${path}`
  if (!isThere && (await isShown(phone, '.van-tabbar'))) await tapTab(phone, TAB_LABELS[path])
  else if (!isThere) await phone.goto(`/${path}`)
  await waitForPath(phone, new RegExp(`^/${path}$`))
  await waitForShown(phone, '[data-testid="new-record"]')
  await phone.click('[data-testid="new-record"]')
  await waitForPath(phone, new RegExp(`^/${path}/new$`))
  await waitForFormReady(phone)
}

/** Until the draft question is settled 保存 is disabled. */
export function waitForFormReady(phone: Phone): Promise<void> {
  return waitForShown(phone, `${SUBMIT}:not([disabled])`)
}

/** Taps 保存, waits for the record's page; returns its id. */
export async function saveForm(phone: Phone, path: RecordPath): Promise<string> {
  // A dialog's overlay still fading out would take the tap.
  await waitForGone(phone, '.van-overlay')
  await phone.click(SUBMIT)
  const detail = new RegExp(`^/${path}/([0-9a-f-]{36})$`)
  await waitForPath(phone, detail)
  await waitForShown(phone, '[data-testid="edit-record"]')
  return detail.exec(await pathOf(phone))![1]!
}

/** A photo-like JPEG (gradients and shapes, 1600 × 1200) drawn and encoded by the engine itself, saved to a file. */
export async function makePhoto(phone: Phone, dir: string, seed: number): Promise<string> {
  const base64 = await phone.evaluate(async (n) => {
    const canvas = document.createElement('canvas')
    canvas.width = 1600
    canvas.height = 1200
    const ctx = canvas.getContext('2d')!
    const sky = ctx.createLinearGradient(0, 0, 1600, 1200)
    sky.addColorStop(0, `hsl(${(n * 67) % 360} 55% 50%)`)
    sky.addColorStop(1, `hsl(${(n * 67 + 150) % 360} 50% 30%)`)
    ctx.fillStyle = sky
    ctx.fillRect(0, 0, 1600, 1200)
    for (let i = 0; i < 60; i++) {
      ctx.fillStyle = `hsl(${(i * 37 + n * 11) % 360} 60% ${35 + (i % 5) * 8}%)`
      ctx.fillRect((i * 173 + n * 41) % 1500, (i * 97 + n * 13) % 1100, 40 + (i % 7) * 20, 30 + (i % 4) * 25)
    }
    ctx.fillStyle = '#fff'
    ctx.font = '96px sans-serif'
    ctx.fillText(`IMG ${n}`, 80, 1100)
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.9))
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let binary = ''
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return btoa(binary)
  }, seed)
  const file = join(dir, `IMG_${seed}.jpg`)
  writeFileSync(file, Buffer.from(base64, 'base64'))
  return file
}

/** Gives a photo to the form's 从相册选择 input and waits until it is compressed, stored and shown. */
export async function addPhoto(phone: Phone, file: string): Promise<void> {
  const count = () => phone.evaluate(() => document.querySelectorAll('[data-testid="photo-item"]').length)
  const before = await count()
  await phone.setFiles('input.photos-field__input[multiple]', [file])
  await waitUntil(
    phone,
    'the photo in the form',
    (n) =>
      document.querySelectorAll('[data-testid="photo-item"]').length > n &&
      !document.querySelector('[data-testid="photo-progress"]'),
    before,
    60_000,
  )
}

export interface StoredPhoto {
  role: string
  type: string
  bytes: number
  blobSize: number
  isBlob: boolean
  uploadState: string
}

/** The attachments table as the engine's IndexedDB holds it. */
export function storedPhotos(phone: Phone): Promise<StoredPhoto[]> {
  return phone.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('xuesijian')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const request = db.transaction('attachments').objectStore('attachments').getAll()
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[])
      request.onerror = () => reject(request.error)
    })
    db.close()
    return rows.map((row) => ({
      role: String(row.role),
      type: String(row.type),
      bytes: Number(row.bytes),
      blobSize: row.blob instanceof Blob ? row.blob.size : 0,
      isBlob: row.blob instanceof Blob,
      uploadState: String(row.uploadState),
    }))
  })
}

/** The draft the form autosaved under `key` (its topic), read straight from IndexedDB. */
export async function draftTopic(phone: Phone, key: string): Promise<string | null> {
  return (await phone.evaluate(readDraftInPage, key))?.fields?.topic ?? null
}

export async function signIn(phone: Phone, name: string, password: string): Promise<void> {
  await phone.goto('/me')
  await waitForShown(phone, '[data-testid="open-login"]')
  await phone.click('[data-testid="open-login"]')
  await waitForPath(phone, /^\/login/)
  await phone.type(field('name'), name)
  await phone.type(field('password'), password)
  await phone.click('[data-testid="submit"]')
  await waitForPath(phone, /^\/me$/)
  await waitForShown(phone, '[data-testid="account-name"]')
}

/** What the engine tells the app about its storage, asked as the app asks it. */
export interface EngineStorage {
  quota: number | null
  usage: number | null
  persisted: boolean | null
  hasSyncManager: boolean
}

export function engineStorage(phone: Phone): Promise<EngineStorage> {
  return phone.evaluate(async () => {
    const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : null
    return {
      quota: estimate?.quota ?? null,
      usage: estimate?.usage ?? null,
      persisted: navigator.storage?.persisted ? await navigator.storage.persisted() : null,
      hasSyncManager: 'SyncManager' in window,
    }
  })
}
