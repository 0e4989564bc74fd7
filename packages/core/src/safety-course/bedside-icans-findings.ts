/**
 * Worst-of-day ICANS findings from neurological assessments, per protocol day, with the ICE/CAPD tool check.
 * Source: safety-grading.md §2.4 (ICANS-1, ICANS-5, ICANS-6), §2.5; Lee DW et al., BBMT 2019;25(4):625-638.
 */
import { protocolDay } from '../dates/index.js'
import type { Neuro } from '../forms/neuro.js'
import { gradeIcansDay, type EncephalopathyAssessment, type IcansDailyFindings, type IcansTool } from '../toxicity/index.js'
import type { Issue } from '../result.js'
import type { Captured } from './bedside-crs-findings.js'

/**
 * ICANS-5 by completed age when only the age in years is known: ≤ 12 ⇒ CAPD, > 12 ⇒ ICE; unknown age ⇒ ICE with an
 * issue. (`selectIcansTool` is used when the birth date is known.) A baseline developmental delay forces CAPD at any
 * age while the protocol keeps that rule (**PROTOCOL DECISION**, default on, as `selectIcansTool`).
 * Source: safety-grading.md §2.4 ICANS-5.
 * @example icansToolForAge(12) // 'CAPD'
 * @example icansToolForAge(30, { developmentalDelay: true }) // 'CAPD'
 */
export function icansToolForAge(ageYears: number | null, { developmentalDelay = false, developmentalDelayForcesCapd = true }: IcansToolFlags = {}): IcansTool {
  if (developmentalDelay && developmentalDelayForcesCapd) return 'CAPD'
  return ageYears !== null && ageYears <= 12 ? 'CAPD' : 'ICE'
}

/** ICANS-5 developmental-delay flag of the subject and the protocol's rule for it. */
export interface IcansToolFlags {
  /** baseline developmental delay recorded at screening */
  developmentalDelay?: boolean
  /** ICANS-5 **PROTOCOL DECISION**: a developmental-delay flag forces CAPD at any age (default true) */
  developmentalDelayForcesCapd?: boolean
}

function encephalopathyOf(n: Neuro): EncephalopathyAssessment | null {
  if (n.tool === 'ICE') return n.unableToPerform ? { tool: 'ICE', unarousable: true } : n.iceItems === null ? null : { tool: 'ICE', items: n.iceItems }
  return { tool: 'CAPD', total: n.capdTotal, unableToPerform: n.unableToPerform }
}

/**
 * Grade of the encephalopathy domain alone, by core `gradeIcansDay`. A screen that is not evaluable ranks by the grade
 * its recorded part already guarantees (e.g. a partly done ICE), so a later, milder screen the same day never lowers
 * the worst of the day (ICANS-6); at an equal grade the evaluable screen is kept. `null` = guarantees nothing.
 */
function encephalopathyRank(e: EncephalopathyAssessment | null): { grade: number; evaluable: boolean } | null {
  if (e === null) return null
  const o = gradeIcansDay({ day: 0, encephalopathy: e, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none' })
  if (o.kind === 'graded') return { grade: o.drivers.find((d) => d.component === 'encephalopathy')?.grade ?? 0, evaluable: true }
  return (o.atLeast ?? 0) >= 1 ? { grade: o.atLeast as number, evaluable: false } : null
}

const worseRank = (a: { grade: number; evaluable: boolean }, b: { grade: number; evaluable: boolean } | null) =>
  b === null || a.grade > b.grade || (a.grade === b.grade && a.evaluable && !b.evaluable)

const worstOf = <T extends string>(order: readonly T[], a: T | null, b: T | null): T | null =>
  a === null ? b : b === null ? a : order.indexOf(b) > order.indexOf(a) ? b : a

const CONSCIOUSNESS = ['normal', 'awakens-spontaneously', 'awakens-to-voice', 'awakens-to-tactile', 'unarousable'] as const
const SEIZURE = ['none', 'rapidly-resolving', 'prolonged-or-repetitive'] as const
const ICP = ['none', 'focal-oedema', 'diffuse-oedema-or-signs'] as const

export interface IcansBedsideResult {
  findings: IcansDailyFindings[]
  tool: IcansTool
  issues: Issue[]
}

/**
 * One `IcansDailyFindings` per protocol day ≥ 0 with a neurological assessment: each domain takes the day's worst
 * assessed value, a domain not assessed at any time that day stays `null` (ICANS-6). An assessment made with the tool
 * the age rule does not select is still graded and reported as an issue (ICANS-5).
 * @example icansFindingsFromBedside({ infusionDate: '2025-03-01', ageYears: 9, neuro: [...] }).tool // 'CAPD'
 */
export function icansFindingsFromBedside(input: { infusionDate: string; ageYears: number | null; neuro: readonly Captured<Neuro>[] } & IcansToolFlags): IcansBedsideResult {
  const tool = icansToolForAge(input.ageYears, input)
  const delayForcesCapd = input.developmentalDelay === true && input.developmentalDelayForcesCapd !== false
  const toolReason = delayForcesCapd ? 'baseline developmental delay selects CAPD' : `age ${input.ageYears ?? '?'} selects ${tool}`
  const issues: Issue[] = []
  if (input.ageYears === null && !delayForcesCapd) issues.push({ code: 'age_unknown', path: ['ageYears'], message: 'age unknown: ICE assumed for ICANS (ICANS-5)', source: 'safety-grading.md ICANS-5' })
  const days = new Map<number, { f: IcansDailyFindings; encRank: { grade: number; evaluable: boolean } | null }>()
  for (const { id, data: n } of input.neuro) {
    const d = protocolDay(n.assessedAt.slice(0, 10), input.infusionDate)
    if (d < 0) continue
    if (n.tool !== tool) issues.push({ code: 'wrong_icans_tool', path: ['neuro', id, 'tool'], message: `Day ${d}: ${n.tool} recorded but ${toolReason}`, source: 'safety-grading.md ICANS-5' })
    const enc = encephalopathyOf(n)
    const encRank = encephalopathyRank(enc)
    const cur = days.get(d)
    if (!cur) {
      days.set(d, {
        encRank,
        f: {
          day: d, encephalopathy: enc, consciousness: n.consciousness, seizure: n.seizure,
          deepFocalMotorWeakness: n.deepFocalMotorWeakness, raisedIcp: n.raisedIcp, intracranialHaemorrhage: n.intracranialHaemorrhage === true,
        },
      })
      continue
    }
    const f = cur.f
    if (encRank !== null && worseRank(encRank, cur.encRank)) {
      f.encephalopathy = enc
      cur.encRank = encRank
    }
    f.consciousness = worstOf(CONSCIOUSNESS, f.consciousness, n.consciousness)
    f.seizure = worstOf(SEIZURE, f.seizure, n.seizure)
    f.raisedIcp = worstOf(ICP, f.raisedIcp, n.raisedIcp)
    f.deepFocalMotorWeakness = f.deepFocalMotorWeakness === true || n.deepFocalMotorWeakness === true ? true : f.deepFocalMotorWeakness === false || n.deepFocalMotorWeakness === false ? false : null
    f.intracranialHaemorrhage = f.intracranialHaemorrhage === true || n.intracranialHaemorrhage === true
  }
  return { findings: [...days.values()].map((x) => x.f).sort((a, b) => a.day - b.day), tool, issues }
}
