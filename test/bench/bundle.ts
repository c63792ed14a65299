/** The entry bundle: every JS and CSS file dist/index.html makes the browser fetch before the first screen. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface BundleFile {
  path: string
  kind: 'script' | 'modulepreload' | 'stylesheet'
  raw: number
  gzip: number
}

export interface EntryBundle {
  files: BundleFile[]
  raw: number
  gzip: number
}

export function entryBundle(distDir: string): EntryBundle {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const files: BundleFile[] = []
  const seen = new Set<string>()
  const add = (kind: BundleFile['kind'], url: string | undefined): void => {
    if (!url || seen.has(url) || /^(https?:)?\/\//.test(url)) return
    seen.add(url)
    const bytes = readFileSync(join(distDir, url.replace(/^\//, '')))
    files.push({ path: url, kind, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length })
  }
  for (const src of scriptSources(html)) add('script', src)
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = attribute(tag, 'rel')
    if (rel === 'modulepreload') add('modulepreload', attribute(tag, 'href'))
    else if (rel === 'stylesheet') add('stylesheet', attribute(tag, 'href'))
  }
  return { files, raw: files.reduce((sum, f) => sum + f.raw, 0), gzip: files.reduce((sum, f) => sum + f.gzip, 0) }
}

/** The src of each <script> in index.html, the module script and classic ones (public/first-screen.js) alike. */
export function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/g)].flatMap(([tag]) => attribute(tag, 'src') ?? [])
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1]
}
