/**
 * Units (党组织), memberships and reviewers (docs/units.md): their kinds and roles with the labels screens show, the
 * request bodies the server checks, and the answers it gives. One definition, used by the server, the admin CLI and
 * the app.
 */
import * as z from 'zod/mini'
import type { Locale, Localized } from './localized'

export const UNIT_KINDS = [
  'workCommittee',
  'partyCommittee',
  'leadingGroup',
  'centerGroup',
  'generalBranch',
  'branch',
  'partyGroupCell',
] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, Localized>> = {
  workCommittee: { zh: '工委', en: 'Work committee' },
  partyCommittee: { zh: '党委', en: 'Party committee' },
  leadingGroup: { zh: '党组', en: 'Leading Party group' },
  centerGroup: { zh: '理论学习中心组', en: 'Theory study center group' },
  generalBranch: { zh: '党总支', en: 'General branch' },
  branch: { zh: '党支部', en: 'Branch' },
  partyGroupCell: { zh: '党小组', en: 'Party group' },
}

export const UNIT_ROLES = ['member', 'secretary'] as const
export type UnitRole = (typeof UNIT_ROLES)[number]

export const UNIT_ROLE_LABELS: Readonly<Record<UnitRole, Localized>> = {
  member: { zh: '成员', en: 'Member' },
  secretary: { zh: '书记', en: 'Secretary' },
}

export const UNIT_NAME_MAX = 60

const unitName = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(UNIT_NAME_MAX))

/** The name a form may send (the same rule as the schemas below), said as a person reads it; null when it is fine. */
export function checkUnitName(name: string, locale: Locale = 'zh-CN'): string | null {
  // UTF-16 units, as the schema counts (the same as characters for Chinese).
  const length = name.trim().length
  if (length === 0) return locale === 'zh-CN' ? '请填写党组织的名称' : 'Enter the unit’s name'
  if (length > UNIT_NAME_MAX)
    return locale === 'zh-CN'
      ? `名称至多 ${UNIT_NAME_MAX} 个字，现在 ${length} 个`
      : `The name can have at most ${UNIT_NAME_MAX} characters; it has ${length}`
  return null
}
const uuid = () => z.string().check(z.uuid())

export const newUnitRequestSchema = z.object({
  kind: z.enum(UNIT_KINDS),
  name: unitName(),
  parentId: z.optional(z.nullable(uuid())),
})
export type NewUnitRequest = z.infer<typeof newUnitRequestSchema>

/** Rename and/or move (parentId null: to the top). */
export const unitChangeRequestSchema = z.object({
  name: z.optional(unitName()),
  kind: z.optional(z.enum(UNIT_KINDS)),
  parentId: z.optional(z.nullable(uuid())),
})
export type UnitChangeRequest = z.infer<typeof unitChangeRequestSchema>

/** The administrator sets any role; a secretary adds members, and may let them record. */
export const membershipRequestSchema = z.object({
  role: z.optional(z.enum(UNIT_ROLES)),
  canRecord: z.optional(z.boolean()),
})
export type MembershipRequest = z.infer<typeof membershipRequestSchema>

/**
 * A secretary adds a member by the account's user name (the name it signs in with): a secretary does not get the
 * server's list of accounts. Compared as sign-in compares it (case, width and surrounding spaces ignored).
 */
export const memberByNameRequestSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
})
export type MemberByNameRequest = z.infer<typeof memberByNameRequestSchema>

/** A unit as the screens and the CLI show it. */
export interface UnitInfo {
  id: string
  kind: UnitKind
  name: string
  parentId: string | null
}

export interface UnitMember {
  accountId: string
  displayName: string
  role: UnitRole
  canRecord: boolean
}

/**
 * A member as the unit's secretary sees it (GET /api/units/:id/members): whether the person uses the app, no more.
 * Not the user name, the devices or the times of day.
 */
export interface RosterMember extends UnitMember {
  /** Some device is signed in to the account now (a sign-in not revoked, the account not disabled). */
  signedIn: boolean
  /** When a device of the account last reached the server, rounded down to the hour (ISO); null: never signed in. */
  lastSeenAt: string | null
}

export interface UnitRoster {
  unit: UnitInfo
  members: RosterMember[]
}

/** What an account knows of the organization (GET /api/units): its units, their rosters, and what it reviews. */
export interface MyUnits {
  /** Every unit the account belongs to, reviews, or reads through a review, and their ancestors (for names). */
  units: UnitInfo[]
  /** The account's own memberships. */
  memberships: { unitId: string; role: UnitRole; canRecord: boolean }[]
  /** Units the account reviews (it reads what the units below them hold). */
  reviews: string[]
  /** The members of each unit the account belongs to (for attendance from the roster). */
  rosters: Record<string, UnitMember[]>
}

/** The whole tree, for the administrator (GET /api/admin/units). */
export interface UnitTree {
  units: (UnitInfo & {
    members: UnitMember[]
    reviewers: { accountId: string; displayName: string }[]
    records: number
  })[]
}
