/**
 * Hands a file made on the phone to the browser's download (保存到"下载"/文件). Works offline: the bytes are already
 * here. The object URL is kept a while, as some browsers read it after click() returns.
 */
export function saveFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
