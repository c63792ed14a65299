/**
 * The core of the app, the same steps in every engine, against the real server: the app offline from its service
 * worker, each record type with a photo kept through a reload, search, a draft through a killed browser, two phones
 * of one account (a record and its photo reaching the other, then a conflict). Each engine's file calls this once.
 * Screenshots of the main screens go to the temp folder (printed at the end), for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAccountByApi, E2E_PASSWORD, signInByApi } from '../e2e/support/accounts'
import type { Engine, Phone, PhoneOptions } from './support/phone'
import { startEngineServer, type EngineServer } from './support/server'
import { photosOnServer } from './support/server-photos'
import {
  addPhoto,
  clearField,
  clickText,
  draftTopic,
  engineStorage,
  field,
  isShown,
  makePhoto,
  openNewForm,
  saveForm,
  signIn,
  storedPhotos,
  tapTab,
  textOf,
  valueOf,
  waitForFormReady,
  waitForPath,
  waitForServiceWorker,
  waitForShown,
  waitUntil,
  type RecordPath,
} from './support/steps'

export const SCREENS_DIR = join(tmpdir(), 'xsj-engine-screens')

const TOPIC = '深入学习贯彻党的二十大精神'
const NOTE_TITLE = '《习近平谈治国理政》第四卷'
const PLACE = '青石镇石门村'
const FINDINGS = '村文化中心利用率不高，平日大门紧锁，群众反映活动少。'

async function waitForCard(phone: Phone, text: string, timeout?: number): Promise<void> {
  await waitUntil(
    phone,
    `a card with "${text}"`,
    (t) => [...document.querySelectorAll('main article')].some((el) => (el as HTMLElement).innerText.includes(t)),
    text,
    timeout,
  )
}

/** Waits until the card holding the text shows its photo, decoded. */
async function waitForCardPhoto(phone: Phone, text: string, timeout?: number): Promise<void> {
  await waitUntil(
    phone,
    `the photo on the card with "${text}"`,
    (t) => {
      const found = [...document.querySelectorAll('main article')].find((el) =>
        (el as HTMLElement).innerText.includes(t),
      )
      const images = [...(found?.querySelectorAll('[data-testid="card-photos"] img') ?? [])] as HTMLImageElement[]
      return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0)
    },
    text,
    timeout,
  )
}

const formatGb = (bytes: number | null) => (bytes === null ? 'none' : `${(bytes / 1024 ** 3).toFixed(2)} GB`)

export function describeCoreFlows(engine: Engine): void {
  describe(`the core of the app in ${engine.name}`, () => {
    let server: EngineServer
    let opened: Phone[] = []
    let scratch: string
    const screens = join(SCREENS_DIR, engine.name)
    const started = Date.now()

    const open = async (options?: PhoneOptions) => {
      const phone = await engine.launch(server.origin, options)
      opened.push(phone)
      return phone
    }
    const shoot = async (phone: Phone, name: string) => {
      // Let a route transition or a dialog's animation finish before the picture.
      await phone.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => setTimeout(resolve, 350))))
      await phone.screenshot(join(screens, `${name}.png`))
    }
    /** The network gone: the browser's offline switch where it has one, else no server to answer. */
    const goOffline = async (phone: Phone) => (phone.setOffline ? phone.setOffline(true) : server.stop())
    const goOnline = async (phone: Phone) => (phone.setOffline ? phone.setOffline(false) : server.start())

    beforeAll(async () => {
      mkdirSync(screens, { recursive: true })
      scratch = mkdtempSync(join(tmpdir(), `xsj-engines-${engine.name}-`))
      await engine.setup()
      server = await startEngineServer()
    })

    afterEach(async (context) => {
      if (context.task.result?.state === 'fail') {
        for (const [i, phone] of opened.entries()) {
          const file = join(screens, `failed-${context.task.name.replace(/[^\p{L}\p{N}]+/gu, '-')}-${i}.png`)
          if (
            await phone.screenshot(file).then(
              () => true,
              () => false,
            )
          )
            console.error(`[engines] ${engine.name} failed; screenshot: ${file}`)
        }
      }
      await Promise.all(opened.map((phone) => phone.close().catch(() => undefined)))
      opened = []
      await server.start()
    })

    afterAll(async () => {
      await server?.close()
      await engine.teardown()
      rmSync(scratch, { recursive: true, force: true })
      console.log(
        `[engines] ${engine.name}: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${screens}`,
      )
    })

    it('runs offline from its service worker, keeps each record type with its photo through a reload, and finds them', async () => {
      const phone = await open()
      await phone.goto('/')
      await waitForShown(phone, '[data-testid="count-studySessions"]')
      await shoot(phone, 'home-empty')
      await waitForServiceWorker(phone)
      const photos = [
        await makePhoto(phone, scratch, 1),
        await makePhoto(phone, scratch, 2),
        await makePhoto(phone, scratch, 3),
      ]

      await goOffline(phone)
      await phone.reload()
      await waitForShown(phone, '[data-testid="count-studySessions"]')
      expect(await phone.evaluate(() => document.title)).toBe('学思践')
      if (phone.setOffline) expect(await phone.evaluate(() => navigator.onLine)).toBe(false)

      const forms: [RecordPath, string, string, number][] = [
        ['study', 'topic', TOPIC, 0],
        ['notes', 'source.title', NOTE_TITLE, 1],
        ['visits', 'place', PLACE, 2],
      ]
      for (const [path, name, value, i] of forms) {
        await openNewForm(phone, path)
        await phone.type(field(name), value)
        if (path === 'notes') await phone.type(field('excerpt'), '江山就是人民，人民就是江山。')
        if (path === 'visits') await phone.type(field('findings'), FINDINGS)
        await addPhoto(phone, photos[i]!)
        if (path === 'visits') await shoot(phone, 'visit-form-photo')
        await saveForm(phone, path)
      }
      await shoot(phone, 'visit-detail')

      // Still offline: the reload comes from the service worker, the records and photos from IndexedDB.
      await phone.reload()
      await waitForShown(phone, '[data-testid="edit-record"]')
      for (const [path, , value] of forms) {
        await phone.goto(`/${path}`)
        await waitForCard(phone, value)
        await waitForCardPhoto(phone, value)
        if (path === 'study') await shoot(phone, 'study-list')
      }
      // The kept first screen (src/app/first-screen.ts): kept once /notes has shown its cards, painted by
      // public/first-screen.js at the next start before the app runs, gone once the app's own list shows.
      await phone.goto('/notes')
      await waitForCard(phone, NOTE_TITLE)
      await waitUntil(phone, 'the app to keep /notes', () => localStorage.getItem('xsj.first-screen:/notes') !== null)
      await phone.reload()
      expect(await phone.evaluate(() => performance.getEntriesByName('xsj:first-screen-shown').length)).toBe(1)
      await waitForCard(phone, NOTE_TITLE)
      await waitUntil(phone, 'the kept screen to give way', () => document.getElementById('first-screen') === null)
      const stored = await storedPhotos(phone)
      expect(
        stored
          .filter((row) => row.isBlob && row.blobSize === row.bytes && row.type === 'image/jpeg')
          .map((row) => row.role)
          .sort(),
      ).toEqual(['photo', 'photo', 'photo', 'thumbnail', 'thumbnail', 'thumbnail'])

      await phone.goto('/search')
      await phone.type('[data-testid="search-input"] input', '文化中心')
      await waitUntil(
        phone,
        '1 条结果',
        () => document.querySelector('[data-testid="search-count"]')?.textContent?.trim() === '1 条结果',
      )
      await waitForCard(phone, PLACE)
      await shoot(phone, 'search')

      await phone.goto('/')
      await waitUntil(phone, '首页 to count the three records', () =>
        ['studySessions', 'readingNotes', 'visits'].every(
          (t) => document.querySelector(`[data-testid="count-${t}"] strong`)?.textContent?.trim() === '1',
        ),
      )
      await shoot(phone, 'home')

      // What the engine tells the app about storage, once the app has asked for persistence (it does with records).
      await phone.goto('/me')
      await waitUntil(
        phone,
        '我的 to read the storage',
        () => !/…/.test(document.querySelector('[data-testid="storage-used"]')?.textContent ?? '…'),
      )
      const storage = await engineStorage(phone)
      const shown = {
        used: await textOf(phone, '[data-testid="storage-used"]'),
        persistence: await textOf(phone, '[data-testid="persistence"]'),
      }
      console.log(
        `[engines] ${engine.name} storage: quota ${formatGb(storage.quota)}, usage ${storage.usage ?? 'none'} B, persisted() ${storage.persisted}, SyncManager ${storage.hasSyncManager}; 我的 shows ${JSON.stringify(shown)}`,
      )
      await shoot(phone, 'me')
      // 数据安全 says what this browser's answer means (none of the three engines here reports an iPhone).
      expect(await textOf(phone, '[data-testid="safety-risk"]')).toContain(
        storage.persisted ? '浏览器已同意长期保留' : '空间紧张时，可能清除',
      )
      expect(await textOf(phone, '[data-testid="safety-sync"]')).toContain('只在打开本应用时同步')
      await phone.click('[data-testid="open-ios-guide"]')
      await waitForPath(phone, /^\/guide\/ios$/)
      await waitUntil(phone, "the guide's steps", () =>
        [...document.querySelectorAll('[data-testid="ios-guide"] h2')].some(
          (h) => h.textContent === '添加到主屏幕的步骤',
        ),
      )
      await goOnline(phone)
    })

    it('keeps a half-typed record through a browser that is killed, and offers it back', async () => {
      const profileDir = join(scratch, 'profile')
      const first = await open({ profileDir })
      await first.goto('/')
      await waitForServiceWorker(first)
      await openNewForm(first, 'study')
      const topic = '学习贯彻习近平文化思想'
      const summary = '会议传达学习了关于文化和旅游工作的重要论述，并结合工作实际进行了交流研讨。'
      await first.type(field('topic'), topic)
      await first.type(field('summary'), summary)
      await expect.poll(() => draftTopic(first, 'studySessions:new'), { timeout: 10_000, interval: 100 }).toBe(topic)
      await first.kill()
      opened = opened.filter((phone) => phone !== first)

      const again = await open({ profileDir })
      await again.goto('/study/new')
      await waitForShown(again, '.van-dialog')
      // The time in the app's language whatever the browser's (WebKit here wrote 12/4, 10:28 AM).
      expect(await textOf(again, '.van-dialog')).toMatch(
        /发现 \d{1,2}\/\d{1,2} \d{2}:\d{2} 未保存的草稿。\s*是否恢复？/,
      )
      await shoot(again, 'draft-question')
      await clickText(again, '.van-dialog button', '恢复草稿')
      await waitForFormReady(again)
      expect(await valueOf(again, 'topic')).toBe(topic)
      expect(await valueOf(again, 'summary')).toBe(summary)
      await saveForm(again, 'study')
      expect(await textOf(again, 'h1')).toBe(topic)
    })

    it('two phones of one account: a record and its photo reach the other, and edits made apart show as a conflict', async () => {
      const name = `e2e-${engine.name}`
      await createAccountByApi(server.origin, name)
      const a = await open()
      await signIn(a, name, E2E_PASSWORD)
      await waitForServiceWorker(a)
      await openNewForm(a, 'visits')
      await a.type(field('place'), '凤凰山景区')
      await a.type(field('summary'), '初稿')
      await addPhoto(a, await makePhoto(a, scratch, 4))
      const id = await saveForm(a, 'visits')
      // Records go up before their photos: a phone that pulled the record first would fetch the thumbnail on a later
      // sync (up to 30 s on). The second phone signs in once the photo is on the server, and gets both at once.
      const token = await signInByApi(server.origin, name)
      await expect
        .poll(() => photosOnServer(server.origin, token), { timeout: 30_000, interval: 500 })
        .toEqual({
          shown: 2,
          complete: 2,
        })

      const b = await open()
      await signIn(b, name, E2E_PASSWORD)
      await waitForServiceWorker(b)
      await tapTab(b, '走访')
      await waitForCard(b, '凤凰山景区', 30_000)
      await waitForCardPhoto(b, '凤凰山景区', 30_000)
      await shoot(b, 'visits-list-synced')
      await clickText(b, 'main article', '凤凰山景区')
      await waitForPath(b, new RegExp(`^/visits/${id}$`))
      await waitForShown(b, '[data-testid="photo-open"]')
      await b.click('[data-testid="photo-open"]')
      // The original, fetched from the server when the record was opened: as wide as the photo taken (1600 px).
      await waitUntil(
        b,
        'the original photo in the viewer',
        () =>
          [...document.querySelectorAll('.van-image-preview img')].some(
            (img) => (img as HTMLImageElement).naturalWidth === 1600,
          ),
        undefined,
        30_000,
      )
      await shoot(b, 'photo-viewer')

      await b.reload()
      await server.stop()
      for (const [phone, text] of [
        [a, '甲手机：协调文化站周末开放'],
        [b, '乙手机：联系志愿者开展活动'],
      ] as const) {
        await waitForShown(phone, '[data-testid="edit-record"]')
        await phone.click('[data-testid="edit-record"]')
        await waitForPath(phone, new RegExp(`^/visits/${id}/edit$`))
        await waitForFormReady(phone)
        await clearField(phone, field('summary'))
        await phone.type(field('summary'), text)
        await saveForm(phone, 'visits')
      }
      await server.start()
      // Opening the app syncs at once (no waiting for the retry after the failures while the server was down).
      for (const phone of [a, b]) await phone.reload()
      for (const phone of [a, b]) await waitForShown(phone, '[data-testid="conflict-status"]', 30_000)
      await b.click('[data-testid="open-conflicts"]')
      await waitForPath(b, /\/conflicts$/)
      await waitForShown(b, '[data-testid="conflict-other"]')
      const sides = [
        await textOf(b, '[data-testid="conflict-current"]'),
        await textOf(b, '[data-testid="conflict-other"]'),
      ].join('\n')
      expect(sides).toContain('甲手机：协调文化站周末开放')
      expect(sides).toContain('乙手机：联系志愿者开展活动')
      await shoot(b, 'conflict')
      expect(await isShown(a, '[data-testid="conflict-status"]')).toBe(true)
    })
  })
}
