/**
 * "安装到桌面": Chromium browsers offer a beforeinstallprompt event to replay later from a button; iOS Safari
 * has no such event and needs instructions instead.
 */
import { shallowRef } from 'vue'

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>
}

export type InstallState = 'available' | 'ios' | 'installed' | 'unavailable'

const deferredPrompt = shallowRef<BeforeInstallPromptEvent | null>(null)
const isInstalled = shallowRef(false)

export function listenForInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault()
    deferredPrompt.value = event as BeforeInstallPromptEvent
  })
  window.addEventListener('appinstalled', () => {
    isInstalled.value = true
    deferredPrompt.value = null
  })
  isInstalled.value =
    window.matchMedia('(display-mode: standalone)').matches ||
    (navigator as Navigator & { standalone?: boolean }).standalone === true
}

export function installState(): InstallState {
  if (isInstalled.value) return 'installed'
  if (deferredPrompt.value) return 'available'
  if (/iphone|ipad|ipod/i.test(navigator.userAgent)) return 'ios'
  return 'unavailable'
}

export async function promptInstall(): Promise<boolean> {
  const event = deferredPrompt.value
  if (!event) return false
  await event.prompt()
  const { outcome } = await event.userChoice
  deferredPrompt.value = null
  return outcome === 'accepted'
}
