import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { freshDb } from '../testing/test-db.js'
import type { Db } from './connect.js'
import { listMigrations, migrate } from './migrate.js'

let db: Db
beforeAll(async () => {
  db = await freshDb()
})
afterAll(async () => {
  await db.close()
})

describe('migration 0012 (odm_import)', () => {
  it('registers the ODM files imported before it, from their first audit record', async () => {
    // the database as it was before 0012, with two imports of one file and one of another in the audit trail
    await sql`drop table odm_import`.execute(db.kysely)
    await sql`delete from schema_migration where version = 12`.execute(db.kysely)
    const at = ['2025-01-02T10:00:00Z', '2025-01-02T10:00:01Z', '2025-02-03T09:30:00Z', '2025-02-04T09:30:00Z']
    const rows: [number, string, string | null, string][] = [
      [900001, at[0]!, 'ODM import of file CT.A.1', 'dm.one'],
      [900002, at[1]!, 'ODM import of file CT.A.1', 'dm.one'],
      [900003, at[2]!, 'ODM import of file CT.B_2', 'dm.two'],
      [900004, at[3]!, 'form record 3 changed', 'coord'],
    ]
    for (const [id, when, reason, actor] of rows)
      await db.kysely.insertInto('audit_event').values({ id, at: when, actor_user_id: null, actor, action: 'create', entity: 'form_record', entity_id: String(id), site_id: null, old_value: null, new_value: null, reason, prev_hash: 'x', hash: `test-${id}` }).execute()
    expect(await migrate(db.kysely, listMigrations())).toEqual([12])
    const registered = await db.kysely.selectFrom('odm_import').select(['file_oid', 'study_id', 'imported_at', 'imported_by_name']).orderBy('file_oid').execute()
    expect(registered).toEqual([
      { file_oid: 'CT.A.1', study_id: null, imported_at: '2025-01-02T10:00:00.000Z', imported_by_name: 'dm.one' },
      { file_oid: 'CT.B_2', study_id: null, imported_at: '2025-02-03T09:30:00.000Z', imported_by_name: 'dm.two' },
    ])
  })
})
