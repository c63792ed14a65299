/**
 * The photo worker: decoding, scaling, stamping, JPEG encoding and hashing of a picked photo, off the main thread
 * (about a second of work per 12-megapixel photo on a phone, which froze the screen when done in the page). Built by
 * Vite as a classic script in /assets, precached with the rest of the app, so it works offline and loads nothing
 * from elsewhere; photo-intake.ts falls back to the main thread where it cannot run.
 */
import { encodePhoto, UnreadablePhoto, type EncodeAnswer, type EncodeRequest } from './photo-encode'

/** The worker's global scope, as much of it as this file uses (the app is typed against the DOM's window). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<EncodeRequest>) => void) | null
  postMessage: (answer: EncodeAnswer) => void
}

scope.onmessage = (event) => {
  const request = event.data
  encodePhoto(request).then(
    ({ photo, thumbnail }) => scope.postMessage({ id: request.id, photo, thumbnail }),
    (error: unknown) =>
      scope.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
        unreadable: error instanceof UnreadablePhoto,
      }),
  )
}
