/**
 * One browser profile (a phone) in any of the three engines, through the few operations the core flows need.
 * Chromium and Firefox come through puppeteer-core (CDP and WebDriver BiDi), WebKit through WebKitWebDriver
 * (WebDriver classic). Everything else (waiting, reading the screen) is done in the page with `evaluate`, the
 * same script in every engine.
 */
export type EngineName = 'chromium' | 'firefox' | 'webkit'

export interface PhoneOptions {
  /** Keep the profile in this folder, so that a phone launched again on it finds its storage. */
  profileDir?: string
  /** What the page sees as navigator.userAgent. */
  userAgent?: string
}

export interface Phone {
  readonly engine: EngineName
  /** Opens a path of the app and waits for the page's load event. */
  goto: (path: string) => Promise<void>
  reload: () => Promise<void>
  /** Runs `fn` in the page (it must not close over anything); awaits a returned promise. */
  evaluate: <R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A) => Promise<R>
  /** A real pointer click on the first element the selector matches. */
  click: (selector: string) => Promise<void>
  /** Types the text into the input or textarea with the keyboard, after what is there. */
  type: (selector: string, text: string) => Promise<void>
  /** Gives files to an `<input type="file">`, as the file chooser would. */
  setFiles: (selector: string, paths: string[]) => Promise<void>
  screenshot: (file: string) => Promise<void>
  /** The browser's own offline switch (navigator.onLine turns false); WebKit has none. */
  setOffline: ((isOffline: boolean) => Promise<void>) | null
  /** Closes the browser the ordinary way. */
  close: () => Promise<void>
  /** Kills the browser's processes at once, as a phone whose battery dies: nothing gets to run on the way out. */
  kill: () => Promise<void>
}

export interface Engine {
  name: EngineName
  /** A new phone on `origin`, 390 × 844 CSS pixels. */
  launch: (origin: string, options?: PhoneOptions) => Promise<Phone>
  /** What the engine needs once per test file (WebKit: a display); undone by `teardown`. */
  setup: () => Promise<void>
  teardown: () => Promise<void>
}

export const PHONE_WIDTH = 390
export const PHONE_HEIGHT = 844

/** Vue may render an element anew between finding it and clicking it: find it again, as a person's eye would. */
export async function retryIfReplaced(action: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action()
    } catch (error) {
      if (attempt === 3 || !/detached|not attached|stale|no such node/i.test(String(error))) throw error
    }
  }
}
