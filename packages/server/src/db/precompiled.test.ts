import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import type { Db } from './connect.js'
import { precompiled } from './precompiled.js'

let db: Db
let other: Db
beforeAll(async () => {
  ;[db, other] = [await freshDb(), await freshDb()]
  for (const d of [db, other])
    await d.kysely.insertInto('site').values([{ code: 'PC1', name: 'One', country: 'CN', city: 'Suzhou' }, { code: 'PC2', name: "Two's", country: 'CN', city: null }]).execute()
})
afterAll(async () => {
  await db?.close()
  await other?.close()
})

describe('precompiled', () => {
  const siteByCodeAndCountry = precompiled((d, code: string, country: string) =>
    d.selectFrom('site').select(['code', 'name', 'city']).where('country', '=', country).where('code', '=', code).where('name', '!=', 'fixed value'),
  )

  it('runs the query compiled once with each call’s arguments, in their order, among fixed parameters', async () => {
    expect(await siteByCodeAndCountry.first(db.kysely, 'PC1', 'CN')).toEqual({ code: 'PC1', name: 'One', city: 'Suzhou' })
    expect(await siteByCodeAndCountry.first(db.kysely, 'PC2', 'CN')).toEqual({ code: 'PC2', name: "Two's", city: null })
    expect(await siteByCodeAndCountry.first(db.kysely, 'PC1', 'FR')).toBeUndefined()
    expect(await siteByCodeAndCountry.execute(db.kysely, "PC1' or '1'='1", 'CN')).toEqual([])
  })

  it('runs on the database or transaction it is given', async () => {
    await other.kysely.updateTable('site').set({ name: 'Other one' }).where('code', '=', 'PC1').execute()
    expect((await siteByCodeAndCountry.first(other.kysely, 'PC1', 'CN'))?.name).toBe('Other one')
    expect((await siteByCodeAndCountry.first(db.kysely, 'PC1', 'CN'))?.name).toBe('One')
    await db.kysely.transaction().execute(async (tx) => {
      await tx.updateTable('site').set({ name: 'Renamed in tx' }).where('code', '=', 'PC2').execute()
      expect((await siteByCodeAndCountry.first(tx, 'PC2', 'CN'))?.name).toBe('Renamed in tx')
    })
  })

  it('refuses a query that does not take each argument as exactly one parameter', async () => {
    const unused = precompiled((d, _code: string) => d.selectFrom('site').select('code'))
    await expect(unused.execute(db.kysely, 'PC1')).rejects.toThrow(/each of the 1 arguments must be one parameter of the SQL, got slots \[\]/)
    const twice = precompiled((d, code: string) => d.selectFrom('site').select('code').where('code', '=', code).where('name', '!=', code))
    await expect(twice.execute(db.kysely, 'PC1')).rejects.toThrow(/got slots \[0, 0\]/)
  })
})
