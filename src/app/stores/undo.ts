import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

export interface UndoOffer {
  message: string
  undo: () => Promise<void>
}

const OFFER_MS = 6000

/** One undo offer at a time (after a delete), shown in a bar above the tab bar for a few seconds. */
export const useUndoStore = defineStore('undo', () => {
  const offer = shallowRef<UndoOffer | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined

  function show(next: UndoOffer): void {
    clearTimeout(timer)
    offer.value = next
    timer = setTimeout(dismiss, OFFER_MS)
  }

  function dismiss(): void {
    clearTimeout(timer)
    offer.value = null
  }

  async function undo(): Promise<void> {
    const current = offer.value
    dismiss()
    await current?.undo()
  }

  return { offer, show, dismiss, undo }
})
