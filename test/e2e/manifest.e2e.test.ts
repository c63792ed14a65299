/** What a phone reads before it installs the app: the manifest, the icons, and the iOS tags in index.html. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

interface ManifestIcon {
  src: string
  sizes: string
  type?: string
  purpose?: string
}

interface Manifest {
  name: string
  short_name: string
  lang: string
  display: string
  start_url: string
  theme_color: string
  background_color: string
  icons: ManifestIcon[]
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Width and height from the IHDR chunk, which a PNG must start with. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR')
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

async function expectPng(path: string, size: number): Promise<void> {
  const response = await fetch(new URL(path, server.origin))
  expect(response.status, path).toBe(200)
  expect(response.headers.get('content-type'), path).toMatch(/^image\/png/)
  expect(pngSize(new Uint8Array(await response.arrayBuffer())), path).toEqual({ width: size, height: size })
}

async function fetchManifest(): Promise<Manifest> {
  const response = await fetch(new URL('/manifest.webmanifest', server.origin))
  expect(response.status).toBe(200)
  return (await response.json()) as Manifest
}

describe('web app manifest', () => {
  it('names the app in Chinese and opens standalone in its colours', async () => {
    const manifest = await fetchManifest()
    expect(manifest.name).toBe('学思践')
    expect(manifest.short_name).toBe('学思践')
    expect(manifest.lang).toBe('zh-CN')
    expect(manifest.display).toBe('standalone')
    expect(manifest.start_url).toBe('/')
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i)
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i)
    // The browser bar before and after install show the same colour.
    const html = await (await fetch(new URL('/', server.origin))).text()
    expect(/<meta\s+name="theme-color"\s+content="([^"]+)"/.exec(html)?.[1]?.toLowerCase()).toBe(
      manifest.theme_color.toLowerCase(),
    )
  })

  it('lists 192 and 512 icons and a maskable one, each a PNG of its declared size', async () => {
    const { icons } = await fetchManifest()
    const sizes = icons.map((icon) => icon.sizes)
    expect(sizes).toContain('192x192')
    expect(sizes).toContain('512x512')
    expect(icons.some((icon) => (icon.purpose ?? 'any').split(/\s+/).includes('maskable'))).toBe(true)
    for (const icon of icons) {
      const [width, height] = icon.sizes.split('x').map(Number)
      expect(width, icon.src).toBe(height)
      expect(icon.type ?? 'image/png').toBe('image/png')
      await expectPng(icon.src, width!)
    }
  })
})

describe('index.html for iOS', () => {
  it('links the apple-touch-icon and declares the app capable of running full screen', async () => {
    const response = await fetch(new URL('/', server.origin))
    expect(response.status).toBe(200)
    const html = await response.text()
    const touchIcon = /<link\s+rel="apple-touch-icon"\s+href="([^"]+)"(?:\s+sizes="(\d+)x\d+")?/.exec(html)
    expect(touchIcon, 'apple-touch-icon link').not.toBeNull()
    expect(touchIcon![1]).toBe('/apple-touch-icon.png')
    await expectPng(touchIcon![1]!, Number(touchIcon![2] ?? 180))
    expect(html).toMatch(/<meta\s+name="apple-mobile-web-app-capable"\s+content="yes"/)
    expect(html).toMatch(/<meta\s+name="apple-mobile-web-app-title"\s+content="学思践"/)
    expect(html).toMatch(/<meta\s+name="apple-mobile-web-app-status-bar-style"\s+content="[a-z-]+"/)
    expect(html).toMatch(/<link\s+rel="manifest"\s+href="\/manifest.webmanifest"/)
    expect(html).toMatch(/<html\s+lang="zh-CN"/)
  })
})
