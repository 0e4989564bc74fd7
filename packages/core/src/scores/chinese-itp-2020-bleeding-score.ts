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
  // own entries only: a code such as `constructor` is not a symptom of the table
  const unknownSymptoms = presentSymptoms.filter((s) => !Object.hasOwn(config.symptoms, s))
  if (unknownSymptoms.length > 0) return { kind: 'not-evaluable', unknownSymptoms }
  // §3 "highest matching band applies": the matching band with the highest minAge (not the largest points value;
  // the two differ only for a non-monotone table). Equal minAge: the larger points value. No matching band: 0.
  const matching = config.ageBands.filter((b) => ageYears >= b.minAge)
  const topMinAge = Math.max(...matching.map((b) => b.minAge))
  const topBand = matching.filter((b) => b.minAge === topMinAge).map((b) => b.points)
  const agePoints = topBand.length === 0 ? 0 : Math.max(...topBand)
  // §3 `max(points[s] for s in presentSymptoms, default 0)`: the default applies only when no symptom is present
  let symptomPoints = 0
  let decisiveSymptom: string | null = null
  for (const s of presentSymptoms) {
    const pts = config.symptoms[s] as number
    if (decisiveSymptom === null || pts > symptomPoints) {
      symptomPoints = pts
      decisiveSymptom = s
    }
  }
  return { kind: 'scored', total: agePoints + symptomPoints, agePoints, symptomPoints, decisiveSymptom, source: config.source }
}
