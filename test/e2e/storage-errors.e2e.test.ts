import { describe, expect, it } from 'vitest'
import { eventually, textOf, valueOf } from './support/expect'
import { setupE2e } from './support/suite'
import { cards, dialogWith, field, fillField, openList, openNewForm, saveButton, saveForm } from './support/ui'

const suite = setupE2e()

declare global {
  interface Window {
    __failWrites?: boolean
  }
}

describe('a full disk', () => {
  it('says so in Chinese, keeps the input, and saves once there is room again', async () => {
    const { context, page } = await suite.openPhone()
    // Every IndexedDB write fails, as on a phone whose storage is full, while the test says so.
    await context.addInitScript(() => {
      for (const method of ['put', 'add'] as const) {
        const original = IDBObjectStore.prototype[method]
        IDBObjectStore.prototype[method] = function (
          this: IDBObjectStore,
          ...args: Parameters<IDBObjectStore['put']>
        ): IDBRequest<IDBValidKey> {
          if (window.__failWrites === true) throw new DOMException('quota', 'QuotaExceededError')
          return original.apply(this, args)
        }
      }
    })
    await page.goto('/')
    await openNewForm(page, 'study')
    const topic = '学习《中国共产党纪律处分条例》'
    await fillField(page, 'topic', topic)
    await fillField(page, 'place', '局机关党建活动室')

    await page.evaluate(() => {
      window.__failWrites = true
    })
    await saveButton(page).click()
    const alert = dialogWith(page, '存储空间不足')
    await alert.waitFor()
    expect(await textOf(alert)).toContain('已填写的内容不会丢失')
    await alert.getByRole('button', { name: '确定' }).click()
    await alert.waitFor({ state: 'hidden' })
    expect(new URL(page.url()).pathname).toBe('/study/new')
    expect(await valueOf(field(page, 'topic'))).toBe(topic)
    expect(await valueOf(field(page, 'place'))).toBe('局机关党建活动室')

    await page.evaluate(() => {
      window.__failWrites = false
    })
    await saveForm(page, 'study')
    await page.getByRole('heading', { name: topic }).waitFor()
    await openList(page, 'study')
    await eventually(() => cards(page).filter({ hasText: topic }).count()).toBe(1)
  })
})
