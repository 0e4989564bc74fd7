import type { Kysely } from 'kysely'
import { addDays, daysBetween } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { appendAudit } from '../audit/chain.js'
import { DEMO_CUTOFF, NCT06352281_DEMO } from './nct06352281-cohort.js'
import { seedDemoJourney } from './journey-demo.js'
import { demoAccount, loadDemoForms } from './load-demo-forms.js'

/**
 * Load the synthetic NCT06352281 cohort (marked `is_demo`) when that study has no subjects yet.
 * Everything is written in one transaction and audited as the `demo` actor.
 * @returns the number of subjects created
 */
export async function loadDemoCohort(db: Kysely<Database>, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const study = await tx.selectFrom('study').select('id').where('registry_id', '=', 'NCT06352281').executeTakeFirst()
    if (!study) return 0
    const has = await tx.selectFrom('subject').select('id').where('study_id', '=', study.id).executeTakeFirst()
    if (has) return 0
    const site = await tx
      .selectFrom('study_site')
      .innerJoin('site', 'site.id', 'study_site.site_id')
      .select(['site.id', 'site.code'])
      .where('study_site.study_id', '=', study.id)
      .orderBy('site.id')
      .executeTakeFirstOrThrow()
    const demoUser = await demoAccount(tx)
    let n = 0
    for (const p of NCT06352281_DEMO) {
      n++
      const followUpDays = daysBetween(p.infusionDate, DEMO_CUTOFF)
      const subject = await tx
        .insertInto('subject')
        .values({
          study_id: study.id, site_id: site.id, code: `${site.code}-${String(n).padStart(3, '0')}`,
          status: followUpDays > 90 ? 'long_term_follow_up' : 'short_term_follow_up',
          sex: p.sex, age_years: p.ageYears, dose_level: p.doseLevelId, ld_start_date: p.ldStartDate, infusion_date: p.infusionDate,
          is_demo: true,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await appendAudit(tx, now, { actorUserId: null, actor: 'demo', action: 'create', entity: 'subject', entityId: subject.id, siteId: site.id, newValue: subject, reason: 'synthetic demo cohort' })
      await seedDemoJourney(tx, now, { subjectId: subject.id, subjectCode: subject.code, siteId: site.id, siteCode: site.code, studyId: study.id, subjectNumber: n, ldStartDate: p.ldStartDate, infusionDate: p.infusionDate, status: subject.status, cutoff: DEMO_CUTOFF })
      await tx
        .insertInto('lab_result')
        .values(p.platelets.map(([day, value]) => ({
          subject_id: subject.id, test_code: 'PLAT', value, unit: '10^9/L', collected_on: addDays(p.infusionDate, day),
          ref_low: 125, ref_high: 350, voided_at: null, void_reason: null,
        })))
        .execute()
      await appendAudit(tx, now, {
        actorUserId: null, actor: 'demo', action: 'create', entity: 'lab_result', entityId: `subject:${subject.id}`, siteId: site.id,
        newValue: { testCode: 'PLAT', count: p.platelets.length }, reason: 'synthetic demo cohort',
      })
      await loadDemoForms(tx, p, subject, demoUser, now)
    }
    return n
  })
}
