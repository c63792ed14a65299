import * as z from 'zod/mini'

/*
 * Request bodies of the account endpoints. The shapes only; the rules above give the messages a person reads.
 * Strings are bounded here so an absurd body is refused before any work (hashing a megabyte "password").
 */
const shortString = (max: number) => z.string().check(z.maxLength(max))
const device = {
  deviceId: z.optional(z.string().check(z.uuid())),
  deviceName: z.optional(shortString(100)),
}

export const signInRequestSchema = z.object({ name: shortString(100), password: shortString(1000), ...device })
export type SignInRequest = z.infer<typeof signInRequestSchema>

export const setupRequestSchema = z.object({
  name: shortString(100),
  password: shortString(1000),
  displayName: z.optional(shortString(100)),
  ...device,
})
export type SetupRequest = z.infer<typeof setupRequestSchema>

export const newAccountRequestSchema = z.object({
  name: shortString(100),
  password: shortString(1000),
  displayName: z.optional(shortString(100)),
  isAdmin: z.optional(z.boolean()),
})
export type NewAccountRequest = z.infer<typeof newAccountRequestSchema>

export const passwordResetRequestSchema = z.object({ password: shortString(1000) })
export const passwordChangeRequestSchema = z.object({
  currentPassword: shortString(1000),
  newPassword: shortString(1000),
})
export type PasswordChangeRequest = z.infer<typeof passwordChangeRequestSchema>
