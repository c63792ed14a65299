/**
 * Where fetching a dropped full-size photo from the server will hook in. 释放空间 drops originals the server already
 * has; the viewer then shows the thumbnail and says the original will be fetched when online. Fetching it
 * (GET the blob by hash, check its SHA-256, put it back into the attachments row) belongs to the photo sync work,
 * which replaces this body; until then nothing is fetched.
 */
export async function fetchOriginalFromServer(_hash: string): Promise<Blob | null> {
  return null
}
