/**
 * Screenshots of the organization screens (issue "Units and roles"): 组织管理's tree and its 新建党组织 form, a unit's
 * own screen, 我的 with 我的组织, and a secretary's 成员 with who has signed in (and its 添加成员 form refusing a name).
 * On a server of their own; part of screenshots.ts, `npm run screenshots -- --only=organization` takes these alone.
 */
import type { Page } from 'playwright-core'
import {
  createAccountByApi,
  E2E_PASSWORD,
  signInByApi,
  signInThroughUi,
  SUITE_ADMIN,
  apiCall,
} from './support/accounts'
import {
  fillUnitForm,
  memberRow,
  myUnitRow,
  openOrganization,
  submitMemberByName,
  unitRow,
} from './support/organization'
import { startServer } from './support/server'
import { fieldError } from './support/ui'

type Shoot = (page: Page, screen: string) => Promise<void>

const api = apiCall

/** Vant shows a toast (登录成功，正在同步) for two seconds: wait it out rather than photograph it over the screen. */
async function toastGone(page: Page): Promise<void> {
  await page.locator('.van-toast').filter({ visible: true }).waitFor({ state: 'hidden' })
}

const PEOPLE = [
  ['zhanglx', '张立新'],
  ['liuwj', '刘文静'],
  ['wangjg', '王建国'],
  ['limh', '李明华'],
  ['zhaoxm', '赵雪梅'],
  ['chenzq', '陈志强'],
  ['sunli', '孙丽'],
] as const
type Person = (typeof PEOPLE)[number][0]

export async function shootOrganization(openPage: (origin: string) => Promise<Page>, shoot: Shoot): Promise<void> {
  const server = await startServer()
  try {
    const origin = server.origin
    await createAccountByApi(origin, 'zhouht')
    const admin = await signInByApi(origin, SUITE_ADMIN.name, SUITE_ADMIN.password)
    const ids = {} as Record<Person, string>
    for (const [name, displayName] of PEOPLE)
      ids[name] = (
        await api<{ account: { id: string } }>(origin, 'POST', '/api/admin/accounts', admin, {
          name,
          password: E2E_PASSWORD,
          displayName,
        })
      ).account.id
    const unit = async (kind: string, name: string, parentId: string | null) =>
      (await api<{ unit: { id: string } }>(origin, 'POST', '/api/admin/units', admin, { kind, name, parentId })).unit.id
    const work = await unit('workCommittee', '市直机关工委', null)
    const committee = await unit('partyCommittee', '市文化和旅游局党委', work)
    const group = await unit('centerGroup', '局党委理论学习中心组', committee)
    const branch = await unit('branch', '机关第一党支部', committee)
    await unit('partyGroupCell', '第一党小组', branch)
    await unit('branch', '机关第二党支部', committee)
    const member = (unitId: string, who: Person, body: { role?: string; canRecord?: boolean } = {}) =>
      api(origin, 'PUT', `/api/units/${unitId}/members/${ids[who]}`, admin, body)
    await member(group, 'zhanglx', { role: 'secretary' })
    await member(group, 'liuwj', { canRecord: true })
    for (const who of ['wangjg', 'limh', 'zhaoxm', 'chenzq'] as const) await member(group, who)
    await member(branch, 'zhanglx')
    await member(branch, 'sunli', { role: 'secretary' })
    await api(origin, 'PUT', `/api/admin/units/${committee}/reviewers/${ids.zhanglx}`, admin)
    // Some have signed in (their phones), some not yet: what 成员 is for.
    for (const who of ['liuwj', 'wangjg', 'limh'] as const) await signInByApi(origin, who)

    const adminPhone = await openPage(origin)
    await signInThroughUi(adminPhone, SUITE_ADMIN.name, SUITE_ADMIN.password)
    await openOrganization(adminPhone)
    await unitRow(adminPhone, '机关第二党支部').waitFor()
    await shoot(adminPhone, 'organization-tree')
    await fillUnitForm(adminPhone, { kind: '党支部', name: '机关第三党支部', parent: '市文化和旅游局党委' })
    await shoot(adminPhone, 'organization-add')
    await adminPhone.goto(`/admin/units/${group}`)
    await memberRow(adminPhone, '陈志强').waitFor()
    await shoot(adminPhone, 'organization-unit')

    const secretary = await openPage(origin)
    await signInThroughUi(secretary, 'zhanglx')
    await myUnitRow(secretary, '局党委理论学习中心组').waitFor({ timeout: 20_000 })
    await secretary.evaluate(() => {
      const section = document.querySelector('[data-testid="my-units"]')
      if (section) window.scrollBy(0, section.getBoundingClientRect().top - 100)
    })
    await toastGone(secretary)
    await shoot(secretary, 'me-my-units')
    await myUnitRow(secretary, '局党委理论学习中心组').click()
    await memberRow(secretary, '陈志强').waitFor()
    await toastGone(secretary)
    await shoot(secretary, 'organization-members')
    await submitMemberByName(secretary, 'zhouhaitao')
    await fieldError(secretary, 'name').waitFor()
    await shoot(secretary, 'organization-members-add')
  } finally {
    await server.close()
  }
}
