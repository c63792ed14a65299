import { describe, expect, it } from 'vitest'
import { createAccountByApi, signInThroughUi } from './support/accounts'
import { eventually, textOf } from './support/expect'
import { createVisit, fillVisit } from './support/records'
import { setupE2e } from './support/suite'
import { makeJpeg, pickPhotos, storedAttachments } from './support/photos'
import { cards, fillField, openList, openNewForm, saveForm, waitForServiceWorkerControl } from './support/ui'

const suite = setupE2e()

describe('sync between two phones of one account', () => {
  it('a visit recorded offline on one phone appears on the other, without reloading, once the first is back online', async () => {
    const a = await suite.openPhone()
    const b = await suite.openPhone()
    await createAccountByApi(suite.origin(), 'liwei')
    await signInThroughUi(a.page, 'liwei')
    await signInThroughUi(b.page, 'liwei')
    await waitForServiceWorkerControl(a.page)

    // b keeps the visits list open the whole time.
    await openList(b.page, 'visits')
    const navigations: string[] = []
    b.page.on('framenavigated', (frame) => {
      if (frame === b.page.mainFrame()) navigations.push(frame.url())
    })

    await a.context.setOffline(true)
    await createVisit(a.page, {
      place: '青石镇石门村',
      findings: '村文化中心平日大门紧锁，群众反映活动少。',
      problems: [{ description: '文化中心缺少专职管理员', category: '公共文化服务' }],
    })
    await a.page.getByTestId('pending-status').waitFor()
    await openList(a.page, 'visits')
    const card = cards(a.page).filter({ hasText: '青石镇石门村' })
    expect(await textOf(card.getByTestId('sync-mark'))).toBe('未同步')
    // Offline for a while: nothing reaches b.
    await a.page.waitForTimeout(1500)
    expect(await cards(b.page).count()).toBe(0)

    await a.context.setOffline(false)
    await eventually(() => card.getByTestId('sync-mark').count()).toBe(0)
    await eventually(() => cards(b.page).filter({ hasText: '青石镇石门村' }).count(), 20_000).toBe(1)
    expect(await textOf(cards(b.page).first())).toContain('1 个问题')
    expect(navigations).toEqual([])
  })

  it('a photo taken offline on one phone reaches the other: thumbnail in the list, full size when opened', async () => {
    const a = await suite.openPhone()
    const b = await suite.openPhone()
    await createAccountByApi(suite.origin(), 'zhaomin')
    await signInThroughUi(a.page, 'zhaomin')
    await signInThroughUi(b.page, 'zhaomin')
    await waitForServiceWorkerControl(a.page)
    await openList(b.page, 'visits')

    await a.context.setOffline(true)
    await openNewForm(a.page, 'visits')
    await fillField(a.page, 'place', '凤凰山景区')
    await pickPhotos(a.page, [await makeJpeg(a.page, 2400, 1800, 21, 'IMG_0021.jpg')])
    await fillField(a.page, 'photos.0.caption', '游客服务中心')
    // Signed in and offline: the photo waits to be uploaded, and says so.
    expect(await textOf(a.page.getByTestId('photo-pending'))).toBe('待上传')
    const id = await saveForm(a.page, 'visits')
    const taken = await storedAttachments(a.page)
    expect(taken.map((row) => [row.role, row.uploadState]).sort()).toEqual([
      ['photo', 'pending'],
      ['thumbnail', 'pending'],
    ])

    await a.context.setOffline(false)
    const card = cards(b.page).filter({ hasText: '凤凰山景区' })
    await eventually(() => card.count(), 30_000).toBe(1)
    // The thumbnail came with the record, without opening it.
    await eventually(() => card.locator('[data-testid="card-photos"] img').count(), 30_000).toBe(1)

    await card.click()
    await b.page.waitForURL(new RegExp(`/visits/${id}$`))
    await b.page.getByText('游客服务中心').waitFor()
    await b.page.getByTestId('photo-open').click()
    const viewer = b.page.locator('.van-image-preview').filter({ visible: true })
    await viewer.waitFor()
    // The original, fetched when the record was opened: the same bytes as on the phone that took it.
    await eventually(
      () =>
        viewer
          .locator('img')
          .first()
          .evaluate((img) => (img as HTMLImageElement).naturalWidth),
      30_000,
    ).toBe(1920)
    // Both phones hold the same bytes under the same names, and the first knows they are on the server.
    const sha = (rows: Awaited<ReturnType<typeof storedAttachments>>) =>
      rows.map((row) => `${row.role}:${row.hash}:${row.blob?.sha256}`).sort()
    await eventually(async () => sha(await storedAttachments(b.page)), 30_000).toEqual(sha(taken))
    await eventually(async () => (await storedAttachments(a.page)).map((row) => row.uploadState), 30_000).toEqual([
      'uploaded',
      'uploaded',
    ])
  })

  it('shows a conflict on both phones and settles it on one', async () => {
    const a = await suite.openPhone()
    const b = await suite.openPhone()
    await createAccountByApi(suite.origin(), 'wangfang')
    await signInThroughUi(a.page, 'wangfang')
    await signInThroughUi(b.page, 'wangfang')
    const id = await createVisit(a.page, { place: '柳河村', summary: '初稿' })
    await openList(b.page, 'visits')
    await eventually(() => cards(b.page).count(), 20_000).toBe(1)
    // The pages below are opened offline: from each phone's service worker, once it has installed (as after any
    // first visit; on a busy machine the install can still be under way here).
    await waitForServiceWorkerControl(a.page)
    await waitForServiceWorkerControl(b.page)

    // Both edit the summary while apart.
    await a.context.setOffline(true)
    await b.context.setOffline(true)
    for (const [phone, summary] of [
      [a, '甲手机：协调文化站周末开放'],
      [b, '乙手机：联系志愿者开展活动'],
    ] as const) {
      await phone.page.goto(`/visits/${id}/edit`)
      await phone.page.locator('form button[type="submit"]:not([disabled])').waitFor()
      await fillVisit(phone.page, { place: '柳河村', summary })
      await saveForm(phone.page, 'visits')
    }
    await a.context.setOffline(false)
    await a.page.getByTestId('pending-status').waitFor({ state: 'detached' })
    await b.context.setOffline(false)
    await b.page.getByTestId('conflict-status').waitFor({ timeout: 20_000 })
    await a.page.getByTestId('conflict-status').waitFor({ timeout: 20_000 })

    await b.page.getByTestId('open-conflicts').click()
    await b.page.waitForURL(/\/conflicts$/)
    expect(await textOf(b.page.getByTestId('conflict-current'))).toContain('甲手机：协调文化站周末开放')
    expect(await textOf(b.page.getByTestId('conflict-other'))).toContain('乙手机：联系志愿者开展活动')
    await b.page.getByTestId('keep-other').click()
    await b.page.waitForURL(new RegExp(`/visits/${id}$`))
    await eventually(() => b.page.getByTestId('conflict-status').count()).toBe(0)
    await eventually(() => a.page.getByTestId('conflict-status').count(), 20_000).toBe(0)
    await eventually(
      () => textOf(a.page.locator('.detail-page').getByText('乙手机：联系志愿者开展活动')),
      20_000,
    ).toContain('乙手机')
  })
})
