/** A short name for this phone in the account's device list, e.g. "Android · Chrome", from the user agent. */
export function deviceNameOf(userAgent: string): string {
  const system = /HarmonyOS/i.test(userAgent)
    ? 'HarmonyOS'
    : /Android/i.test(userAgent)
      ? 'Android'
      : /iPhone|iPad|iPod/i.test(userAgent)
        ? 'iOS'
        : /Windows/i.test(userAgent)
          ? 'Windows'
          : /Mac OS X/i.test(userAgent)
            ? 'macOS'
            : /Linux/i.test(userAgent)
              ? 'Linux'
              : '未知系统'
  const browser = /MicroMessenger/i.test(userAgent)
    ? '微信'
    : /HuaweiBrowser/i.test(userAgent)
      ? '华为浏览器'
      : /UCBrowser/i.test(userAgent)
        ? 'UC'
        : /QQBrowser/i.test(userAgent)
          ? 'QQ 浏览器'
          : /Edg\//i.test(userAgent)
            ? 'Edge'
            : /Chrome|CriOS/i.test(userAgent)
              ? 'Chrome'
              : /Firefox|FxiOS/i.test(userAgent)
                ? 'Firefox'
                : /Safari/i.test(userAgent)
                  ? 'Safari'
                  : '浏览器'
  return `${system} · ${browser}`
}
