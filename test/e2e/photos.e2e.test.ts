import { describe, expect, it } from 'vitest'
import { eventually, textOf, valueOf } from './support/expect'
import { makeJpeg, pickPhotos, storedAttachments, withExifOrientation, type StoredAttachment } from './support/photos'
import { setupE2e } from './support/suite'
import {
  cards,
  dialogWith,
  field,
  fillField,
  openList,
  openNewForm,
  saveForm,
  waitForFormReady,
  waitForServiceWorkerControl,
} from './support/ui'

const suite = setupE2e()

const byRole = (rows: StoredAttachment[], role: StoredAttachment['role']) => rows.filter((r) => r.role === role)
const isReddish = ([r, g, b]: number[]) => r! > 180 && g! < 90 && b! < 90

describe('photos', () => {
  it('compresses a 12-megapixel photo to 1920 px, turns an EXIF-rotated one upright, and stores both by hash', async () => {
    const { page } = await suite.openPhone()
    const workers: string[] = []
    const requested: string[] = []
    page.on('worker', (worker) => workers.push(worker.url()))
    page.on('request', (request) => requested.push(request.url()))
    await openNewForm(page, 'visits')
    await fillField(page, 'place', '桃源镇石门村')

    const landscape = await makeJpeg(page, 4000, 3000, 1)
    const started = Date.now()
    await pickPhotos(page, [landscape])
    const firstMs = Date.now() - started
    const upright = withExifOrientation(await makeJpeg(page, 4000, 3000, 2), 6)
    await pickPhotos(page, [upright])

    // Off the main thread: the photo worker did the work, and the page never loaded the fallback's library (the worker
    // had failed on every photo in Debian's Chromium and in WebKit, its orientation probe being a JPEG they refused).
    expect(workers.filter((url) => /photo-worker-[\w-]+\.js$/.test(url))).toHaveLength(1)
    expect(requested.filter((url) => url.includes('browser-image-compression'))).toEqual([])

    const rows = await storedAttachments(page)
    expect(rows).toHaveLength(4)
    for (const row of rows) {
      // Named by the SHA-256 of exactly the stored bytes; the recorded size and dimensions are the blob's own.
      expect(row.blob!.sha256).toBe(row.hash)
      expect(row.blob!.size).toBe(row.bytes)
      expect([row.blob!.width, row.blob!.height]).toEqual([row.width, row.height])
      expect(row.type).toBe('image/jpeg')
      expect(row.blob!.type).toBe('image/jpeg')
      expect(row.uploadState).toBe('pending')
    }
    const photos = byRole(rows, 'photo').sort((a, b) => b.width - a.width)
    const thumbnails = byRole(rows, 'thumbnail').sort((a, b) => b.width - a.width)
    expect(photos.map((p) => [p.width, p.height])).toEqual([
      [1920, 1440],
      [1440, 1920],
    ])
    expect(thumbnails.map((p) => [p.width, p.height])).toEqual([
      [320, 240],
      [240, 320],
    ])
    // Turned 90° clockwise: the red "up" block of the stored-landscape pixels is now at the top right, not top left.
    expect(isReddish(photos[0]!.blob!.topLeft)).toBe(true)
    // No stamp unless chosen under 我的: the light band at the bottom is as drawn.
    expect(photos[0]!.blob!.bottomLeft[0]).toBeGreaterThan(200)
    expect(isReddish(photos[1]!.blob!.topLeft)).toBe(false)
    for (const photo of photos) expect(photo.bytes).toBeLessThan(1.5 * 1024 * 1024)

    // The same form's record keeps the refs: what the form shows is what is stored.
    const id = await saveForm(page, 'visits')
    expect(id).toBeTruthy()
    await eventually(() => page.getByTestId('photo-open').count()).toBe(2)

    // Time from the file chooser to a stored, shown photo, for 12-megapixel photos (compress, thumbnail, hash, store).
    const timings = [firstMs]
    await page.getByTestId('edit-record').click()
    await waitForFormReady(page)
    for (const seed of [3, 4, 5, 6]) {
      const file = await makeJpeg(page, 4000, 3000, seed)
      const t0 = Date.now()
      await pickPhotos(page, [file])
      timings.push(Date.now() - t0)
    }
    const sorted = [...timings].sort((a, b) => a - b)
    const stored = byRole(await storedAttachments(page), 'photo')
    const thumbs = byRole(await storedAttachments(page), 'thumbnail')
    const mean = (list: StoredAttachment[]) => Math.round(list.reduce((sum, r) => sum + r.bytes, 0) / list.length)
    console.log(
      `[photos] 12 MP pick-to-stored ms: ${timings.join(', ')}; median ${sorted[Math.floor(sorted.length / 2)]}; stored per photo: full ${mean(stored)} B + thumbnail ${mean(thumbs)} B (${stored.length} photos)`,
    )
  })

  it('adds two photos with captions to a visit offline; they survive a reload, the draft and the save, and open full size', async () => {
    const { context, page } = await suite.openPhone()
    await page.goto('/')
    await page.getByTestId('count-studySessions').waitFor()
    await waitForServiceWorkerControl(page)
    await context.setOffline(true)

    await openNewForm(page, 'visits')
    await fillField(page, 'place', '凤凰山景区')
    await pickPhotos(page, [
      await makeJpeg(page, 2000, 1500, 11, 'IMG_0011.jpg'),
      await makeJpeg(page, 1500, 2000, 12, 'IMG_0012.jpg'),
    ])
    await fillField(page, 'photos.0.caption', '景区停车场旺季车位不足')
    await fillField(page, 'photos.1.caption', '文创产品以钥匙扣、冰箱贴为主')
    // 待上传 only means something with an account: without one, nothing is ever uploaded.
    expect(await page.getByTestId('photo-pending').count()).toBe(0)

    // The phone locks or the tab is killed before 保存: the draft holds the photos and captions.
    await eventually(() =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const request = indexedDB.open('xuesijian')
            request.onsuccess = () => {
              const get = request.result.transaction('drafts').objectStore('drafts').get('visits:new')
              get.onsuccess = () =>
                resolve(
                  (get.result as { fields: { photos?: { caption: string }[] } } | undefined)?.fields.photos?.filter(
                    (p) => p.caption !== '',
                  ).length ?? 0,
                )
            }
          }),
      ),
    ).toBe(2)
    await page.reload()
    await dialogWith(page, '草稿').getByRole('button', { name: '恢复草稿' }).click()
    await waitForFormReady(page)
    expect(await page.getByTestId('photo-item').count()).toBe(2)
    expect(await valueOf(field(page, 'photos.1.caption'))).toBe('文创产品以钥匙扣、冰箱贴为主')

    await saveForm(page, 'visits')
    await page.reload()
    await page.getByText('景区停车场旺季车位不足').waitFor()
    await page.getByText('文创产品以钥匙扣、冰箱贴为主').waitFor()
    await eventually(() => page.locator('[data-testid="photo-open"] img').count()).toBe(2)

    await page.getByTestId('photo-open').first().click()
    const viewer = page.locator('.van-image-preview').filter({ visible: true })
    await viewer.waitFor()
    await eventually(() => viewer.locator('img').first().getAttribute('src')).toMatch(/^blob:/)
    expect(await textOf(viewer.locator('.van-image-preview__index'))).toBe('1 / 2')
    // The full-size copy, not the thumbnail.
    await eventually(() =>
      viewer
        .locator('img')
        .first()
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBe(1920)

    await page.goBack()
    await openList(page, 'visits')
    await eventually(() => cards(page).first().locator('[data-testid="card-photos"] img').count()).toBe(2)
  })
})

describe('photo stamp and freeing space', () => {
  it('stamps date, time and place onto new photos when chosen under 我的', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/me')
    await page.getByTestId('photo-stamp').click()
    await openNewForm(page, 'visits')
    await fillField(page, 'place', '桃源镇石门村')
    await pickPhotos(page, [await makeJpeg(page, 4000, 3000, 31)])
    const [photo] = byRole(await storedAttachments(page), 'photo')
    // The stamp's dark band covers the bottom left, where the drawn picture is light.
    expect(photo!.blob!.bottomLeft[0]).toBeLessThan(160)
    expect(isReddish(photo!.blob!.topLeft)).toBe(true)
  })

  it('frees uploaded originals under 我的, keeps thumbnails, and the viewer says where the original is', async () => {
    const { page } = await suite.openPhone()
    await openNewForm(page, 'visits')
    await fillField(page, 'place', '青石镇文化站')
    await pickPhotos(page, [await makeJpeg(page, 4000, 3000, 41)])
    const id = await saveForm(page, 'visits')
    await page.goto('/me')
    await eventually(() => textOf(page.getByTestId('photo-originals'))).toMatch(/1 张 · \d+(\.\d)? (KB|MB)/)
    expect(await textOf(page.getByTestId('photo-free'))).toContain('照片上传后才能释放')

    // What the upload queue (later work) will do once the server has the bytes.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const request = indexedDB.open('xuesijian')
          request.onsuccess = () => {
            const tx = request.result.transaction('attachments', 'readwrite')
            const store = tx.objectStore('attachments')
            const all = store.getAll()
            all.onsuccess = () => {
              for (const row of all.result as { uploadState: string }[]) store.put({ ...row, uploadState: 'uploaded' })
            }
            tx.oncomplete = () => resolve()
          }
        }),
    )
    await page.reload()
    await eventually(() => textOf(page.getByTestId('photo-free'))).toContain('可释放')
    await page.getByTestId('photo-free').click()
    await dialogWith(page, '缩略图保留').locator('.van-dialog__confirm').click()
    await eventually(() => textOf(page.getByTestId('photo-originals'))).toContain('1 张原图只在服务器上')
    expect(await textOf(page.getByTestId('photo-thumbnails'))).toMatch(/^缩略图\s*1 张/)
    const rows = await storedAttachments(page)
    expect(byRole(rows, 'photo')[0]!.blob).toBeNull()
    expect(byRole(rows, 'thumbnail')[0]!.blob).not.toBeNull()

    await page.goto(`/visits/${id}`)
    await page.getByTestId('photo-open').locator('img').waitFor()
    await page.getByTestId('photo-open').click()
    const viewer = page.locator('.van-image-preview').filter({ visible: true })
    await eventually(() =>
      viewer
        .locator('img')
        .first()
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBe(320)
    await page.locator('.van-toast').filter({ hasText: '原图已上传到服务器，联网后将自动下载' }).waitFor()
  })
})

describe('location', () => {
  const POINT = { latitude: 29.0312345, longitude: 111.6987654, accuracy: 12 }

  it('fills a visit’s position from the GPS and copies it', async () => {
    const { context, page } = await suite.openPhone({
      geolocation: POINT,
      permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
    })
    await page.goto('/')
    await page.getByTestId('count-studySessions').waitFor()
    await waitForServiceWorkerControl(page)
    // GPS needs no network: the position comes offline too.
    await context.setOffline(true)
    await openNewForm(page, 'visits')
    await fillField(page, 'place', '桃源镇石门村')
    await page.locator('[data-field="location"]').getByTestId('take-location').click()
    await eventually(() => textOf(page.locator('[data-field="location"]').getByTestId('geo-point'))).toBe(
      '29.031235, 111.698765 ±12米',
    )
    await page.locator('[data-field="location"]').getByTestId('copy-location').click()
    await page.getByText('坐标已复制').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('29.031235, 111.698765')

    await saveForm(page, 'visits')
    await page.reload()
    await eventually(() => textOf(page.getByTestId('geo-point'))).toBe('29.031235, 111.698765 ±12米')
  })

  it('takes the arrival position as a new visit form opens, where the phone allows it, and says so; leaving at once keeps no draft', async () => {
    const { page } = await suite.openPhone({ geolocation: POINT, permissions: ['geolocation'] })
    await page.goto('/')
    await openNewForm(page, 'visits')
    const arrival = page.locator('[data-field="location"]')
    await eventually(() => textOf(arrival.getByTestId('geo-point'))).toBe('29.031235, 111.698765 ±12米')
    expect(await textOf(arrival.getByTestId('location-on-open'))).toBe('打开表单时已自动获取到达位置')
    // Only the arrival: the position on leaving waits for its tap.
    expect(await page.locator('[data-field="endLocation"]').getByTestId('geo-point').count()).toBe(0)
    // Nothing typed: no draft is offered back on 首页 or in the next form.
    await page.waitForTimeout(800)
    expect(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('xuesijian')
            open.onsuccess = () => {
              const count = open.result.transaction('drafts').objectStore('drafts').count()
              count.onsuccess = () => resolve(count.result)
            }
          }),
      ),
    ).toBe(0)

    await fillField(page, 'place', '桃源镇石门村')
    await saveForm(page, 'visits')
    expect(await textOf(page.getByTestId('geo-point'))).toBe('29.031235, 111.698765 ±12米')
  })

  it('asks nothing on opening where the phone has not allowed the position: it waits for the tap', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await openNewForm(page, 'visits')
    await page.waitForTimeout(800)
    expect(await page.getByTestId('location-error').count()).toBe(0)
    expect(await page.getByTestId('geo-point').count()).toBe(0)
    expect(await textOf(page.locator('[data-field="location"]').getByTestId('take-location'))).toBe('获取当前位置')
  })

  it('says in Chinese why there is no position when permission is refused, and the visit still saves', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await openNewForm(page, 'visits')
    await fillField(page, 'place', '青石镇文化站')
    await page.locator('[data-field="location"]').getByTestId('take-location').click()
    await eventually(() => textOf(page.getByTestId('location-error'))).toContain('没有定位权限')
    expect(await textOf(page.getByTestId('location-error'))).toContain('不带位置也可以保存记录')

    await saveForm(page, 'visits')
    await page.getByRole('heading', { level: 1, name: '青石镇文化站' }).waitFor()
    expect(await page.getByTestId('geo-point').count()).toBe(0)
  })
})
