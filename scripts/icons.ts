/**
 * Renders the PWA icons (public/*.png) from the two SVG sources in public/.
 *
 * Why Chromium: playwright-core and a system Chromium are already here for the
 * e2e tests, so rasterising with the browser needs no extra image dependency
 * (sharp, resvg, ...). The PNGs are committed, so a build never needs a
 * browser; run `npm run icons` only after editing public/icon.svg or
 * public/icon-maskable.svg.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'

const root = new URL('..', import.meta.url)

interface IconTarget {
  /** SVG source, relative to the repo root. */
  source: string
  /** PNG output, relative to the repo root. */
  output: string
  /** Width and height in pixels. */
  size: number
}

const targets: readonly IconTarget[] = [
  { source: 'public/icon.svg', output: 'public/pwa-192x192.png', size: 192 },
  { source: 'public/icon.svg', output: 'public/pwa-512x512.png', size: 512 },
  { source: 'public/icon.svg', output: 'public/favicon-32x32.png', size: 32 },
  { source: 'public/icon-maskable.svg', output: 'public/maskable-512x512.png', size: 512 },
  // iOS rounds the corners itself, so the apple icon is the full-bleed (opaque) one.
  { source: 'public/icon-maskable.svg', output: 'public/apple-touch-icon.png', size: 180 },
]

function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, root))
}

function pageHtml(svg: string, size: number): string {
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
  return `<!doctype html><html><head><style>
    html, body { margin: 0; padding: 0; background: transparent; }
    img { display: block; width: ${size}px; height: ${size}px; }
  </style></head><body><img src="${src}" width="${size}" height="${size}" alt=""></body></html>`
}

async function renderIcon(browser: Browser, target: IconTarget): Promise<void> {
  const svg = await readFile(repoPath(target.source), 'utf8')
  const page = await browser.newPage({ viewport: { width: target.size, height: target.size }, deviceScaleFactor: 1 })
  try {
    await page.setContent(pageHtml(svg, target.size), { waitUntil: 'load' })
    await page.locator('img').evaluate(async function decodeImage(img) {
      await (img as HTMLImageElement).decode()
    })
    const png = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: target.size, height: target.size },
    })
    await writeFile(repoPath(target.output), png)
    console.log(`${target.output} (${target.size}×${target.size}) ← ${target.source}`)
  } finally {
    await page.close()
  }
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  try {
    for (const target of targets) await renderIcon(browser, target)
  } finally {
    await browser.close()
  }
}

await main()
