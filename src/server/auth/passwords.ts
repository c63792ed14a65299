/** argon2id (the @node-rs/argon2 default) with its default cost: 19 MiB, 2 passes, 1 lane, as OWASP advises. */
import { hash, verify } from '@node-rs/argon2'

export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/**
 * A hash of a password nobody has, checked when the account does not exist, so that "no such user" takes as
 * long as "wrong password" and a timing difference does not reveal which names exist.
 */
let decoy: Promise<string> | undefined
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoy ??= hash('decoy password that is never used')
  await verifyPassword(await decoy, password)
}
