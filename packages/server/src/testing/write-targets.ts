import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { RouteTarget } from '../auth/route-guard.js'
import { ROLES, type Role } from '@celltrial/core'
import { loadSeedProtocols } from '@celltrial/protocols'
import { loadProtocols } from '../demo/load-protocols.js'
import { loadDemoCohort } from '../demo/load-demo.js'
import { makeUser } from './fixtures.js'

/** One row of every kind a write route's `:id` can name (auth/route-guard.ts), all at one site. */
export type WriteTargets = Record<Exclude<RouteTarget, 'body.siteId'>, number>

/**
 * Insert a subject at `siteId` and one row of each target kind for it, directly in the database (the API
 * flows that create them are tested by their features). Rows are minimal but satisfy every constraint.
 */
export async function makeWriteTargets(db: Db, input: { studyId: number; siteId: number; code: string; userId: number; at?: string }): Promise<WriteTargets> {
  const k = db.kysely
  const at = input.at ?? '2025-06-15T08:00:00.000Z'
  const one = async (q: ReturnType<typeof sql<{ id: number }>>) => {
    const r = await q.execute(k)
    const id = r.rows[0]?.id
    if (id === undefined) throw new Error(`makeWriteTargets: insert returned no id at site ${input.siteId}`)
    return Number(id)
  }
  const subject = await one(sql<{ id: number }>`
    insert into subject (study_id, site_id, code, status, sex, age_years) values (${input.studyId}, ${input.siteId}, ${input.code}, 'consented', 'F', 40) returning id`)
  const lab = await one(sql<{ id: number }>`
    insert into lab_result (subject_id, test_code, value, unit, collected_on) values (${subject}, 'PLT', 12, '10^9/L', '2025-06-01') returning id`)
  const form = await one(sql<{ id: number }>`
    insert into form_record (subject_id, study_id, site_id, form_type, observed_on, data, created_by, created_at, updated_by, updated_at)
    values (${subject}, ${input.studyId}, ${input.siteId}, 'vital_signs', '2025-06-01', ${JSON.stringify({ temperatureC: 37 })}, ${input.userId}, ${at}, ${input.userId}, ${at}) returning id`)
  const query = await one(sql<{ id: number }>`
    insert into data_query (form_record_id, field_path, text, raised_by, raised_at) values (${form}, '', 'please check', ${input.userId}, ${at}) returning id`)
  const lock = await one(sql<{ id: number }>`
    insert into data_lock (scope, study_id, subject_id, locked_by, locked_at) values ('subject', ${input.studyId}, ${subject}, ${input.userId}, ${at}) returning id`)
  const proposal = await one(sql<{ id: number }>`
    insert into lab_ae_proposal (subject_id, analyte, term, soc, ctcae_version, emergence_rule, onset_date, last_abnormal_date, worst_grade, worst_grade_date)
    values (${subject}, 'PLT', 'Platelet count decreased', 'Investigations', '5.0', 'any-abnormal', '2025-06-01', '2025-06-01', 3, '2025-06-01') returning id`)
  const alert = await one(sql<{ id: number }>`
    insert into safety_alert (subject_id, study_id, site_id, kind, grade, observed_on, finding, source_entity)
    values (${subject}, ${input.studyId}, ${input.siteId}, 'crs', 2, '2025-06-01', 'fever with hypotension', 'form_record') returning id`)
  const sae = await one(sql<{ id: number }>`
    insert into sae_report (subject_id, site_id, ae_source, term, seriousness, serious, susar_category, site_aware_at, site_aware_instant)
    values (${subject}, ${input.siteId}, 'other', 'CRS', ${JSON.stringify({})}, 'unknown', 'not-serious', '2025-06-01T09:00+08:00', '2025-06-01T01:00:00Z') returning id`)
  const dlt = await one(sql<{ id: number }>`
    insert into dlt_assessment (subject_id, evaluable, not_evaluable_reason) values (${subject}, false, 'withdrew before day 28') returning id`)
  const attempt = await one(sql<{ id: number }>`
    insert into screening_attempt (study_id, site_id, screening_number, screened_on, profile, protocol_version, outcome, result, created_by)
    values (${input.studyId}, ${input.siteId}, ${`${input.code}-S`}, '2025-06-01', ${JSON.stringify({})}, '1.0', 'incomplete', ${JSON.stringify({})}, ${input.userId}) returning id`)
  return {
    subject, lab_result: lab, form_record: form, data_query: query, data_lock: lock, lab_ae_proposal: proposal, safety_alert: alert,
    sae_report: sae, dlt_assessment: dlt, screening_attempt: attempt,
  }
}

/**
 * A fingerprint of every table's content except sessions (touched by each request) and the audit trail
 * (compared by count): equal fingerprints mean nothing was written.
 */
export async function databaseFingerprint(db: Db): Promise<{ audit: number; tables: Record<string, string> }> {
  const k = db.kysely
  const names = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not in ('user_session', 'audit_event') order by table_name`.execute(k)
  const parts = names.rows.map((r) => sql`select ${r.table_name}::text as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${sql.table(r.table_name)} x`)
  const rows = await sql<{ t: string; h: string }>`${sql.join(parts, sql` union all `)}`.execute(k)
  const audit = await sql<{ n: number }>`select count(*)::int as n from audit_event`.execute(k)
  return { audit: Number(audit.rows[0]!.n), tables: Object.fromEntries(rows.rows.map((r) => [r.t, r.h])) }
}

/** The tables whose content differs between two fingerprints, and the change of the audit count. */
export function fingerprintChanges(before: Awaited<ReturnType<typeof databaseFingerprint>>, after: Awaited<ReturnType<typeof databaseFingerprint>>): string[] {
  const changed = Object.keys({ ...before.tables, ...after.tables }).filter((t) => before.tables[t] !== after.tables[t])
  if (after.audit !== before.audit) changed.push(`audit_event (${before.audit} -> ${after.audit} records)`)
  return changed
}

/** The world the write-route tests share: the seed trials with the demo cohort, a second site, targets at both. */
export interface WriteWorld {
  studyId: number
  ownSite: number
  otherSite: number
  own: WriteTargets
  other: WriteTargets
  /** username of a user with `role` and membership of `ownSite` only */
  userOf: (role: Role) => string
}

/**
 * Load the four seed protocols and the demo cohort, add a site that takes part in the demo study, one row of
 * every target kind at the demo site (own) and at the new site (other), and a user per role at the own site.
 */
export async function makeWriteWorld(db: Db, now: Date, prefix: string): Promise<WriteWorld> {
  await loadProtocols(db.kysely, loadSeedProtocols(), now)
  await loadDemoCohort(db.kysely, now)
  const s = await db.kysely.selectFrom('subject').select(['study_id', 'site_id']).orderBy('id').executeTakeFirstOrThrow()
  const site = await db.kysely.insertInto('site').values({ code: `${prefix.toUpperCase().slice(0, 3)}99`, name: 'Other hospital', city: 'Suzhou', country: 'China' }).returning('id').executeTakeFirstOrThrow()
  await db.kysely.insertInto('study_site').values({ study_id: s.study_id, site_id: site.id }).execute()
  const setupUser = await makeUser(db, `${prefix}.setup`, ['admin'], [s.site_id], now)
  const own = await makeWriteTargets(db, { studyId: s.study_id, siteId: s.site_id, code: 'WRT-OWN', userId: setupUser })
  const other = await makeWriteTargets(db, { studyId: s.study_id, siteId: site.id, code: 'WRT-OTH', userId: setupUser })
  const userOf = (role: Role) => `${prefix}.${role.replace('_', '-')}`
  for (const role of ROLES) await makeUser(db, userOf(role), [role], [s.site_id], now)
  return { studyId: s.study_id, ownSite: s.site_id, otherSite: site.id, own, other, userOf }
}
