/**
 * Screenshots of every screen, light and dark, with realistic records entered through the UI, into
 * docs/screenshots/<screen>-<light|dark>.png (390×844 viewport at 2×). Serves the existing dist/ (build first:
 * `npm run screenshots` does). Look at them after: a screen that renders boxes instead of Chinese, overlaps, or
 * stays light in dark mode is a bug even when this script succeeds.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhoneContext } from './support/browser'
import { fillReadingNote, fillStudySession, fillVisit, type ReadingNoteInput, type StudySessionInput, type VisitInput } from './support/records'
import { openList, openNewForm, saveForm, type RecordPath } from './support/ui'
import { startServer } from './support/server'

type Theme = 'light' | 'dark'

const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')

const SESSION: StudySessionInput = {
  topic: '学习贯彻习近平文化思想',
  place: '局三楼会议室',
  host: '张立新',
  leadSpeaker: '刘文静',
  materials: ['《习近平文化思想学习纲要》', '习近平总书记关于文化和旅游工作的重要论述'],
  summary: '会议由张立新同志主持，刘文静同志领学了《习近平文化思想学习纲要》。会议强调，要把理论学习成果转化为推动文旅事业高质量发展的强大动力，在文旅惠民和产业发展上下功夫。',
  expected: 9,
  present: ['张立新', '刘文静', '王建国', '李明华', '赵雪梅', '陈志强', '孙丽'],
  absent: [
    { name: '周海涛', reason: '外出参加全省文旅系统培训' },
    { name: '吴晓燕', reason: '病假' },
  ],
  speeches: [{ speaker: '李明华', gist: '要坚持以文塑旅、以旅彰文，推动公共文化服务向农村延伸，把村文化中心真正用起来。' }],
  tags: ['中心组', '一学一报'],
}

const LINKED_NOTE: ReadingNoteInput = {
  kind: '心得体会',
  title: '《习近平文化思想学习纲要》',
  chapter: '第三章 坚持以人民为中心的工作导向',
  page: '45',
  reflection: '通过这次中心组学习，深刻体会到文化工作要坚持以人民为中心，把群众满意作为检验标准。结合分管的公共文化服务工作，要在基层阵地建设和管理使用上下更大功夫。',
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
    { description: '村文化中心缺少专职管理员，开放时间不固定', category: '公共文化服务', raisedBy: '村党支部书记石国庆', status: '办理中' },
    { description: '农家书屋新书补充较少', category: '公共文化服务', raisedBy: '村民代表', status: '待办' },
  ],
  summary: '下一步协调镇综合文化站，落实文化中心专人管理和固定开放时间。',
  tags: ['公共文化'],
}

const SCENIC_VISIT: VisitInput = {
  kind: '调查研究',
  place: '凤凰山景区',
  companions: ['李明华'],
  findings: '景区文创产品以钥匙扣、冰箱贴为主，文创产品缺乏特色；旅游旺季停车场车位有限，周边道路拥堵。',
  problems: [
    { description: '旅游旺季停车位不足', category: '旅游发展', raisedBy: '景区管委会', status: '已办结', resolution: '协调交警部门在旺季开辟临时停车场，并增设引导标识。' },
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

async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
    window.scrollTo(0, 0)
  })
}

/** Fills a form, photographs it filled in, saves, and photographs the detail page (reloaded: no toast). */
async function createAndShoot(page: Page, path: RecordPath, screen: string, theme: Theme, fill: () => Promise<void>, isShot: boolean): Promise<void> {
  await openNewForm(page, path)
  await fill()
  if (isShot) {
    await scrollToTop(page)
    await shoot(page, `${screen}-form`, theme)
  }
  await saveForm(page, path)
  if (isShot) {
    await page.reload()
    await page.getByTestId('edit-record').waitFor()
    await shoot(page, `${screen}-detail`, theme)
  }
}

async function shootTheme(browser: Browser, origin: string, theme: Theme): Promise<void> {
  const context = await newPhoneContext(browser, origin)
  if (theme === 'dark') {
    await context.addInitScript(() => {
      localStorage.setItem('xsj.settings', JSON.stringify({ locale: 'zh-CN', textSize: 'standard', isDark: true }))
    })
  }
  try {
    const page = await context.newPage()
    await page.goto('/')

    await createAndShoot(page, 'study', 'study', theme, () => fillStudySession(page, SESSION), true)
    await createAndShoot(page, 'notes', 'notes', theme, () => fillReadingNote(page, NOTE), false)
    // The linked note last, so its detail shows the link to the session.
    await createAndShoot(page, 'notes', 'notes', theme, () => fillReadingNote(page, LINKED_NOTE), true)
    await createAndShoot(page, 'visits', 'visits', theme, () => fillVisit(page, SCENIC_VISIT), false)
    await createAndShoot(page, 'visits', 'visits', theme, () => fillVisit(page, VILLAGE_VISIT), true)

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
    await shoot(page, 'me', theme)

    await page.goto('/search?q=文化中心')
    await page.getByTestId('search-count').waitFor()
    await page.locator('main').getByRole('article').first().waitFor()
    await shoot(page, 'search', theme)
  } finally {
    await context.close()
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true })
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    for (const theme of ['light', 'dark'] as const) await shootTheme(browser, server.origin, theme)
  } finally {
    await browser.close()
    await server.close()
  }
}

await main()
