/**
 * Work the person does not wait for (writing the search index) steps aside while the phone does something they do
 * wait for: a pull filling a phone. The index's writes would compete with the pull's for IndexedDB and the main
 * thread; held back, they run right after, and queries meanwhile read the queued changes from memory (index-writer.ts).
 * A hold is a courtesy, never a lock: background work waits for it at most `maxWaitMs`, so a hold that is never
 * released (a run that died) delays the index, and cannot stop it.
 */
let holds = 0
let waiting: (() => void)[] = []

/** Holds background work back until the returned function is called (calling it again does nothing). */
export function holdBackgroundWork(): () => void {
  holds++
  let isReleased = false
  return () => {
    if (isReleased) return
    isReleased = true
    holds--
    if (holds === 0) for (const resume of waiting.splice(0)) resume()
  }
}

/** Resolves at once when nothing holds background work back; else when the last hold ends, or after `maxWaitMs`. */
export function backgroundWorkMayGoOn(maxWaitMs: number): Promise<void> {
  if (holds === 0) return Promise.resolve()
  return new Promise((resolve) => {
    const resume = (): void => {
      clearTimeout(timer)
      waiting = waiting.filter((other) => other !== resume)
      resolve()
    }
    const timer = setTimeout(resume, maxWaitMs)
    waiting.push(resume)
  })
}
