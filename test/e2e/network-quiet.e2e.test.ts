/**
 * A day of use leaves the console free of errors: nothing is sent while the browser says it is offline (each such
 * request failed and was logged), and a photo's upload is an ordinary exchange (asking where a new upload stands was
 * answered 404 "not uploaded yet", which the browser logs as an error).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createAccountByApi, signInThroughUi } from './support/accounts'
import { eventually, textOf } from './support/expect'
import { makeJpeg, pickPhotos, storedAttachments } from './support/photos'
import { createVisit } from './support/records'
import { setupE2e } from './support/suite'
import { fillField, openNewForm, saveForm, waitForServiceWorkerControl } from './support/ui'

const suite = setupE2e()

/** Every request the page makes to the API, and every error the console shows, from now on. */
function watch(page: Page): { requests: string[]; errors: string[]; failedAnswers: string[] } {
  const seen = { requests: [] as string[], errors: [] as string[], failedAnswers: [] as string[] }
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/')) seen.requests.push(`${request.method()} ${url.pathname}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400) seen.failedAnswers.push(`${response.status()} ${new URL(response.url()).pathname}`)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text())
  })
  return seen
}

describe('a quiet network', () => {
  it('sends no request while the browser says it is offline, says why the changes wait, and syncs when it is back', async () => {
    const { context, page } = await suite.openPhone()
    await createAccountByApi(suite.origin(), 'zhouhaitao')
    await signInThroughUi(page, 'zhouhaitao')
    await waitForServiceWorkerControl(page)
    await page
      .getByTestId('pending-count')
      .filter({ hasText: /\b0 条修改/ })
      .waitFor()
    // Watched from the moment the page itself says offline: a request the app issued a moment before (the long
    // poll answering 'changed' just as the switch went) is what onLine's lag allows, not what this test is about.
    await context.setOffline(true)
    await eventually(() => page.evaluate(() => navigator.onLine)).toBe(false)
    const seen = watch(page)
    await page.goto('/')
    await page.getByTestId('count-studySessions').waitFor()
    await createVisit(page, { place: '青石镇文化站', findings: '文化站周末开放时间短。' })
    // Past the sync 2 s after the save, and past a retry.
    await page.waitForTimeout(4500)
    await page.goto('/me')
    await eventually(() => textOf(page.getByTestId('sync-error'))).toContain('网络不可用')
    expect(await textOf(page.getByTestId('pending-count'))).toMatch(/\s1 条修改$/)
    expect(seen.requests).toEqual([])
    expect(seen.errors).toEqual([])

    await context.setOffline(false)
    await eventually(() => textOf(page.getByTestId('pending-count')), 20_000).toMatch(/\s0 条修改$/)
    expect(seen.requests).toContain('POST /api/sync/push')
    expect(seen.errors).toEqual([])
  })

  it('uploads a photo just taken without an error in the console', async () => {
    const { page } = await suite.openPhone()
    await createAccountByApi(suite.origin(), 'wuxiaoyan')
    await signInThroughUi(page, 'wuxiaoyan')
    const seen = watch(page)
    await openNewForm(page, 'visits')
    await fillField(page, 'place', '凤凰山景区')
    await pickPhotos(page, [await makeJpeg(page, 2400, 1800, 31, 'IMG_0031.jpg')])
    await saveForm(page, 'visits')
    await eventually(async () => (await storedAttachments(page)).map((row) => row.uploadState).join(), 30_000).toBe(
      'uploaded,uploaded',
    )
    expect(seen.requests.filter((r) => r.startsWith('PUT /api/blobs/')).length).toBeGreaterThanOrEqual(2)
    expect(seen.failedAnswers).toEqual([])
    expect(seen.errors).toEqual([])
  })
})
