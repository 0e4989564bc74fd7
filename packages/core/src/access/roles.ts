/**
 * Roles of a CellTrial user and what each may do. This is the one place the access policy
 * is written; the server enforces it in its scoped repository and the web app reuses it
 * to hide what a user may not do (cf. Medplum `packages/core/src/access.ts`).
 */

export const ROLES = [
  'admin',
  'investigator',
  'coordinator',
  'monitor',
  'data_manager',
  'statistician',
  'sponsor_safety',
] as const
export type Role = (typeof ROLES)[number]

/** Actions checked by the policy. `read`/`write` concern subject-level clinical data. */
export const ACTIONS = [
  'subject.read',
  'subject.write',
  'subject.enrol',
  'study.read',
  'study.configure',
  'query.raise',
  'query.answer',
  'sdv.mark',
  'form.sign',
  'form.lock',
  'safety.review',
  'escalation.decide',
  'report.run',
  'user.manage',
  'audit.read',
] as const
export type Action = (typeof ACTIONS)[number]

/**
 * Whether a role grants an action anywhere, before site scoping.
 * Statisticians are read-only; sponsor safety reads safety data across sites; monitors
 * verify and query but never enter data (ICH E6(R3) 3.11.4).
 */
const GRANTS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  investigator: [
    'subject.read', 'subject.write', 'subject.enrol', 'study.read', 'query.answer', 'form.sign',
    'safety.review', 'escalation.decide', 'report.run',
  ],
  coordinator: ['subject.read', 'subject.write', 'subject.enrol', 'study.read', 'query.answer'],
  monitor: ['subject.read', 'study.read', 'query.raise', 'sdv.mark', 'audit.read'],
  data_manager: ['subject.read', 'study.read', 'query.raise', 'form.lock', 'report.run', 'audit.read'],
  statistician: ['subject.read', 'study.read', 'report.run'],
  sponsor_safety: ['subject.read', 'study.read', 'safety.review', 'escalation.decide', 'report.run'],
}

/** Roles whose access to subject data is not limited to the sites they are members of. */
const CROSS_SITE: ReadonlySet<Role> = new Set<Role>(['admin', 'statistician', 'sponsor_safety', 'data_manager'])

export function isRole(s: unknown): s is Role {
  return typeof s === 'string' && (ROLES as readonly string[]).includes(s)
}

export function roleGrants(role: Role, action: Action): boolean {
  return GRANTS[role].includes(action)
}

/** A caller as the access policy sees it. */
export interface Principal {
  userId: number
  username: string
  roles: readonly Role[]
  /** ids of the sites the user is a member of */
  siteIds: readonly number[]
}

/**
 * May `who` perform `action` on data of site `siteId` (omit for study-level actions)?
 * Site-bound roles act only at their own sites; cross-site roles read everywhere but write
 * subject data only at their own sites.
 */
export function canAccess(who: Principal, action: Action, siteId?: number): boolean {
  return who.roles.some((role) => {
    if (!roleGrants(role, action)) return false
    if (siteId === undefined) return true
    if (who.siteIds.includes(siteId)) return true
    return role === 'admin' || (CROSS_SITE.has(role) && !isSiteBoundWrite(action))
  })
}

function isSiteBoundWrite(action: Action): boolean {
  return action === 'subject.write' || action === 'subject.enrol' || action === 'query.answer'
}

/** True when reading this site's subject data is outside the caller's own sites (such reads are audited). */
export function isCrossSiteRead(who: Principal, siteId: number): boolean {
  return !who.siteIds.includes(siteId)
}
