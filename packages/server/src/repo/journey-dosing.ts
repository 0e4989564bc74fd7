import {
  bodySurfaceArea,
  cellDoseTarget,
  fail,
  infusionVolume,
  isoDate,
  ldDosePlan,
  ok,
  renalFunction,
  selectDosingWeight,
  visitCalendar,
  type CreatinineUnit,
  type Issue,
  type Protocol,
  type Result,
} from '@celltrial/core'
import { AppError } from '../errors.js'
import type { ScopedRepo } from './scoped-repo.js'
import { applyTransition, issueDetails, subjectFor, type Audit, type Tx } from './journey.js'
import { protocolForSubject } from './protocol-versions.js'
import { productOf, requireMatchingVerification } from './journey-product.js'

/**
 * Dosing from the study's protocol with core's functions (regimen-and-dosing.md §1 BSA, §2 renal function and
 * fludarabine bands, §3 LD and cell doses), and the LD and infusion records that set `subject.ld_start_date`
 * and `subject.infusion_date`. The server recomputes every number from the inputs; results carry the formula.
 * The entered `weightKg` is the weight of the LD doses (BSA, renal function); a per-kg cell dose uses the weight
 * the arm's `cellDosing.weightSource` names (§3 PROTOCOL DECISION, default the weight at leukapheresis).
 */

/**
 * Plausibility limits of the inputs (inclusive). The protocols define none for height and weight, so these bound
 * typing errors only; the protocol's own limits (dose defined, renal "do not administer" band, product volume)
 * come from core's checks.
 */
export const DOSING_INPUT_LIMITS = { heightCm: { min: 50, max: 250 }, weightKg: { min: 10, max: 250 } } as const

export interface DosingInput {
  heightCm: number
  /** weight for the LD doses (§1: actual weight measured within 7 days before LD day 1 by default) */
  weightKg: number
  ageYears: number
  sex: 'female' | 'male'
  serumCreatinine: number
  creatinineUnit: CreatinineUnit
  idmsTraceable?: boolean
  /** dose level id of the protocol; default the subject's */
  doseLevelId?: string | null
  /** certificate of analysis: viable cells per mL and CAR+ fraction */
  viableCellsPerMl?: number | null
  carPositiveFraction?: number | null
  availableVolumeMl?: number | null
  /** dated body weights; a per-kg cell dose takes the one measured on the leukapheresis date (§3 default) */
  weights?: { date: string; weightKg: number }[] | null
}

/** The weight a per-kg cell dose was calculated from, and where it came from (§3 "weight used"). */
export interface CellDoseWeight {
  source: 'leukapheresis' | 'lymphodepletion'
  /** date of the measurement; null for the entered LD weight */
  date: string | null
  weightKg: number
}

const refuse = (issues: readonly Issue[]): never => {
  throw new AppError('validation_failed', issues.map((i) => i.message).join('; '), issueDetails(issues))
}

/** BSA, renal function and LD doses; any value outside the limits is refused. */
export function computeLdDosing(protocol: Protocol, input: DosingInput) {
  const patient = {
    heightCm: input.heightCm, weightKg: input.weightKg, ageYears: input.ageYears, sex: input.sex,
    serumCreatinine: { value: input.serumCreatinine, unit: input.creatinineUnit }, idmsTraceable: input.idmsTraceable === true,
  }
  const regimen = protocol.lymphodepletion
  const bsa = bodySurfaceArea(patient, { formula: regimen.bsaFormula, roundingDecimals: regimen.bsaDecimals, capM2: regimen.bsaCapM2, limits: DOSING_INPUT_LIMITS })
  if (!bsa.ok) return refuse(bsa.issues)
  const renalRule = regimen.drugs.find((d) => d.renalAdjustment !== null)?.renalAdjustment
  const renal = renalFunction(patient, renalRule ? { pediatricBelowAgeYears: renalRule.pediatricBelowAgeYears, weightType: renalRule.weightType } : {})
  if (!renal.ok) return refuse(renal.issues)
  // §1 dose rounding (prescribed step, displayed decimals) comes from the regimen inside ldDosePlan
  const ld = ldDosePlan(regimen, patient, { limits: DOSING_INPUT_LIMITS })
  if (!ld.ok) return refuse(ld.issues)
  return { bsa: bsa.value, renal: renal.value, ld: ld.value }
}

const WEIGHT_SOURCE = 'regimen-and-dosing.md §3 (weight used, PROTOCOL DECISION)'

/**
 * The weight of a per-kg cell dose (§3 PROTOCOL DECISION "weight used (default weight at leukapheresis)"): with
 * `leukapheresis`, core's `selectDosingWeight` picks the weight measured on the leukapheresis date (0 days before,
 * as select-dosing-weight.ts says for cells); a missing date or weight is an issue, never replaced by the LD weight.
 */
function cellDoseWeight(source: CellDoseWeight['source'], input: DosingInput, leukapheresisDate: string | null): Result<CellDoseWeight> {
  if (source === 'lymphodepletion') return ok({ source, date: null, weightKg: input.weightKg })
  const lead = 'the per-kg cell dose uses the weight at leukapheresis (regimen-and-dosing.md §3)'
  if (leukapheresisDate === null)
    return fail([{ code: 'dosing.no_leukapheresis', path: ['weights'], message: `${lead}, but no leukapheresis is recorded for this subject`, source: WEIGHT_SOURCE }])
  const picked = selectDosingWeight(input.weights ?? [], leukapheresisDate, 0)
  if (!picked.ok) return fail(picked.issues.map((i) => ({ ...i, message: `${lead}: no weight measured on ${leukapheresisDate} in "weights"` })))
  return ok({ source, date: picked.value.date, weightKg: picked.value.weightKg })
}

/**
 * Cell dose of the dose level and infusion volume, with the arm's §3 settings; refused outside the limits. Without
 * the weight the protocol names, `cellDose` is null and `cellDoseIssues` says why (the LD doses stay computable).
 */
export function computeCellDosing(protocol: Protocol, input: DosingInput, subjectDoseLevel: string | null, leukapheresisDate: string | null) {
  const levelId = input.doseLevelId ?? subjectDoseLevel
  const arm = protocol.arms.find((a) => a.doseLevels.some((l) => l.id === levelId))
  const level = arm?.doseLevels.find((l) => l.id === levelId)
  if (!arm || !level)
    return refuse([{ code: 'dosing.dose_level_unknown', path: ['doseLevelId'], message: `dose level ${String(levelId)} is not in the protocol (${protocol.arms.flatMap((a) => a.doseLevels.map((l) => l.id)).join(', ')})`, source: 'protocol arms' }])
  const doseLevel = { id: level.id, label: level.label }
  const settings = arm.cellDosing
  // a flat (or unspecified) dose needs no weight
  const picked = level.dose.kind === 'per-kg' ? cellDoseWeight(settings.weightSource, input, leukapheresisDate) : null
  if (picked && !picked.ok) return { doseLevel, cellDoseWeight: null, cellDose: null, volume: null, cellDoseIssues: picked.issues }
  const weight = picked?.value ?? null
  const cell = cellDoseTarget(level.dose, weight?.weightKg ?? null, { weightLimitsKg: DOSING_INPUT_LIMITS.weightKg })
  if (!cell.ok) return refuse(cell.issues)
  let volume = null
  if (input.viableCellsPerMl !== null && input.viableCellsPerMl !== undefined) {
    const v = infusionVolume(
      cell.value.targetCells,
      { viableCellsPerMl: input.viableCellsPerMl, carPositiveFraction: input.carPositiveFraction ?? undefined },
      // §3 "what is counted": the arm's product specification
      { counted: settings.countedCells, availableVolumeMl: input.availableVolumeMl ?? null },
    )
    if (!v.ok) return refuse(v.issues)
    volume = v.value
  }
  return { doseLevel, cellDoseWeight: weight, cellDose: cell.value, volume, cellDoseIssues: [] as Issue[] }
}

/** BSA, renal function, LD doses, cell dose and infusion volume; any value outside the limits is refused. */
export function computeDosing(protocol: Protocol, input: DosingInput, subjectDoseLevel: string | null, leukapheresisDate: string | null) {
  const ld = computeLdDosing(protocol, input)
  return { inputs: input, ...computeCellDosing(protocol, input, subjectDoseLevel, leukapheresisDate), ...ld }
}

/**
 * The subject's leukapheresis date: the latest apheresis event (the first, or a new collection after a failed one
 * or a failed product: §5 "once (repeat if collection fails)"); null when none is recorded.
 */
async function leukapheresisDateOf(repo: ScopedRepo, subjectId: number): Promise<string | null> {
  const row = await repo.db
    .selectFrom('subject_event')
    .select('occurred_on')
    .where('subject_id', '=', subjectId)
    .where('voided_at', 'is', null)
    .where('event_type', 'in', ['start-apheresis', 'repeat-apheresis', 're-apheresis'])
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return row ? isoDate(row.occurred_on) : null
}

export async function calculateDosing(repo: ScopedRepo, subjectId: number, input: DosingInput) {
  const subject = await subjectFor(repo, subjectId, 'subject.read')
  return computeDosing((await protocolForSubject(repo.db, subject)).protocol, input, subject.dose_level, await leukapheresisDateOf(repo, subjectId))
}

/**
 * Save the LD record (LD doses recomputed here; the record holds no cell dose, so none is required) and start
 * lymphodepletion when the product is released.
 */
export async function recordLymphodepletion(repo: ScopedRepo, subjectId: number, input: DosingInput & { startDate: string }) {
  const subject = await subjectFor(repo, subjectId, 'subject.write')
  const dosing = computeLdDosing((await protocolForSubject(repo.db, subject)).protocol, input)
  return repo.write(async (tx, audit) => {
    const active = await tx.selectFrom('ld_record').select('id').where('subject_id', '=', subjectId).where('voided_at', 'is', null).executeTakeFirst()
    if (active) throw new AppError('conflict', 'this subject already has a lymphodepletion record')
    const current = await tx.selectFrom('subject').select(['status', 'ld_start_date']).where('id', '=', subjectId).forUpdate().executeTakeFirstOrThrow()
    if (current.status === 'released') await applyTransition(tx, audit, repo, subjectId, { type: 'start-lymphodepletion', on: input.startDate })
    else if (current.status !== 'lymphodepletion')
      throw new AppError('illegal_transition', `lymphodepletion can start only after the product is released; the subject is "${current.status}"`)
    const row = await tx
      .insertInto('ld_record')
      .values({
        subject_id: subjectId, start_date: input.startDate, height_cm: input.heightCm, weight_kg: input.weightKg, bsa_m2: dosing.bsa.bsaM2,
        calculation: JSON.stringify({ bsa: dosing.bsa, renal: dosing.renal, ld: dosing.ld, inputs: input }),
        recorded_by: repo.who.userId, recorded_at: repo.clock().toISOString(), voided_at: null, void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await tx.updateTable('subject').set({ ld_start_date: input.startDate }).where('id', '=', subjectId).execute()
    await audit({ action: 'create', entity: 'ld_record', entityId: row.id, siteId: subject.site_id, newValue: { startDate: input.startDate, bsaM2: row.bsa_m2, explanation: dosing.ld.explanation } })
    await audit({ action: 'update', entity: 'subject', entityId: subjectId, siteId: subject.site_id, oldValue: { ld_start_date: current.ld_start_date }, newValue: { ld_start_date: input.startDate } })
    return { record: row, dosing }
  })
}

/** Insert the protocol's visit calendar from Day 0 = `infusionDate` (regimen-and-dosing.md §6). */
export async function insertVisitCalendar(tx: Tx, audit: Audit, protocol: Protocol, subject: { id: number; site_id: number }, infusionDate: string, now: string) {
  const calendar = visitCalendar(protocol.visitSchedule.visits, infusionDate, { lymphodepletion: protocol.lymphodepletion })
  if (!calendar.ok) return refuse(calendar.issues)
  if (calendar.value.length > 0)
    await tx
      .insertInto('subject_visit')
      .values(calendar.value.map((v) => ({
        subject_id: subject.id, visit_id: v.visitId, label: v.label, kind: v.kind, day: v.day, target_date: v.targetDate,
        window_start: v.windowStart, window_end: v.windowEnd, assessments: JSON.stringify(v.assessments), done_on: null, created_at: now, voided_at: null, void_reason: null,
      })))
      .execute()
  await audit({ action: 'create', entity: 'subject_visit', entityId: `subject:${subject.id}`, siteId: subject.site_id, newValue: { infusionDate, visits: calendar.value.length } })
  return calendar.value
}

/**
 * Save the infusion record: refused unless the latest bedside verification of the bag is a match (§5.1 rule 1);
 * applies the `infuse` event, sets the infusion date and generates the visit schedule.
 */
export async function recordInfusion(repo: ScopedRepo, subjectId: number, input: DosingInput & { bagId: string; infusionDate: string }) {
  const subject = await subjectFor(repo, subjectId, 'subject.write')
  const product = await productOf(repo, subjectId)
  const protocol = (await protocolForSubject(repo.db, subject)).protocol
  const leukapheresisDate = await leukapheresisDateOf(repo, subjectId)
  return repo.write(async (tx, audit) => {
    const verification = await requireMatchingVerification(tx, subjectId, product.id, input.bagId)
    const dosing = computeDosing(protocol, input, subject.dose_level, leukapheresisDate)
    const cellDose = dosing.cellDose ?? refuse(dosing.cellDoseIssues)
    await applyTransition(tx, audit, repo, subjectId, { type: 'infuse', on: input.infusionDate })
    const now = repo.clock().toISOString()
    const row = await tx
      .insertInto('infusion_record')
      .values({
        subject_id: subjectId, product_id: product.id, verification_id: verification.id, bag_id: verification.bag_id, infusion_date: input.infusionDate,
        target_cells: cellDose.targetCells, volume_ml: dosing.volume?.volumeMl ?? null,
        calculation: JSON.stringify({ doseLevel: dosing.doseLevel, cellDoseWeight: dosing.cellDoseWeight, cellDose, volume: dosing.volume, inputs: input }),
        recorded_by: repo.who.userId, recorded_at: now, voided_at: null, void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await tx.updateTable('subject').set({ infusion_date: input.infusionDate, dose_level: dosing.doseLevel.id }).where('id', '=', subjectId).execute()
    await audit({
      action: 'create', entity: 'infusion_record', entityId: row.id, siteId: subject.site_id,
      newValue: { infusionDate: input.infusionDate, bagId: row.bag_id, verificationId: verification.id, targetCells: row.target_cells, volumeMl: row.volume_ml },
    })
    await audit({ action: 'update', entity: 'subject', entityId: subjectId, siteId: subject.site_id, oldValue: { infusion_date: subject.infusion_date, dose_level: subject.dose_level }, newValue: { infusion_date: input.infusionDate, dose_level: dosing.doseLevel.id } })
    const visits = await insertVisitCalendar(tx, audit, protocol, subject, input.infusionDate, now)
    return { record: row, dosing, visits: visits.length }
  })
}
