/**
 * Vant's icon stylesheet carries its whole icon font inline, as a base64 data URL (about 26 KB of the entry's
 * gzip bytes), and names a font on a CDN as the fallback. Inline, the font blocks the first paint as part of the
 * render-blocking CSS and cannot be cached apart from it. This plugin writes the font out once as a file that
 * Vite then hashes and emits like any other asset (the service worker precaches it), so the stylesheet shrinks to
 * the icon classes and the font loads beside the scripts; the CDN fallback, useless offline, is dropped.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import type { Plugin } from 'vite'

const ICON_CSS = /[\\/]vant[\\/]es[\\/]icon[\\/]index\.css$/
const INLINE_FONT = /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)/
const CDN_FALLBACK = /,\s*url\(\/\/at\.alicdn\.com\/[^)]*\) format\("woff"\)/

export interface VantIconFontOptions {
  /** Where the font file is written before Vite picks it up. @default node_modules/.cache/vant-icon-font */
  cacheDir?: string
}

export function vantIconFont(options: VantIconFontOptions = {}): Plugin {
  const cacheDir = options.cacheDir ?? join(process.cwd(), 'node_modules', '.cache', 'vant-icon-font')
  return {
    name: 'xsj:vant-icon-font',
    // Before vite:css, which would otherwise keep the data URL as it is.
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0]!
      if (!ICON_CSS.test(file)) return null
      const match = INLINE_FONT.exec(code)
      if (!match) {
        this.warn('vant/es/icon/index.css no longer inlines its font as expected: left as it is')
        return null
      }
      const font = Buffer.from(match[1]!, 'base64')
      const name = 'vant-icon.woff2'
      const target = join(cacheDir, name)
      if (!existsSync(target) || !readFileSync(target).equals(font)) {
        mkdirSync(cacheDir, { recursive: true })
        writeFileSync(target, font)
      }
      // A path relative to the stylesheet: Vite resolves it, hashes the file and rewrites the URL.
      const url = relative(dirname(file), target).split('\\').join('/')
      return { code: code.replace(INLINE_FONT, `url("${url}") format("woff2")`).replace(CDN_FALLBACK, ''), map: null }
    },
  }
}
