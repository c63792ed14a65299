/**
 * Screenshots of every screen, light and dark, with realistic records entered through the UI, into
 * docs/screenshots/<screen>-<light|dark>.png (390×844 viewport at 2×). Serves the existing dist/ (build first:
 * `npm run screenshots` does). Look at them after: a screen that renders boxes instead of Chinese, overlaps, or
 * stays light in dark mode is a bug even when this script succeeds.
 *
 * Each theme gets its own empty server, so both show the first-run screen and neither sees the other's records.
 * The phone records first without an account (the screens most people see), then creates the administrator,
 * manages users, and meets a second phone of the same account to produce a real conflict.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { accountRow, addAccountThroughUi, openSignIn } from './support/accounts'
import { backUpThroughUi, pickBackupFile, restoreConfirm } from './support/backup'
import { launchBrowser, newPhoneContext } from './support/browser'
import { makeJpeg, pickPhotos } from './support/photos'
import {
  createVisit,
  fillReadingNote,
  fillStudySession,
  fillVisit,
  type ReadingNoteInput,
  type StudySessionInput,
  type VisitInput,
} from './support/records'
import {
  cards,
  dialogWith,
  fillField,
  openList,
  openNewForm,
  saveForm,
  waitForFormReady,
  waitForServiceWorkerControl,
  type RecordPath,
} from './support/ui'
import { startServer } from './support/server'
import { shootExports } from './screenshots-exports'
import { shootUnitRecords } from './screenshots-units'
import { shootOrganization } from './screenshots-organization'
import { shootDay } from './screenshots-day'
import { addDays, localDate } from '../../src/shared/dates'
import { NAME_SHIM } from '../bench/probes'
import { buildRows, putBatch, waitForAppDatabase, type SeedRow } from '../bench/seed'

type Theme = 'light' | 'dark'

/** `npm run screenshots -- --only=reporting` (or `=exports`, `=units`, `=organization`, `=day`) shoots one group of screens, for a quick look. */
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length)

const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')

const SESSION: StudySessionInput = {
  topic: '学习贯彻习近平文化思想',
  place: '局三楼会议室',
  host: '张立新',
  leadSpeaker: '刘文静',
  materials: ['《习近平文化思想学习纲要》', '习近平总书记关于文化和旅游工作的重要论述'],
  summary:
    '会议由张立新同志主持，刘文静同志领学了《习近平文化思想学习纲要》。会议强调，要把理论学习成果转化为推动文旅事业高质量发展的强大动力，在文旅惠民和产业发展上下功夫。',
  expected: 9,
  present: ['张立新', '刘文静', '王建国', '李明华', '赵雪梅', '陈志强', '孙丽'],
  absent: [
    { name: '周海涛', reason: '外出参加全省文旅系统培训' },
    { name: '吴晓燕', reason: '病假' },
  ],
  speeches: [
    { speaker: '李明华', gist: '要坚持以文塑旅、以旅彰文，推动公共文化服务向农村延伸，把村文化中心真正用起来。' },
  ],
  tags: ['中心组', '一学一报'],
}

const LINKED_NOTE: ReadingNoteInput = {
  kind: '心得体会',
  title: '《习近平文化思想学习纲要》',
  chapter: '第三章 坚持以人民为中心的工作导向',
  page: '45',
  reflection:
    '通过这次中心组学习，深刻体会到文化工作要坚持以人民为中心，把群众满意作为检验标准。结合分管的公共文化服务工作，要在基层阵地建设和管理使用上下更大功夫。',
  sessionTopic: SESSION.topic,
  tags: ['读原著'],
}

const NOTE: ReadingNoteInput = {
  kind: '原文摘抄',
  title: '《习近平谈治国理政》第四卷',
  author: '习近平',
  page: '317',
  excerpt: '江山就是人民，人民就是江山。打江山、守江山，守的是人民的心。',
  reflection: '走访中看到村文化中心利用率不高，更加体会到文化惠民要从群众需要出发，不能只建不用。',
}

const VILLAGE_VISIT: VisitInput = {
  kind: '联系包帮村',
  place: '桃源镇石门村',
  address: '桃源镇石门村村委会',
  companions: ['王建国', '赵雪梅'],
  households: [{ name: '石秀兰', situation: '独居老人，子女在外务工，身体状况一般' }],
  findings: '村文化中心利用率不高，平日大门紧锁，群众反映文化活动少；农家书屋近两年新书补充较少，借阅登记记录不多。',
  problems: [
    {
      description: '村文化中心缺少专职管理员，开放时间不固定',
      category: '公共文化服务',
      raisedBy: '村党支部书记石国庆',
      status: '办理中',
    },
    { description: '农家书屋新书补充较少', category: '公共文化服务', raisedBy: '村民代表', status: '待办' },
  ],
  summary: '下一步协调镇综合文化站，落实文化中心专人管理和固定开放时间。',
  tags: ['公共文化'],
}

const ADMIN = { name: 'zhanglixin', displayName: '张立新', password: '党建引领 2026' }
const USERS = [
  { name: 'liuwenjing', displayName: '刘文静', password: '刘文静的密码 2026' },
  { name: 'wangjianguo', displayName: '王建国', password: '王建国的密码 2026' },
]

/** The village visit's 主要发现, as each phone rewrote it while the other could not see: a long text in conflict. */
const FINDINGS_THIS_PHONE =
  '村文化中心利用率不高，平日大门紧锁，群众反映文化活动少。经与村党支部书记石国庆沟通，初步商定由村委会安排一名公益性岗位人员兼任管理员，每周二、四、六下午固定开放。'
const FINDINGS_OTHER_PHONE =
  '村文化中心平日大门紧锁，农家书屋近两年新书补充较少，借阅登记记录不多。群众希望多开展戏曲、广场舞等活动，建议镇综合文化站每月组织一次文艺演出下乡。'

const SCENIC_VISIT: VisitInput = {
  kind: '调查研究',
  place: '凤凰山景区',
  companions: ['李明华'],
  findings: '景区文创产品以钥匙扣、冰箱贴为主，文创产品缺乏特色；旅游旺季停车场车位有限，周边道路拥堵。',
  problems: [
    {
      description: '旅游旺季停车位不足',
      category: '旅游发展',
      raisedBy: '景区管委会',
      status: '已办结',
      resolution: '协调交警部门在旺季开辟临时停车场，并增设引导标识。',
    },
    { description: '文创产品缺乏特色', category: '旅游发展', raisedBy: '游客意见簿', status: '待办' },
  ],
}

async function shoot(page: Page, screen: string, theme: Theme): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  // Let a route transition or a popup's closing animation finish before the picture.
  await page.waitForTimeout(300)
  const path = join(OUT_DIR, `${screen}-${theme}.png`)
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' })
  console.log(`saved ${path}`)
}

/** Vant shows one toast at a time, for two seconds: wait it out rather than photograph it over the screen. */
async function waitForToastGone(page: Page): Promise<void> {
  await page.locator('.van-toast').filter({ visible: true }).waitFor({ state: 'hidden' })
}

async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
    window.scrollTo(0, 0)
  })
}

/** Fills a form, photographs it filled in, saves, and photographs the detail page (reloaded: no toast). */
async function createAndShoot(
  page: Page,
  path: RecordPath,
  screen: string,
  theme: Theme,
  fill: () => Promise<void>,
  isShot: boolean,
): Promise<string> {
  await openNewForm(page, path)
  await fill()
  if (isShot) {
    await scrollToTop(page)
    await shoot(page, `${screen}-form`, theme)
  }
  const id = await saveForm(page, path)
  if (isShot) {
    await page.reload()
    await page.getByTestId('edit-record').waitFor()
    await shoot(page, `${screen}-detail`, theme)
  }
  return id
}

/** Where the photographed visit happens (a village in the hills), as the phone's GPS reports it. */
const VISIT_POSITION = { latitude: 29.0312345, longitude: 111.6987654, accuracy: 8 }

/** A fresh phone in the theme: dark is chosen in the settings before the app starts, as a person who set it. */
async function newThemedContext(browser: Browser, origin: string, theme: Theme): Promise<BrowserContext> {
  const context = await newPhoneContext(browser, origin, { geolocation: VISIT_POSITION, permissions: ['geolocation'] })
  if (theme === 'dark') {
    await context.addInitScript(() => {
      localStorage.setItem('xsj.settings', JSON.stringify({ locale: 'zh-CN', textSize: 'standard', isDark: true }))
    })
  }
  return context
}

/** Edits the visit's 主要发现 and saves it (online or, with the service worker in control, offline). */
async function editFindings(page: Page, id: string, findings: string): Promise<void> {
  await page.goto(`/visits/${id}/edit`)
  await waitForFormReady(page)
  await fillField(page, 'findings', findings)
  await saveForm(page, 'visits')
}

/** The screens without an account: forms, details, lists, home, 我的, search. Returns the village visit's id. */
async function shootRecords(page: Page, theme: Theme): Promise<string> {
  await page.goto('/')

  await createAndShoot(page, 'study', 'study', theme, () => fillStudySession(page, SESSION), true)
  await createAndShoot(page, 'notes', 'notes', theme, () => fillReadingNote(page, NOTE), false)
  // The linked note last, so its detail shows the link to the session.
  await createAndShoot(page, 'notes', 'notes', theme, () => fillReadingNote(page, LINKED_NOTE), true)
  await createAndShoot(page, 'visits', 'visits', theme, () => fillVisit(page, SCENIC_VISIT), false)
  const villageId = await createAndShoot(page, 'visits', 'visits', theme, () => fillVisit(page, VILLAGE_VISIT), true)

  for (const path of ['study', 'notes', 'visits'] as const) {
    await openList(page, path)
    await page.locator('main').getByRole('article').first().waitFor()
    await shoot(page, `${path}-list`, theme)
  }

  await page.goto('/')
  await page.locator('main').getByRole('article').first().waitFor()
  await shoot(page, 'home', theme)

  await page.goto('/me')
  await page.getByTestId('storage-used').filter({ hasText: /\d/ }).waitFor()
  await page.getByTestId('open-setup').waitFor()
  await shoot(page, 'me', theme)

  await page.goto('/search?q=文化中心')
  await page.getByTestId('search-count').waitFor()
  await page.locator('main').getByRole('article').first().waitFor()
  await shoot(page, 'search', theme)

  await shootPhotos(page, theme)
  return villageId
}

/** Scrolls the element to the top of the screen, just under the fixed nav bar. */
async function scrollUnderNavBar(page: Page, testIdOrField: string): Promise<void> {
  await page.evaluate((selector) => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
    const element = document.querySelector(selector)
    if (element) window.scrollBy(0, element.getBoundingClientRect().top - 56)
  }, testIdOrField)
}

/** A visit with its position and two captioned photos: the form's photo and location blocks, the viewer, 我的's photo storage. */
async function shootPhotos(page: Page, theme: Theme): Promise<void> {
  await openNewForm(page, 'visits')
  await fillField(page, 'place', '青龙村农家书屋')
  await page.locator('[data-field="location"]').getByTestId('take-location').click()
  await page.locator('[data-field="location"]').getByTestId('geo-point').waitFor()
  await pickPhotos(page, [
    await makeJpeg(page, 4000, 3000, 21, 'IMG_2021.jpg'),
    await makeJpeg(page, 3000, 4000, 22, 'IMG_2022.jpg'),
  ])
  await fillField(page, 'photos.0.caption', '农家书屋近两年新书补充较少')
  await fillField(page, 'photos.1.caption', '借阅登记簿，登记记录不多')
  await scrollUnderNavBar(page, '[data-field="location"]')
  await shoot(page, 'visits-location', theme)
  await scrollUnderNavBar(page, '[data-field="photos"]')
  await shoot(page, 'visits-photos-form', theme)
  await saveForm(page, 'visits')
  await page.reload()
  await page.getByTestId('photo-open').first().locator('img').waitFor()
  await page.getByTestId('photo-open').first().click()
  await page.locator('.van-image-preview img').first().waitFor()
  await page.waitForTimeout(500)
  await shoot(page, 'photo-viewer', theme)
  await page.goBack()

  await page.goto('/me')
  await page.getByTestId('photo-originals').filter({ hasText: /2 张/ }).waitFor()
  await scrollUnderNavBar(page, '[data-testid="photo-storage"]')
  await shoot(page, 'me-photos', theme)
}

/** 我的 → 数据备份, then the backup restored on a fresh phone: what the confirmation says before anything is written. */
async function shootBackup(page: Page, fresh: Page, theme: Theme): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('photo-originals').filter({ hasText: /\d 张/ }).waitFor()
  await scrollUnderNavBar(page, '[data-testid="backup-panel"]')
  await page.evaluate(() => window.scrollBy(0, -44))
  await shoot(page, 'me-backup', theme)
  const dir = mkdtempSync(join(tmpdir(), 'xsj-screenshot-backup-'))
  try {
    const backup = await backUpThroughUi(page, dir)
    await fresh.goto('/me')
    await fresh.getByTestId('backup-panel').waitFor()
    await pickBackupFile(fresh, backup.path)
    await restoreConfirm(fresh).waitFor()
    await shoot(fresh, 'backup-restore-confirm', theme)
    await restoreConfirm(fresh).getByRole('button', { name: '取消' }).click()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** 首次使用 → the administrator, then 用户管理 with two more users, one of them disabled. */
async function shootSetupAndAccounts(page: Page, theme: Theme): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('open-setup').click()
  await page.waitForURL(/\/setup$/)
  await fillField(page, 'name', ADMIN.name)
  await fillField(page, 'displayName', ADMIN.displayName)
  await fillField(page, 'password', ADMIN.password)
  await fillField(page, 'confirm', ADMIN.password)
  await scrollToTop(page)
  await shoot(page, 'setup', theme)
  await page.getByTestId('submit').click()
  await page.waitForURL(/\/me$/)
  // The records made before go up with the first sync.
  await page
    .getByTestId('pending-count')
    .filter({ hasText: /\b0 条修改/ })
    .waitFor({ timeout: 30_000 })

  await page.getByTestId('manage-accounts').click()
  await page.waitForURL(/\/admin\/accounts$/)
  await accountRow(page, ADMIN.name).waitFor()
  for (const user of USERS) await addAccountThroughUi(page, user)
  const disabled = accountRow(page, USERS[1]!.name)
  await disabled.getByRole('button', { name: '停用' }).click()
  await dialogWith(page, '停用后').locator('.van-dialog__confirm').click()
  await disabled.locator('.van-tag').filter({ hasText: '已停用' }).waitFor()
  await waitForToastGone(page)
  await shoot(page, 'accounts', theme)
}

/** The sign-in screen on a second phone of the administrator, which then takes part in the conflict. */
async function signInSecondPhone(page: Page, theme: Theme): Promise<void> {
  await openSignIn(page)
  await fillField(page, 'name', ADMIN.name)
  await fillField(page, 'password', ADMIN.password)
  await scrollToTop(page)
  await shoot(page, 'login', theme)
  await page.getByTestId('submit').click()
  await page.waitForURL(/\/me$/)
  await page.getByTestId('account-name').waitFor()
}

/**
 * Both phones rewrite the village visit's 主要发现; the second, offline meanwhile, syncs last and both keep the
 * two versions. Photographs the detail's notice and the conflict screen on the second phone.
 */
async function shootConflict(phone: Page, second: Page, villageId: string, theme: Theme): Promise<void> {
  await openList(second, 'visits')
  await cards(second).filter({ hasText: VILLAGE_VISIT.place }).waitFor({ timeout: 30_000 })
  await waitForServiceWorkerControl(second)
  await second.context().setOffline(true)
  await editFindings(second, villageId, FINDINGS_OTHER_PHONE)
  await editFindings(phone, villageId, FINDINGS_THIS_PHONE)
  await phone.getByTestId('pending-status').waitFor({ state: 'detached', timeout: 30_000 })
  await second.context().setOffline(false)
  await second.getByTestId('conflict-status').waitFor({ timeout: 30_000 })
  await phone.getByTestId('conflict-status').waitFor({ timeout: 30_000 })

  await second.reload()
  await second.getByTestId('conflict-status').waitFor()
  await shoot(second, 'detail-conflict', theme)
  await second.getByTestId('open-conflicts').click()
  await second.waitForURL(/\/conflicts$/)
  await second.getByTestId('conflict').first().waitFor()
  await shoot(second, 'conflict', theme)
}

/** Offline on the first phone: a new visit and an edit wait to be sent; the list marks them, 我的 counts them. */
async function shootUnsynced(page: Page, theme: Theme): Promise<void> {
  await waitForServiceWorkerControl(page)
  await page.context().setOffline(true)
  await createVisit(page, {
    kind: '调查研究',
    place: '青石镇文化站',
    findings: '文化站周末开放时间短，群众文艺团队缺少排练场地。',
    problems: [{ description: '周末开放时间短', category: '公共文化服务', status: '待办' }],
  })
  await openList(page, 'visits')
  await cards(page).filter({ hasText: SCENIC_VISIT.place }).click()
  await page.getByTestId('edit-record').click()
  await waitForFormReady(page)
  await fillField(page, 'summary', '建议景区管委会联合本地非遗传承人开发特色文创产品。')
  await saveForm(page, 'visits')
  await openList(page, 'visits')
  await cards(page).getByTestId('sync-mark').filter({ hasText: '未同步' }).nth(1).waitFor()
  await shoot(page, 'list-unsynced', theme)

  await page.goto('/me')
  await page
    .getByTestId('pending-count')
    .filter({ hasText: /[1-9]\d* 条修改/ })
    .waitFor()
  await page.getByTestId('sync-issues').waitFor()
  // The sync after the last edit found no network: 我的 says why the changes wait.
  await page.getByTestId('sync-error').waitFor()
  await page.getByTestId('storage-used').filter({ hasText: /\d/ }).waitFor()
  await shoot(page, 'me-signed-in', theme)
}

/**
 * 首页's figures, a figure's records, an overdue 一学一报, the reminders, the year view and the settings, over
 * two months of generated records (the few entered through the forms would leave most figures at zero).
 */
async function shootReporting(page: Page, theme: Theme): Promise<void> {
  await page.addInitScript(NAME_SHIM)
  await page.goto('/')
  await waitForAppDatabase(page, 'xuesijian')
  const today = localDate()
  const rows = {
    studySessions: buildRows('studySessions', 70, 21, today, 'screenshots', 75),
    readingNotes: buildRows('readingNotes', 40, 22, today, 'screenshots', 75),
    visits: buildRows('visits', 25, 23, today, 'screenshots', 75),
  }
  // One collective session of five days ago whose packet is not reported: overdue, with a part missing.
  const overdue = {
    ...rows.studySessions[0]!,
    kind: 'centerGroup',
    topic: '学习《中国共产党纪律处分条例》',
    date: addDays(today, -5),
    photos: [],
    packet: { planReady: true, reportedOn: '' },
  } as SeedRow
  overdue.sortKey = `${overdue.date}|${overdue.sortKey.split('|').slice(1).join('|')}`
  rows.studySessions[0] = overdue
  for (const [store, list] of Object.entries(rows))
    await page.evaluate(putBatch, { dbName: 'xuesijian', store, rows: list })

  await page.reload()
  await page.getByTestId('figure-collectiveHeld').waitFor()
  await shoot(page, 'home-dashboard', theme)
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
  await shoot(page, 'home-dashboard-below', theme)

  await page.goto('/figures/problemsOpen')
  await page.getByTestId('figure-count').waitFor()
  await shoot(page, 'figure-problems', theme)

  await page.goto(`/study/${overdue.id}`)
  await page.getByTestId('packet-card').waitFor()
  await scrollUnderNavBar(page, '[data-testid="packet-card"]')
  await shoot(page, 'packet', theme)

  await page.goto('/reminders')
  await page.getByTestId('notify-section').waitFor()
  await shoot(page, 'reminders', theme)

  await page.goto('/year')
  await page.getByTestId('year-table').waitFor()
  await page.locator('.month-bar-chart canvas').nth(1).waitFor()
  await shoot(page, 'year', theme)

  await page.goto('/settings/reporting')
  await page.getByTestId('save-settings').waitFor()
  await shoot(page, 'report-settings', theme)
}

async function shootTheme(browser: Browser, theme: Theme): Promise<void> {
  const server = await startServer()
  const contexts: BrowserContext[] = []
  const open = async () => {
    const context = await newThemedContext(browser, server.origin, theme)
    contexts.push(context)
    return context.newPage()
  }
  try {
    const shootUnits = () =>
      shootUnitRecords(
        async (origin) => {
          const context = await newThemedContext(browser, origin, theme)
          contexts.push(context)
          return context.newPage()
        },
        (page, screen) => shoot(page, screen, theme),
      )
    if (ONLY === 'units') {
      await shootUnits()
      return
    }
    const shootOrganizationScreens = () =>
      shootOrganization(
        async (origin) => {
          const context = await newThemedContext(browser, origin, theme)
          contexts.push(context)
          return context.newPage()
        },
        (page, screen) => shoot(page, screen, theme),
      )
    if (ONLY === 'organization') {
      await shootOrganizationScreens()
      return
    }
    const shootDayScreens = () => shootDay(browser, theme === 'dark', (page, screen) => shoot(page, screen, theme))
    if (ONLY === 'day') {
      await shootDayScreens()
      return
    }
    if (ONLY === 'exports') {
      await shootExports(browser, server.origin, theme === 'dark', (page, screen) => shoot(page, screen, theme))
      return
    }
    await shootReporting(await open(), theme)
    if (ONLY === 'reporting') return
    const phone = await open()
    const villageId = await shootRecords(phone, theme)
    await shootBackup(phone, await open(), theme)
    await shootSetupAndAccounts(phone, theme)
    const second = await open()
    await signInSecondPhone(second, theme)
    await shootConflict(phone, second, villageId, theme)
    await shootUnsynced(phone, theme)
    await shootExports(browser, server.origin, theme === 'dark', (page, screen) => shoot(page, screen, theme))
    await shootUnits()
    await shootOrganizationScreens()
    await shootDayScreens()
  } finally {
    for (const context of contexts) await context.close()
    await server.close()
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true })
  const browser = await launchBrowser()
  try {
    for (const theme of ['light', 'dark'] as const) await shootTheme(browser, theme)
  } finally {
    await browser.close()
  }
}

await main()
