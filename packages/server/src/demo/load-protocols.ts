import type { Kysely } from 'kysely'
import type { Protocol } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { appendAudit } from '../audit/chain.js'

/**
 * A short site code: the first three letters of the city (else of the facility) and a sequence number,
 * e.g. `KUN01` for a hospital in Kunming. Subject codes are built on it (`KUN01-001`).
 */
export function siteCodeFor(facility: string, city: string | undefined, taken: ReadonlySet<string>): string {
  const stem = ((city ?? facility).replace(/[^A-Za-z]/g, '').slice(0, 3) || 'SIT').toUpperCase()
  for (let i = 1; ; i++) {
    const code = `${stem}${String(i).padStart(2, '0')}`
    if (!taken.has(code)) return code
  }
}

/**
 * Make sure every protocol has its study row and its sites. Idempotent: a study already present is
 * left as it is (amendments are loaded through the protocol workflow, not at start).
 * @returns the number of studies inserted
 */
export async function loadProtocols(db: Kysely<Database>, protocols: readonly Protocol[], now: Date): Promise<number> {
  let inserted = 0
  for (const p of protocols) {
    const id = p.identification
    await db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('study').select('id').where('registry_id', '=', id.registryId).executeTakeFirst()
      if (existing) return
      const study = await tx
        .insertInto('study')
        .values({
          registry_id: id.registryId,
          title: id.briefTitle,
          product: id.productName,
          phase: id.phases.join('/'),
          target_enrolment: id.targetEnrollment.count,
          protocol: JSON.stringify(p),
          protocol_version: p.version.number,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await appendAudit(tx, now, {
        actorUserId: null, actor: 'system', action: 'create', entity: 'study', entityId: study.id,
        newValue: { registryId: id.registryId, protocolVersion: p.version.number }, reason: 'protocol loaded at start',
      })
      for (const s of id.sites) {
        let site = await tx.selectFrom('site').select('id').where('name', '=', s.facility).executeTakeFirst()
        if (!site) {
          const taken = new Set((await tx.selectFrom('site').select('code').execute()).map((r) => r.code))
          site = await tx
            .insertInto('site')
            .values({ code: siteCodeFor(s.facility, s.city, taken), name: s.facility, city: s.city ?? null, country: s.country })
            .returning('id')
            .executeTakeFirstOrThrow()
          await appendAudit(tx, now, { actorUserId: null, actor: 'system', action: 'create', entity: 'site', entityId: site.id, newValue: s })
        }
        await tx.insertInto('study_site').values({ study_id: study.id, site_id: site.id }).onConflict((oc) => oc.doNothing()).execute()
      }
      inserted++
    })
  }
  return inserted
}
