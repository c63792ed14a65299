/**
 * Whether this is an iPhone or iPad, where every browser is WebKit: storage left unused for about 7 days is
 * deleted unless the app was added to the Home Screen, and there is no background sync. iPadOS reports itself as
 * a Mac, told apart by its touch screen.
 */
export function isAppleMobile(): boolean {
  const agent = navigator.userAgent
  return /iphone|ipad|ipod/i.test(agent) || (/macintosh/i.test(agent) && navigator.maxTouchPoints > 1)
}
