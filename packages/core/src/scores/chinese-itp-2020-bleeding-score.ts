/**
 * Chinese adult ITP guideline (2020) bleeding score — data-driven: the point values are **UNVERIFIED** and must be
 * loaded from the guideline table, never hard-coded. Total = age points + the single highest symptom points
 * (not the sum of all symptoms).
 * Source: Thrombosis and Hemostasis Group, Chinese Society of Hematology. Chinese guideline on the diagnosis and
 * management of adult primary ITP (version 2020). Chin J Hematol 2020;41(8); bleeding-and-scores.md §3.
 */

export interface ChineseItpBleedingScoreConfig {
  /** highest matching band applies (`age >= minAge`) */
  ageBands: readonly { minAge: number; points: number }[]
  /** symptom code → points, e.g. `SKIN_HEAD_FACE`, `CNS` */
  symptoms: Readonly<Record<string, number>>
  /** provenance of the table (guideline version, page), logged with each score */
  source: string
}

export type ChineseItpBleedingScore =
  | { kind: 'scored'; total: number; agePoints: number; symptomPoints: number; decisiveSymptom: string | null; source: string }
  | { kind: 'not-evaluable'; unknownSymptoms: string[] }

/**
 * @example chineseItpBleedingScore(70, ['A', 'C'], fixture) // total 4 with the doc's TEST FIXTURE (1 + 3)
 */
export function chineseItpBleedingScore(ageYears: number, presentSymptoms: readonly string[], config: ChineseItpBleedingScoreConfig): ChineseItpBleedingScore {
  const unknownSymptoms = presentSymptoms.filter((s) => !(s in config.symptoms))
  if (unknownSymptoms.length > 0) return { kind: 'not-evaluable', unknownSymptoms }
  // §3 "highest matching band applies": the matching band with the highest minAge (not the largest points value;
  // the two differ only for a non-monotone table). Equal minAge: the larger points value.
  const matching = config.ageBands.filter((b) => ageYears >= b.minAge)
  const topMinAge = Math.max(...matching.map((b) => b.minAge))
  const agePoints = Math.max(0, ...matching.filter((b) => b.minAge === topMinAge).map((b) => b.points))
  let symptomPoints = 0
  let decisiveSymptom: string | null = null
  for (const s of presentSymptoms) {
    const pts = config.symptoms[s] as number
    if (pts > symptomPoints) {
      symptomPoints = pts
      decisiveSymptom = s
    }
  }
  return { kind: 'scored', total: agePoints + symptomPoints, agePoints, symptomPoints, decisiveSymptom, source: config.source }
}
