/**
 * Hands a file the app made (a backup, a ledger, a report) to the person: the browser's download (on a phone, it
 * lands in 下载 / Files, from where WeChat or WPS opens it). Everything is local, so it works offline.
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked later, not at once: some browsers start reading the blob only after the click has returned.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
