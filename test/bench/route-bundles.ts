/**
 * Bytes per route: the shared entry (what index.html loads) plus each route's lazy page chunk and everything it
 * imports statically that the entry does not already hold, JS and CSS, raw and gzip. Read from Vite's build
 * manifest (dist/.vite/manifest.json) and the routes in src/app/router.ts, so a new page or a moved import shows
 * up without editing the bench. Chunks a page only imports dynamically (loaded on a later tap) are not counted.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { scriptSources } from './bundle'

interface ManifestChunk {
  file: string
  src?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}

type Manifest = Record<string, ManifestChunk>

export interface Bytes {
  raw: number
  gzip: number
}

export interface RouteBundle {
  /** The route paths served by the page, as router.ts spells them (`/:type` stands for study, notes, visits). */
  routes: string[]
  /** The page's source file, e.g. src/app/pages/RecordListPage.vue; 'index.html' for the entry itself. */
  page: string
  /** Files loaded for this route beyond the entry. */
  files: string[]
  js: Bytes
  css: Bytes
  /** The route's own bytes plus the entry's. */
  withEntry: Bytes
}

export interface RouteBundles {
  entry: { files: string[]; js: Bytes; css: Bytes; total: Bytes }
  /** The routes whose page is in the entry (imported statically by router.ts). */
  entryRoutes: string[]
  routes: RouteBundle[]
}

const ROUTER = 'src/app/router.ts'

function bytesOf(distDir: string, files: readonly string[]): Bytes {
  let raw = 0
  let gzip = 0
  for (const file of files) {
    const content = readFileSync(join(distDir, file))
    raw += content.length
    gzip += gzipSync(content, { level: 9 }).length
  }
  return { raw, gzip }
}

const sum = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip })

/** The manifest key and every chunk it imports statically, transitively: their JS and CSS files. */
function closure(manifest: Manifest, key: string): { js: Set<string>; css: Set<string> } {
  const js = new Set<string>()
  const css = new Set<string>()
  const seen = new Set<string>()
  const visit = (k: string): void => {
    if (seen.has(k)) return
    seen.add(k)
    const chunk = manifest[k]
    if (!chunk) throw new Error(`the build manifest has no ${k}`)
    js.add(chunk.file)
    for (const file of chunk.css ?? []) css.add(file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  visit(key)
  return { js, css }
}

/** Page file → the route paths router.ts gives it (`/${path}` in its per-type helper becomes `/:type`). */
export function routesByPage(routerSource: string): { lazy: Map<string, string[]>; eager: Map<string, string[]> } {
  const lazy = new Map<string, string[]>()
  const eager = new Map<string, string[]>()
  const imported = new Map<string, string>()
  for (const [, name, file] of routerSource.matchAll(/import (\w+) from '\.\/(pages\/\w+\.vue)'/g))
    imported.set(name!, `src/app/${file}`)
  const add = (map: Map<string, string[]>, page: string, path: string): void => {
    const list = map.get(page) ?? []
    if (!list.includes(path)) list.push(path)
    map.set(page, list)
  }
  for (const [line] of routerSource.matchAll(/\{ path: [^\n]*component: [^\n]*/g)) {
    const path = /path: ['`]([^'`]+)['`]/.exec(line)?.[1]?.replace('${path}', ':type')
    if (!path) continue
    // A page, or a module that gathers pages into one chunk (pages/export-pages.ts).
    const lazyMatch = /import\('\.\/(pages\/[\w-]+?)(\.vue)?'\)/.exec(line)
    const lazyPage = lazyMatch && `${lazyMatch[1]}${lazyMatch[2] ?? '.ts'}`
    const eagerName = /component: (\w+)\b/.exec(line)?.[1]
    if (lazyPage) add(lazy, `src/app/${lazyPage}`, path)
    else if (eagerName && imported.has(eagerName)) add(eager, imported.get(eagerName)!, path)
  }
  return { lazy, eager }
}

export function routeBundles(distDir: string, routerSource = readFileSync(ROUTER, 'utf8')): RouteBundles {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)
  if (!entryKey) throw new Error('the build manifest has no entry')
  const entry = closure(manifest, entryKey)
  // index.html's classic scripts are outside the module graph, so outside the manifest (public/first-screen.js, which
  // paints the kept first screen): every start loads them before anything paints. The module script is there already.
  for (const src of scriptSources(readFileSync(join(distDir, 'index.html'), 'utf8')))
    entry.js.add(src.replace(/^\//, ''))
  const entryJs = bytesOf(distDir, [...entry.js])
  const entryCss = bytesOf(distDir, [...entry.css])
  const entryTotal = sum(entryJs, entryCss)
  const { lazy, eager } = routesByPage(routerSource)
  const routes: RouteBundle[] = []
  for (const [page, paths] of lazy) {
    if (!manifest[page]) throw new Error(`router.ts loads ${page}, which the build manifest does not have`)
    const own = closure(manifest, page)
    const js = [...own.js].filter((f) => !entry.js.has(f))
    const css = [...own.css].filter((f) => !entry.css.has(f))
    const jsBytes = bytesOf(distDir, js)
    const cssBytes = bytesOf(distDir, css)
    routes.push({
      routes: paths,
      page,
      files: [...js, ...css],
      js: jsBytes,
      css: cssBytes,
      withEntry: sum(entryTotal, sum(jsBytes, cssBytes)),
    })
  }
  routes.sort((a, b) => b.withEntry.gzip - a.withEntry.gzip)
  return {
    entry: { files: [...entry.js, ...entry.css], js: entryJs, css: entryCss, total: entryTotal },
    entryRoutes: [...eager.values()].flat(),
    routes,
  }
}
