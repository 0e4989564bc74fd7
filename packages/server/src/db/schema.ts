import type { ColumnType, Generated } from 'kysely'
import type { ScreeningTables } from './tables/screening.js'
import type { JourneyTables } from './tables/journey.js'
import type { ResponseTables } from './tables/response.js'
import type { EscalationTables } from './tables/escalation.js'
import type { SafetyTables } from './tables/safety.js'
import type { CaptureTables } from './tables/capture.js'
import type { TotpTables } from './tables/totp.js'
import type { AmendmentTables } from './tables/amendments.js'

/** Columns filled by the database: readable, optional on insert, never updated by the app. */
type Auto<T> = ColumnType<T, T | undefined, never>

export interface SiteTable {
  id: Generated<number>
  code: string
  name: string
  city: string | null
  country: string | null
  created_at: Auto<string>
}
export interface AppUserTable {
  id: Generated<number>
  username: string
  display_name: string
  password_hash: string | null
  failed_logins: Generated<number>
  locked_until: string | null
  disabled_at: string | null
  created_at: Auto<string>
}
export interface UserRoleTable {
  user_id: number
  role: string
}
export interface SiteMembershipTable {
  user_id: number
  site_id: number
}
export interface UserSessionTable {
  token_hash: string
  user_id: number
  csrf_token: string
  created_at: string
  last_seen_at: string
  ended_at: string | null
}
export interface SetupTokenTable {
  token_hash: string
  user_id: number | null
  created_at: string
  expires_at: string
  used_at: string | null
}
export interface StudyTable {
  id: Generated<number>
  registry_id: string
  title: string
  product: string
  phase: string
  target_enrolment: number | null
  protocol: unknown
  protocol_version: string
  is_demo: Generated<boolean>
  created_at: Auto<string>
}
export interface StudySiteTable {
  study_id: number
  site_id: number
}
export interface SubjectTable {
  id: Generated<number>
  study_id: number
  site_id: number
  code: string
  status: string
  sex: 'F' | 'M' | 'U' | null
  age_years: number | null
  dose_level: string | null
  ld_start_date: string | null
  infusion_date: string | null
  is_demo: Generated<boolean>
  created_at: Auto<string>
}
export interface LabResultTable {
  id: Generated<number>
  subject_id: number
  test_code: string
  value: number
  unit: string
  collected_on: string
  ref_low: number | null
  ref_high: number | null
  voided_at: string | null
  void_reason: string | null
  created_at: Auto<string>
}
export interface AuditEventTable {
  id: number
  at: string
  actor_user_id: number | null
  actor: string
  action: string
  entity: string
  entity_id: string | null
  site_id: number | null
  old_value: unknown
  new_value: unknown
  reason: string | null
  prev_hash: string
  hash: string
}
export interface AuditHeadTable {
  singleton: boolean
  last_id: number
  last_hash: string
}

/** Tables of migration 0001 (foundation). */
export interface FoundationTables {
  site: SiteTable
  app_user: AppUserTable
  user_role: UserRoleTable
  site_membership: SiteMembershipTable
  user_session: UserSessionTable
  setup_token: SetupTokenTable
  study: StudyTable
  study_site: StudySiteTable
  subject: SubjectTable
  lab_result: LabResultTable
  audit_event: AuditEventTable
  audit_head: AuditHeadTable
}

/**
 * The database as Kysely sees it. Keep in step with migrations/*.sql: each feature declares its tables
 * in db/tables/<feature>.ts (one interface per migration) and adds that interface to this list.
 */
export interface Database extends FoundationTables, JourneyTables, ResponseTables, ScreeningTables, EscalationTables, SafetyTables, CaptureTables, TotpTables, AmendmentTables {}
