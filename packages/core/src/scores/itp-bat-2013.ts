/**
 * ITP-BAT ("SMOG"): bleeding graded separately for Skin, visible Mucosae and Organs.
 * Domain grade = highest manifestation grade; grade 5 = any fatal bleeding; bleeding reported by the patient
 * without medical documentation = 1. Per-manifestation criteria are not reproduced (load them from the paper's tables).
 * Source: Rodeghiero F, Michel M, Gernsheimer T, et al. Standardization of bleeding assessment in immune
 * thrombocytopenia: report from the International Working Group. Blood 2013;121(14):2596-2606; bleeding-and-scores.md §2.
 */

export type ItpBatDomain = 'S' | 'M' | 'O'

/** Manifestations named in bleeding-and-scores.md §2, with their domain. */
export const ITP_BAT_MANIFESTATIONS = {
  petechiae: 'S',
  ecchymoses: 'S',
  'subcutaneous-haematoma': 'S',
  'bleeding-from-minor-wounds': 'S',
  epistaxis: 'M',
  'oral-cavity-bleeding': 'M',
  'subconjunctival-haemorrhage': 'M',
  gastrointestinal: 'O',
  lung: 'O',
  haematuria: 'O',
  menorrhagia: 'O',
  'muscle-haematoma': 'O',
  haemarthrosis: 'O',
  ocular: 'O',
  intracranial: 'O',
} as const satisfies Record<string, ItpBatDomain>

export type ItpBatManifestation = keyof typeof ITP_BAT_MANIFESTATIONS

export interface ItpBatFinding {
  manifestation: ItpBatManifestation
  /** worst episode since the last visit, 0-5 (5 = fatal); `null` = not assessed */
  grade: number | null
  /** reported by the patient, not medically documented → graded 1 */
  patientReportedOnly?: boolean
}

export interface ItpBatResult {
  /** `null` = domain not evaluable (an unassessed manifestation could exceed the known grades) */
  S: number | null
  M: number | null
  O: number | null
  /** e.g. `S2M1O0`; an unknown domain prints `?` */
  label: string
}

/**
 * @example itpBatGrade([{ manifestation: 'menorrhagia', grade: 2 }, { manifestation: 'epistaxis', grade: 3 }]).label // 'S0M3O2' (B3)
 */
export function itpBatGrade(findings: readonly ItpBatFinding[]): ItpBatResult {
  const domain = (d: ItpBatDomain): number | null => {
    const mine = findings.filter((f) => ITP_BAT_MANIFESTATIONS[f.manifestation] === d)
    const grades = mine.map((f) => (f.patientReportedOnly ? 1 : f.grade))
    const known = grades.filter((g): g is number => g !== null && g !== undefined)
    const max = Math.max(0, ...known)
    return known.length < grades.length && max < 5 ? null : max
  }
  const S = domain('S')
  const M = domain('M')
  const O = domain('O')
  const p = (x: number | null) => (x === null ? '?' : String(x))
  return { S, M, O, label: `S${p(S)}M${p(M)}O${p(O)}` }
}
