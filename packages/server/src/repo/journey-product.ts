import {
  canRecordInfusion,
  parseDin,
  platformCoiIdentifier,
  validateCustodyChain,
  verifyBedsideIdentity,
  type BedsideVerification,
  type CustodyHandOff,
  type Issue,
} from '@celltrial/core'
import { AppError, notFound } from '../errors.js'
import type { ScopedRepo } from './scoped-repo.js'
import { issueDetails, subjectFor, type Tx } from './journey.js'
import { authenticateSecondVerifier, type SecondVerifierCredentials } from './journey-verifier.js'
import type { LockoutPolicy } from '../auth/login.js'
import type { TotpKey } from '../auth/totp-secret.js'

/**
 * Chain of identity and custody of a subject's autologous product (regimen-and-dosing.md §5, §5.1, §5.2):
 * the COI identifier, an optional ISBT 128 DIN checked with its MOD 37-2 character, apheresis collections,
 * manufacturing lots, release tests, custody hand-offs and bedside verifications.
 */

/** A DIN as stored: the 13 characters and the check character; refused when the check character is wrong. */
function checkedDin(input: string | null | undefined, path: string) {
  if (input === null || input === undefined || input.trim() === '') return null
  const parsed = parseDin(input)
  if (!parsed.ok) throw new AppError('validation_failed', parsed.issues.map((i) => i.message).join('; '), [{ path, message: parsed.issues[0]?.message ?? 'invalid DIN' }])
  return parsed.value
}

/** The subject's sequence number from a `<site code>-<sequence>` code (pseudonymous codes; no names). */
function subjectNumber(code: string, siteCode: string): number {
  const m = new RegExp(`^${siteCode.replace(/[^0-9A-Z]/g, '')}-(\\d{1,6})$`).exec(code)
  if (!m) throw new AppError('validation_failed', `subject code ${code} is not <site code>-<sequence>, needed for the COI identifier`, [{ path: 'code', message: 'not site + sequence' }])
  return Number(m[1])
}

export async function productOf(repo: ScopedRepo, subjectId: number) {
  const product = await repo.db.selectFrom('cell_product').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
  if (!product) throw notFound(`product of subject ${subjectId}`)
  return product
}

/** Assign the COI identifier (platform identifier with MOD 37-2 check) and register the product. */
export async function registerProduct(repo: ScopedRepo, subjectId: number, input: { din?: string | null; productDescription?: string | null }) {
  const subject = await subjectFor(repo, subjectId, 'subject.write')
  const coi = platformCoiIdentifier({ registryId: subject.registry_id, siteCode: subject.site_code, subjectNumber: subjectNumber(subject.code, subject.site_code) })
  if (!coi.ok) throw new AppError('validation_failed', coi.issues.map((i) => i.message).join('; '), issueDetails(coi.issues))
  const din = checkedDin(input.din, 'din')
  return repo.write(async (tx, audit) => {
    const existing = await tx.selectFrom('cell_product').select('id').where('subject_id', '=', subjectId).executeTakeFirst()
    if (existing) throw new AppError('conflict', `subject ${subject.code} already has a product (one COI identifier per therapy event)`)
    const row = await tx
      .insertInto('cell_product')
      .values({
        subject_id: subjectId, coi_identifier: coi.value, din: din?.din ?? null, din_check_character: din?.checkCharacter ?? null,
        product_description: input.productDescription?.trim() || null, created_by: repo.who.userId, created_at: repo.clock().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({ action: 'create', entity: 'cell_product', entityId: row.id, siteId: subject.site_id, newValue: row })
    return row
  })
}

const handOffOf = (h: { material_id: string; from_holder: string; to_holder: string; place: string; handed_at: string; temperature_condition: string; temperature_in_range: boolean; seal_intact: boolean }): CustodyHandOff => ({
  materialId: h.material_id, from: h.from_holder, to: h.to_holder, place: h.place, at: h.handed_at,
  temperatureCondition: h.temperature_condition, temperatureInRange: h.temperature_in_range, sealIntact: h.seal_intact,
})

const verificationOf = (v: { bag_id: string; verified_at: string; verifiers: string[]; result: BedsideVerification['result']; issues: unknown[]; deviation: boolean }): BedsideVerification => ({
  result: v.result, infusionAllowed: v.result === 'match', bagId: v.bag_id, at: v.verified_at, verifiers: v.verifiers, issues: v.issues as Issue[], deviation: v.deviation,
})

/** Everything on the product's chain, with the custody check of core. */
export async function productChain(repo: ScopedRepo, subjectId: number) {
  const subject = await subjectFor(repo, subjectId, 'subject.read')
  const product = await repo.db.selectFrom('cell_product').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
  const base = { subjectId, code: subject.code, status: subject.status, siteId: subject.site_id, siteCode: subject.site_code, registryId: subject.registry_id }
  if (!product) return { ...base, product: null, collections: [], lots: [], releaseTests: [], handOffs: [], custody: null, verifications: [], infusion: null }
  const db = repo.db
  const collections = await db.selectFrom('apheresis_collection').selectAll().where('product_id', '=', product.id).where('voided_at', 'is', null).orderBy('collected_at').execute()
  const lots = await db.selectFrom('manufacturing_lot').selectAll().where('product_id', '=', product.id).where('voided_at', 'is', null).orderBy('started_on').execute()
  const releaseTests = await db.selectFrom('release_test').selectAll().where('product_id', '=', product.id).where('voided_at', 'is', null).orderBy('tested_on').orderBy('id').execute()
  const handOffs = await db.selectFrom('custody_handoff').selectAll().where('product_id', '=', product.id).where('voided_at', 'is', null).orderBy('handed_at').orderBy('id').execute()
  const verifications = await repo.db.selectFrom('bedside_verification').selectAll().where('product_id', '=', product.id).orderBy('verified_at').orderBy('id').execute()
  const infusion = await repo.db.selectFrom('infusion_record').selectAll().where('subject_id', '=', subjectId).where('voided_at', 'is', null).executeTakeFirst()
  const custody = handOffs.length === 0 ? null : validateCustodyChain(handOffs.map(handOffOf))
  return { ...base, product, collections, lots, releaseTests, handOffs, custody, verifications, infusion: infusion ?? null }
}

/** Insert one chain row with its audit record, after the write check at the subject's site. */
async function addToChain<T extends { id: number }>(repo: ScopedRepo, subjectId: number, entity: string, insert: (tx: Tx, productId: number) => Promise<T>) {
  const subject = await subjectFor(repo, subjectId, 'subject.write')
  const product = await productOf(repo, subjectId)
  return repo.write(async (tx, audit) => {
    const row = await insert(tx, product.id)
    await audit({ action: 'create', entity, entityId: row.id, siteId: subject.site_id, newValue: row })
    return row
  })
}

const stamp = (repo: ScopedRepo) => ({ created_by: repo.who.userId, created_at: repo.clock().toISOString() })

export function addCollection(repo: ScopedRepo, subjectId: number, input: { collectedAt: string; facility: string; volumeMl?: number | null; din?: string | null; notes?: string | null }) {
  const din = checkedDin(input.din, 'din')
  return addToChain(repo, subjectId, 'apheresis_collection', (tx, productId) =>
    tx.insertInto('apheresis_collection').values({
      product_id: productId, collected_at: input.collectedAt, facility: input.facility, volume_ml: input.volumeMl ?? null, din: din?.din ?? null,
      notes: input.notes ?? null, ...stamp(repo), voided_at: null, void_reason: null,
    }).returningAll().executeTakeFirstOrThrow(),
  )
}

export function addLot(repo: ScopedRepo, subjectId: number, input: { lotNumber: string; manufacturer: string; startedOn: string; endedOn?: string | null; batchRecordRef?: string | null; deviations?: string | null }) {
  return addToChain(repo, subjectId, 'manufacturing_lot', (tx, productId) =>
    tx.insertInto('manufacturing_lot').values({
      product_id: productId, lot_number: input.lotNumber, manufacturer: input.manufacturer, started_on: input.startedOn, ended_on: input.endedOn ?? null,
      batch_record_ref: input.batchRecordRef ?? null, deviations: input.deviations ?? null, ...stamp(repo), voided_at: null, void_reason: null,
    }).returningAll().executeTakeFirstOrThrow(),
  )
}

export function addReleaseTest(repo: ScopedRepo, subjectId: number, input: { lotId?: number | null; test: string; result: string; passed: boolean; testedOn: string }) {
  return addToChain(repo, subjectId, 'release_test', (tx, productId) =>
    tx.insertInto('release_test').values({
      product_id: productId, lot_id: input.lotId ?? null, test: input.test, result: input.result, passed: input.passed, tested_on: input.testedOn,
      ...stamp(repo), voided_at: null, void_reason: null,
    }).returningAll().executeTakeFirstOrThrow(),
  )
}

/** Issues that make a new hand-off unrecordable; a broken seal or an excursion is recorded and reported. */
const BLOCKING_CUSTODY = new Set(['custody.gap', 'custody.time_order', 'custody.material_changed', 'custody.missing_field', 'custody.invalid_time'])

/**
 * Append a custody hand-off; refused (409) when it would break the chain: a gap (`from` is not the previous
 * `to`), an earlier time or another material (regimen-and-dosing.md §5.1 rule 3).
 */
export async function addHandOff(repo: ScopedRepo, subjectId: number, input: { materialId: string; from: string; to: string; place: string; at: string; temperatureCondition: string; temperatureInRange: boolean; sealIntact: boolean }) {
  const subject = await subjectFor(repo, subjectId, 'subject.write')
  const product = await productOf(repo, subjectId)
  return repo.write(async (tx, audit) => {
    const existing = await tx.selectFrom('custody_handoff').selectAll().where('product_id', '=', product.id).where('voided_at', 'is', null).orderBy('handed_at').orderBy('id').forUpdate().execute()
    const next: CustodyHandOff = { ...input }
    const chain = validateCustodyChain([...existing.map(handOffOf), next])
    const blocking = chain.ok ? [] : chain.issues.filter((i) => i.path[0] === existing.length && BLOCKING_CUSTODY.has(i.code))
    if (blocking.length > 0) throw new AppError('conflict', blocking.map((i) => i.message).join('; '), issueDetails(blocking))
    const row = await tx
      .insertInto('custody_handoff')
      .values({
        product_id: product.id, material_id: input.materialId, from_holder: input.from, to_holder: input.to, place: input.place, handed_at: input.at,
        temperature_condition: input.temperatureCondition, temperature_in_range: input.temperatureInRange, seal_intact: input.sealIntact,
        ...stamp(repo), voided_at: null, void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({ action: 'create', entity: 'custody_handoff', entityId: row.id, siteId: subject.site_id, newValue: row })
    return { handOff: row, chain: chain.ok ? { ok: true as const, issues: [] } : { ok: false as const, issues: chain.issues } }
  })
}

/**
 * Bedside two-person identity check (regimen-and-dosing.md §5 Infusion, §5.1): the caller is the first verifier;
 * the second authenticates with their own username and password in the same request (journey-verifier.ts) and
 * must be another active user with a clinical role at the subject's site. Every check is stored with both user
 * ids, a mismatch as a deviation (§5.1 rule 2); only a match lets the infusion be recorded (§5.1 rule 1).
 */
export async function verifyBedside(
  repo: ScopedRepo,
  subjectId: number,
  input: { bagId: string; scannedPatientId: string; scannedCoiIdentifier: string; secondVerifier: SecondVerifierCredentials },
  auth: { lockout: LockoutPolicy; totpKey?: TotpKey | undefined },
) {
  const subject = await subjectFor(repo, subjectId, 'subject.write')
  const product = await productOf(repo, subjectId)
  const second = await authenticateSecondVerifier(repo.db, repo.clock(), input.secondVerifier, { firstVerifier: repo.who, siteId: subject.site_id, siteCode: subject.site_code, ...auth })
  const at = repo.clock().toISOString()
  const check = verifyBedsideIdentity(
    { subjectId: subject.code, coiIdentifier: product.coi_identifier },
    { patientId: input.scannedPatientId, productCoiIdentifier: input.scannedCoiIdentifier, bagId: input.bagId },
    [repo.who.username, second.username],
    at,
  )
  return repo.write(async (tx, audit) => {
    const row = await tx
      .insertInto('bedside_verification')
      .values({
        product_id: product.id, subject_id: subjectId, bag_id: check.bagId, scanned_patient_id: input.scannedPatientId.trim(),
        scanned_coi_identifier: input.scannedCoiIdentifier.trim(), verifiers: JSON.stringify(check.verifiers), result: check.result,
        deviation: check.deviation, issues: JSON.stringify(check.issues), verified_at: at, recorded_by: repo.who.userId,
        second_verifier_id: second.userId, created_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({
      action: check.deviation ? 'deviation' : 'verify', entity: 'bedside_verification', entityId: row.id, siteId: subject.site_id,
      newValue: {
        bagId: check.bagId, result: check.result, verifiers: check.verifiers, firstVerifierUserId: repo.who.userId, secondVerifierUserId: second.userId,
        issues: check.issues.map((i) => i.code),
      },
    })
    return { ...row, infusionAllowed: check.infusionAllowed }
  })
}

/**
 * §5.1 rule 1 inside the infusion transaction: the latest verification of `bagId` must be a match.
 * @throws AppError `conflict` (409) with core's message otherwise
 */
export async function requireMatchingVerification(tx: Tx, subjectId: number, productId: number, bagId: string) {
  const rows = await tx.selectFrom('bedside_verification').selectAll().where('subject_id', '=', subjectId).where('product_id', '=', productId).orderBy('id').execute()
  const verdict = canRecordInfusion(rows.map(verificationOf), bagId)
  if (!verdict.ok) throw new AppError('conflict', verdict.issues.map((i) => i.message).join('; '), issueDetails(verdict.issues))
  const latest = [...rows].reverse().find((r) => r.bag_id === bagId.trim() && r.verified_at === verdict.value.at)
  if (!latest) throw new AppError('conflict', `bag "${bagId}" has no matching verification`)
  return latest
}
