/**
 * The security headers of every answer, app and API alike, through Hono's maintained secure-headers middleware.
 *
 * The Content-Security-Policy allows exactly what the built PWA uses (checked screen by screen in Chromium by
 * test/e2e/security-policy.e2e.test.ts, which fails on any violation):
 * - scripts: only the app's own files. index.html has no inline script (the kept first screen is painted by a file
 *   of its own, public/first-screen.js, which sets style attributes through the CSSOM), Vite emits modules and
 *   modulepreload links, the service worker and its imports (workbox, sw-notifications.js) are same-origin files,
 *   and uPlot, docx and the other on-demand chunks come from /assets. No eval: nothing in the bundle needs it. (A library that starts
 *   to, such as zod's object parsers if the app ever parses with them, shows up in the e2e test: zod then wants
 *   `config({ jitless: true })`, as even its probe for eval is reported as a violation.)
 * - styles: the app's stylesheets. The style attributes Vue, Vant and uPlot write go through the CSSOM
 *   (`element.style`), which a policy does not govern, so no 'unsafe-inline' is needed.
 * - images: the app's icons, and blob: URLs, which is how a photo or thumbnail read from IndexedDB is shown; and
 *   data: URLs: in WebKit (Safari, and every browser on an iPhone) the photo compressor skips createImageBitmap and
 *   decodes the picked photo through a data: URL in an <img>, so without them no photo could be added on an iPhone
 *   (test/e2e-engines, WebKit). A data: image runs no script.
 * - connections: the sync API on the same origin only. Exports and backups are Blob URLs handed to a download
 *   link, which needs no allowance. The photo compressor runs without a worker (photos/photo-intake.ts), so
 *   workers are only the service worker, from this origin.
 * - frames: none in and none out; no plugins; no <base> to redirect relative URLs; forms post nowhere else.
 *
 * HSTS is left to the reverse proxy that terminates TLS (docs/deploy.md): this server speaks plain HTTP and
 * cannot know under which name and whether every subdomain is served over HTTPS.
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

const SELF = "'self'"
const NONE = "'none'"

const CONTENT_SECURITY_POLICY = {
  defaultSrc: [SELF],
  scriptSrc: [SELF],
  styleSrc: [SELF],
  imgSrc: [SELF, 'blob:', 'data:'],
  fontSrc: [SELF],
  connectSrc: [SELF],
  manifestSrc: [SELF],
  workerSrc: [SELF],
  objectSrc: [NONE],
  frameSrc: [NONE],
  frameAncestors: [NONE],
  baseUri: [NONE],
  formAction: [SELF],
}

const headers = secureHeaders({
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: true,
  strictTransportSecurity: false,
})

/**
 * The security headers, and `Cache-Control: no-store` on API answers that do not set their own: sign-in and
 * first-run setup carry a token, the rest carry an account's records or accounts, and none may be kept by a
 * browser's or a proxy's cache. Photos keep their own (private, immutable: content-addressed).
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await headers(c, async () => {
      await next()
      if (c.req.path.startsWith('/api/') && !c.res.headers.has('Cache-Control'))
        c.res.headers.set('Cache-Control', 'no-store')
    })
  }
}
