/**
 * Counts the argon2 work the server really does (hashes made, passwords verified), for tests that measure how many
 * password checks a burst of requests costs. The server's code is not touched: a test file swaps the module in,
 *
 *   vi.mock('@node-rs/argon2', async (original) => (await import('./argon2-work')).countingArgon2(await original()))
 *
 * and every call still runs the real argon2, on its real cost.
 */
import type * as Argon2 from '@node-rs/argon2'

export const argon2Work = { hashes: 0, verifications: 0 }

export function countingArgon2(real: typeof Argon2): typeof Argon2 {
  return {
    ...real,
    hash: (...args) => {
      argon2Work.hashes++
      return real.hash(...args)
    },
    verify: (...args) => {
      argon2Work.verifications++
      return real.verify(...args)
    },
  }
}

/** The work done while `during` runs (nothing else should hash meanwhile). */
export async function argon2WorkOf(during: () => Promise<unknown>): Promise<{ hashes: number; verifications: number }> {
  const before = { ...argon2Work }
  await during()
  return { hashes: argon2Work.hashes - before.hashes, verifications: argon2Work.verifications - before.verifications }
}
