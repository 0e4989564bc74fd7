import { iceScore, type IceItems } from './astct-ice-2019.js'
import type { ToxicityGradeDriver, ToxicityGradeOutcome } from './grade-outcome.js'

export type IcansGrade = 0 | 1 | 2 | 3 | 4 | 5

/** `normal` = fully alert; `awakens-spontaneously` = drowsy but wakes by itself (grade 1). */
export type ConsciousnessLevel = 'normal' | 'awakens-spontaneously' | 'awakens-to-voice' | 'awakens-to-tactile' | 'unarousable'
export type SeizureFinding = 'none' | 'rapidly-resolving' | 'prolonged-or-repetitive'
export type RaisedIcpFinding = 'none' | 'focal-oedema' | 'diffuse-oedema-or-signs'

export type EncephalopathyAssessment =
  /** ICE 0-10 (or its items); `unarousable` = ICE 0 because the patient cannot be woken (ICANS-2) */
  | { tool: 'ICE'; score?: number | null; items?: IceItems; unarousable?: boolean }
  /** CAPD total; `unableToPerform` = grade 4 */
  | { tool: 'CAPD'; total?: number | null; unableToPerform?: boolean }

export type IcansDomain = 'encephalopathy' | 'consciousness' | 'seizure' | 'motor' | 'raisedIcp'

/** One day's worst neurological findings. `null` = not assessed (ICANS-6: never 0). */
export interface IcansDailyFindings {
  day: number
  encephalopathy: EncephalopathyAssessment | null
  consciousness: ConsciousnessLevel | null
  seizure: SeizureFinding | null
  deepFocalMotorWeakness: boolean | null
  raisedIcp: RaisedIcpFinding | null
  /** ICANS-1: domains whose finding is attributable to another cause (e.g. sedatives) are not counted */
  attributableToOtherCause?: Partial<Record<IcansDomain, boolean>>
  /** ICANS-4: intracranial haemorrhage is excluded from ICANS and graded by CTCAE; recorded to remind the investigator */
  intracranialHaemorrhage?: boolean
  deathDueToIcans?: boolean
}

export type IcansOutcome = ToxicityGradeOutcome<IcansGrade>

const CONSCIOUSNESS: Record<ConsciousnessLevel, number> = { normal: 0, 'awakens-spontaneously': 1, 'awakens-to-voice': 2, 'awakens-to-tactile': 3, unarousable: 4 }
const SEIZURE: Record<SeizureFinding, number> = { none: 0, 'rapidly-resolving': 3, 'prolonged-or-repetitive': 4 }
const ICP: Record<RaisedIcpFinding, number> = { none: 0, 'focal-oedema': 3, 'diffuse-oedema-or-signs': 4 }

/** `grade: null` = not evaluable; `floor` = the grade the recorded part of the domain already guarantees. */
type Domain = { domain: IcansDomain; grade: number | null; floor?: number; finding: string }

/** §2.2 ICE bands: 0-2 → 3, 3-6 → 2, 7-9 → 1, 10 → 0. */
const iceGrade = (score: number) => (score <= 2 ? 3 : score <= 6 ? 2 : score <= 9 ? 1 : 0)

function encephalopathy(e: EncephalopathyAssessment | null): Domain {
  const domain = 'encephalopathy'
  if (e === null) return { domain, grade: null, finding: 'encephalopathy screen not done' }
  if (e.tool === 'ICE') {
    if (e.unarousable) return { domain, grade: 4, finding: 'ICE 0: unarousable, unable to perform ICE (ICANS-2)' }
    let score = e.score ?? null
    if (e.items) {
      const fromItems = iceScore(e.items)
      if (fromItems.kind === 'not-evaluable') {
        // the total stays "not assessed" (ICANS-6), but it cannot exceed points + items not assessed, so the band
        // of that best case is already guaranteed (e.g. 9 items failed, 1 not assessed: ICE ≤ 1 → grade 3)
        const best = fromItems.points + fromItems.missing.length
        const floor = iceGrade(best)
        return { domain, grade: null, floor, finding: `ICE items not assessed: ${fromItems.missing.join(', ')} (ICE ≤ ${best}: grade ≥ ${floor})` }
      }
      if (score !== null && score !== fromItems.total) return { domain, grade: null, finding: `ICE score ${score} does not match its items (${fromItems.total})` }
      score = fromItems.total
    }
    if (score === null) return { domain, grade: null, finding: 'ICE score not recorded' }
    if (!Number.isInteger(score) || score < 0 || score > 10) return { domain, grade: null, finding: `ICE score ${score} is not an integer 0-10` }
    const grade = iceGrade(score)
    const band = ['0-2', '3-6', '7-9', '10'][[3, 2, 1, 0].indexOf(grade)]
    return { domain, grade, finding: `ICE ${score} (${band}) -> grade ${grade}` }
  }
  if (e.unableToPerform) return { domain, grade: 4, finding: 'unable to perform CAPD -> grade 4' }
  const total = e.total ?? null
  if (total === null) return { domain, grade: null, finding: 'CAPD total not recorded' }
  if (!Number.isInteger(total) || total < 0) return { domain, grade: null, finding: `CAPD total ${total} is not a non-negative integer` }
  const grade = total >= 9 ? 3 : total >= 1 ? 1 : 0
  return { domain, grade, finding: total >= 9 ? `CAPD ${total} (≥ 9) -> grade 3` : total >= 1 ? `CAPD ${total} (1-8) -> grade 1 (grade 2 needs another grade-2 feature)` : 'CAPD 0' }
}

/**
 * ASTCT 2019 ICANS grade for one day: the most severe domain not attributable to another cause (ICANS-1).
 * ICE (> 12 years) or CAPD (≤ 12 years, §2.3) scores encephalopathy; depressed consciousness, seizures, deep focal
 * motor weakness and raised ICP / cerebral oedema add their own grades. Tremor/myoclonus (ICANS-3) and
 * intracranial haemorrhage (ICANS-4) are CTCAE terms and never inputs here.
 * Source: Lee DW et al., BBMT 2019;25(4):625-638; safety-grading.md §2.2-2.5.
 * @example gradeIcansDay({ day: 4, encephalopathy: { tool: 'ICE', score: 9 }, consciousness: 'normal',
 *   seizure: 'rapidly-resolving', deepFocalMotorWeakness: false, raisedIcp: 'none' }) // graded 3 (N7)
 */
export function gradeIcansDay(f: IcansDailyFindings): IcansOutcome {
  const notes = f.intracranialHaemorrhage ? ['intracranial haemorrhage is excluded from ICANS: grade it separately by CTCAE (ICANS-4)'] : []
  if (f.deathDueToIcans) return { kind: 'graded', grade: 5, drivers: [{ component: 'death', grade: 5, finding: 'death due to ICANS' }], notes }
  const domains: Domain[] = [
    encephalopathy(f.encephalopathy),
    f.consciousness === null
      ? { domain: 'consciousness', grade: null, finding: 'level of consciousness not assessed' }
      : { domain: 'consciousness', grade: CONSCIOUSNESS[f.consciousness], finding: `consciousness: ${f.consciousness}` },
    f.seizure === null ? { domain: 'seizure', grade: null, finding: 'seizures not assessed' } : { domain: 'seizure', grade: SEIZURE[f.seizure], finding: `seizure: ${f.seizure}` },
    f.deepFocalMotorWeakness === null
      ? { domain: 'motor', grade: null, finding: 'motor findings not assessed' }
      : { domain: 'motor', grade: f.deepFocalMotorWeakness ? 4 : 0, finding: f.deepFocalMotorWeakness ? 'deep focal motor weakness' : 'no deep focal motor weakness' },
    f.raisedIcp === null ? { domain: 'raisedIcp', grade: null, finding: 'raised ICP / oedema not assessed' } : { domain: 'raisedIcp', grade: ICP[f.raisedIcp], finding: `raised ICP / oedema: ${f.raisedIcp}` },
  ]
  for (const d of domains) {
    if (f.attributableToOtherCause?.[d.domain]) delete d.floor
    if (f.attributableToOtherCause?.[d.domain] && d.grade !== null && d.grade > 0) {
      d.finding = `${d.finding}, attributed to another cause (not counted, ICANS-1)`
      d.grade = 0
    }
  }
  const known = domains.filter((d) => d.grade !== null)
  const min = Math.max(0, ...known.map((d) => d.grade as number), ...domains.map((d) => d.floor ?? 0))
  const missing = domains.filter((d) => d.grade === null)
  const drivers: ToxicityGradeDriver[] = known.map((d) => ({ component: d.domain, grade: d.grade as number, finding: d.finding }))
  if (missing.length === 0 || min === 4) {
    const decisive = drivers.filter((d) => d.grade === min && min > 0)
    return { kind: 'graded', grade: min as IcansGrade, drivers: decisive.length > 0 ? decisive : drivers, notes }
  }
  return {
    kind: 'not-evaluable',
    missing: missing.map((d) => d.domain),
    atLeast: min as IcansGrade,
    atMost: 4,
    reason: `not assessed: ${missing.map((d) => d.finding).join('; ')}`,
    drivers,
    notes,
  }
}
