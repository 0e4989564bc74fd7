/**
 * Lymphodepletion (Flu/Cy) doses: mg/m2/day x BSA per drug and day, with renal adjustment from the protocol.
 *
 * Source: regimen-and-dosing.md §3 (`dailyDose_mg = dose_mg_per_m2 x BSA`, BSA rounded to 2 dp first; worked
 * examples Flu 30 + Cy 300 mg/m2/day x 3 at BSA 1.66 -> Flu 49.8 mg, Cy 498 mg, totals 149.4 / 1494 mg),
 * §1 PROTOCOL DECISIONS (the calculated dose is shown to 1 decimal; the prescribed dose is rounded to the
 * nearest 1 mg, half up; record calculated, prescribed and administered dose), §2.3 (renal adjustment).
 * BSA: Mosteller, N Engl J Med 1987 / DuBois, Arch Intern Med 1916 (see body-surface-area.ts).
 */
import type { Lymphodepletion } from '../protocol/lymphodepletion.js'
import { fail, ok, type Issue, type Result } from '../result.js'
import { bodySurfaceArea, type BsaResult } from './body-surface-area.js'
import type { InclusiveRange } from './dosing-issue.js'
import { renalDoseAdjustment, type RenalDoseAdjustment } from './renal-dose-adjustment.js'
import type { RenalFunctionInput } from './renal-function.js'
import { formatHalfUp, roundToIncrement } from './round-half-up.js'
import type { SerumCreatinine } from './serum-creatinine.js'

export interface LdPatient extends Omit<RenalFunctionInput, 'serumCreatinine'> {
  /** required when any drug of the regimen has a renal adjustment rule */
  serumCreatinine?: SerumCreatinine
}

export interface LdDosingOptions {
  /** prescribed dose step, half up. PROTOCOL DECISION, default the regimen's `prescribedIncrementMg` (doc: 1 mg, §1) */
  prescribedIncrementMg?: number
  /** decimals of the displayed calculated dose. PROTOCOL DECISION, default the regimen's `calculatedDisplayDecimals` (doc: 1, §1) */
  calculatedDisplayDecimals?: number
  /** protocol plausibility limits for height and weight */
  limits?: { heightCm?: InclusiveRange; weightKg?: InclusiveRange }
}

export interface LdDrugDose {
  name: string
  /** protocol days of administration (negative) */
  days: number[]
  baseDoseMgPerM2: number
  /** present when the protocol defines a renal rule for the drug */
  renalAdjustment: RenalDoseAdjustment | null
  /** dose intensity used: base x renal factor */
  doseMgPerM2: number
  /** dose x BSA, unrounded (record as "calculated") */
  dailyCalculatedMg: number
  /** calculated dose for display, 1 decimal by default */
  dailyCalculatedDisplay: string
  /** calculated dose rounded half up to the prescribing increment (record as "prescribed") */
  dailyPrescribedMg: number
  courseCalculatedMg: number
  coursePrescribedMg: number
  explanation: string
}

export interface LdDosePlan {
  bsa: BsaResult
  drugs: LdDrugDose[]
  explanation: string
  source: string
}

const SOURCE = 'regimen-and-dosing.md §1, §2.3, §3'

/** Products of decimals printed as decimals: 30 x 1.66 = 49.8, not 49.800000000000004. */
const clean = (x: number): number => Number(x.toPrecision(15))

/**
 * @returns the dose plan, or every issue found: invalid height/weight, a drug without a dose, missing
 *   creatinine for a renal rule, or a renal band that says "do not administer" (`dosing.renal_do_not_administer`)
 * @example ldDosePlan(regimenFlu30Cy300Days5to3, { heightCm: 165, weightKg: 60, ageYears: 40, sex: 'female' })
 *   // Flu 49.8 mg/day (prescribed 50), Cy 498 mg/day; course 149.4 mg and 1494 mg
 */
export function ldDosePlan(
  regimen: Lymphodepletion,
  patient: LdPatient,
  {
    // §1 dose rounding, from the protocol like the BSA settings below
    prescribedIncrementMg = regimen.prescribedIncrementMg,
    calculatedDisplayDecimals = regimen.calculatedDisplayDecimals,
    limits = {},
  }: LdDosingOptions = {},
): Result<LdDosePlan> {
  const bsa = bodySurfaceArea(patient, {
    formula: regimen.bsaFormula,
    roundingDecimals: regimen.bsaDecimals,
    capM2: regimen.bsaCapM2,
    limits,
  })
  if (!bsa.ok) return bsa
  const issues: Issue[] = []
  const drugs: LdDrugDose[] = []
  regimen.drugs.forEach((drug, i) => {
    const path = ['drugs', i]
    if (drug.doseMgPerM2PerDay === null) {
      issues.push({
        code: 'dosing.dose_not_defined',
        path: [...path, 'doseMgPerM2PerDay'],
        message: `${drug.name}: the protocol defines no mg/m2/day dose`,
        source: SOURCE,
      })
      return
    }
    let renal: RenalDoseAdjustment | null = null
    if (drug.renalAdjustment !== null) {
      if (patient.serumCreatinine === undefined) {
        issues.push({
          code: 'dosing.missing_value',
          path: ['serumCreatinine'],
          message: `${drug.name}: serum creatinine is required by the protocol's renal adjustment`,
          source: SOURCE,
        })
        return
      }
      const adj = renalDoseAdjustment(
        { ...patient, serumCreatinine: patient.serumCreatinine },
        drug.doseMgPerM2PerDay,
        drug.renalAdjustment,
      )
      if (!adj.ok) {
        issues.push(...adj.issues.map((x) => ({ ...x, path: [...path, ...x.path] })))
        return
      }
      if (adj.value.adjustedDoseMgPerM2 === null) {
        issues.push({
          code: 'dosing.renal_do_not_administer',
          path: [...path, 'renalAdjustment'],
          message: `${drug.name}: ${adj.value.explanation}`,
          source: SOURCE,
        })
        return
      }
      renal = adj.value
    }
    const doseMgPerM2 = renal?.adjustedDoseMgPerM2 ?? drug.doseMgPerM2PerDay
    const dailyCalculatedMg = clean(doseMgPerM2 * bsa.value.bsaM2)
    const dailyPrescribedMg = roundToIncrement(dailyCalculatedMg, prescribedIncrementMg)
    const n = drug.days.length
    const dailyCalculatedDisplay = formatHalfUp(dailyCalculatedMg, calculatedDisplayDecimals)
    drugs.push({
      name: drug.name,
      days: [...drug.days],
      baseDoseMgPerM2: drug.doseMgPerM2PerDay,
      renalAdjustment: renal,
      doseMgPerM2,
      dailyCalculatedMg,
      dailyCalculatedDisplay,
      dailyPrescribedMg,
      courseCalculatedMg: clean(dailyCalculatedMg * n),
      coursePrescribedMg: clean(dailyPrescribedMg * n),
      explanation:
        `${drug.name}: ${renal ? `${renal.explanation}; ` : ''}${doseMgPerM2} mg/m2 x ${bsa.value.bsaM2} m2 = ${dailyCalculatedDisplay} mg/day` +
        ` (prescribed ${dailyPrescribedMg} mg, half up to ${prescribedIncrementMg} mg) on Days ${drug.days.join(', ')}` +
        `; course ${formatHalfUp(dailyCalculatedMg * n, calculatedDisplayDecimals)} mg calculated, ${clean(dailyPrescribedMg * n)} mg prescribed`,
    })
  })
  if (issues.length > 0) return fail(issues)
  return ok({
    bsa: bsa.value,
    drugs,
    explanation: [bsa.value.explanation, ...drugs.map((d) => d.explanation)].join('\n'),
    source: SOURCE,
  })
}
