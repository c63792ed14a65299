/**
 * Minifies the classic scripts the build copies from public/ as they are (Vite bundles and minifies only modules).
 * public/first-screen.js runs before anything paints on every start, so its bytes count in the entry's budget
 * (test/build/bundle-budget.test.ts): written for reading, with the comments that say why, it was 1.8 KB gzip;
 * minified, 0.8 KB. The dev server still serves the readable file.
 *
 * Emitted into the bundle under the same name, the minified file replaces the public copy in dist/ and gets its
 * .br/.gz copies (precompress.ts) like any other script; the service worker's precache list is made after it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { minifySync, type Plugin } from 'vite'

export function minifyPublicScripts(fileNames: readonly string[]): Plugin {
  let publicDir = 'public'
  return {
    name: 'xsj:minify-public-scripts',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir
    },
    generateBundle() {
      for (const fileName of fileNames) {
        const source = readFileSync(join(publicDir, fileName), 'utf8')
        const minified = minifySync(fileName, source, { compress: true, mangle: true })
        // A script the minifier cannot read must fail the build, not ship half-minified.
        if (minified.errors.length > 0)
          this.error(`${fileName}: ${minified.errors.map((error) => error.message).join('; ')}`)
        this.emitFile({ type: 'asset', fileName, source: minified.code })
      }
    },
  }
}
