// @ts-check
/**
 * The first screen before the app has run (issue "Instant on a cheap phone"; docs/architecture.md, "The kept first
 * screen"). On a cheap phone the app's JavaScript takes most of a second to evaluate before anything paints; this
 * small classic script runs while the page is parsed and, if the app kept a picture of this page when it was last
 * shown (src/app/first-screen.ts), paints it at once: the same markup and the styles it used, in a closed shadow
 * root laid over the page, letting taps through. The app removes it as soon as its own page shows content.
 *
 * Plain JavaScript in public/: index.html may run no inline script (the Content-Security-Policy), and this must run
 * before the module scripts, which the browser evaluates only once the document is parsed. Whatever goes wrong here
 * (no kept screen, an old browser, a full or blocked localStorage) leaves the page as it would be without it.
 */
;(function () {
  /** The same key and version as KEPT_SCREEN_KEY and KEPT_SCREEN_VERSION in src/app/first-screen.ts. */
  var KEY = 'xsj.first-screen:'
  var VERSION = 3
  try {
    if (!('adoptedStyleSheets' in Document.prototype) || typeof HTMLElement.prototype.attachShadow !== 'function')
      return
    var raw = localStorage.getItem(KEY + location.pathname)
    if (!raw) return
    /** @type {{ v: number, html: string, styles: string[], css: string, rootClass: string[], rootStyle: string, background: string }} */
    var kept = JSON.parse(raw)
    if (!kept || kept.v !== VERSION || typeof kept.html !== 'string' || typeof kept.css !== 'string') return
    var sheet = new CSSStyleSheet()
    sheet.replaceSync(kept.css)
    var root = document.documentElement
    // Dark mode and large text as the app will set them: the page behind and the kept screen agree from the start.
    for (var i = 0; i < kept.rootClass.length; i++) root.classList.add(kept.rootClass[i])
    // Vant's theme variables, which the app sets on <html> (the red of the tab bar), and the color scheme.
    if (kept.rootStyle && !root.getAttribute('style')) root.style.cssText = kept.rootStyle
    var host = document.createElement('div')
    host.id = 'first-screen'
    host.setAttribute('aria-hidden', 'true')
    host.style.cssText =
      'position:fixed;top:0;right:0;bottom:0;left:0;z-index:2999;overflow:hidden;pointer-events:none;background:' +
      kept.background
    var shadow = host.attachShadow({ mode: 'closed' })
    shadow.adoptedStyleSheets = [sheet]
    // The classes the page's root carried, so that rules such as `.van-theme-dark .x` match inside the shadow root.
    var page = document.createElement('div')
    page.id = 'app'
    // kept-root: where the app's rules for <html> apply in here (kept-screen-capture.ts, forShadowRoot).
    page.className = ['kept-root'].concat(kept.rootClass).join(' ')
    page.innerHTML = kept.html
    // Style attributes through the CSSOM: the Content-Security-Policy refuses them in markup.
    var styled = page.querySelectorAll('[data-kept-style]')
    for (var j = 0; j < styled.length; j++) {
      var element = /** @type {HTMLElement} */ (styled[j])
      element.style.cssText = kept.styles[Number(element.getAttribute('data-kept-style'))] || ''
    }
    shadow.appendChild(page)
    document.body.appendChild(host)
    // Text inside a shadow root does not start the load of a font the document declares: the icons would show as
    // empty boxes until the app's own page used them.
    if (document.fonts && kept.css.indexOf('vant-icon') !== -1) document.fonts.load('1em vant-icon').catch(function () {})
    performance.mark('xsj:first-screen-shown')
    requestAnimationFrame(function () {
      var channel = new MessageChannel()
      channel.port1.onmessage = function () {
        performance.mark('xsj:first-screen-painted')
      }
      channel.port2.postMessage(null)
    })
  } catch {
    var left = document.getElementById('first-screen')
    if (left) left.remove()
  }
})()
