/**
 * SLEDAI-2K: 24 weighted descriptors present in the previous 10 days; total 0-105. SLEDAI-2K scores persistent
 * rash, alopecia, mucosal ulcers and proteinuria, not only new ones. SELENA-SLEDAI shares descriptors and weights
 * (with modified definitions); the variant is stored with each assessment.
 * Source: Gladman DD, Ibañez D, Urowitz MB. Systemic lupus erythematosus disease activity index 2000.
 * J Rheumatol 2002;29(2):288-291; bleeding-and-scores.md §4.
 */

export type SledaiOrganGroup = 'cns' | 'vasculitis' | 'musculoskeletal' | 'renal' | 'mucocutaneous' | 'cardiopulmonary' | 'serology' | 'fever' | 'haematological'

export const SLEDAI_2K_DESCRIPTORS = {
  seizure: { weight: 8, group: 'cns' },
  psychosis: { weight: 8, group: 'cns' },
  'organic-brain-syndrome': { weight: 8, group: 'cns' },
  'visual-disturbance': { weight: 8, group: 'cns' },
  'cranial-nerve-disorder': { weight: 8, group: 'cns' },
  'lupus-headache': { weight: 8, group: 'cns' },
  'cerebrovascular-accident': { weight: 8, group: 'cns' },
  vasculitis: { weight: 8, group: 'vasculitis' },
  arthritis: { weight: 4, group: 'musculoskeletal' },
  myositis: { weight: 4, group: 'musculoskeletal' },
  'urinary-casts': { weight: 4, group: 'renal' },
  haematuria: { weight: 4, group: 'renal' },
  proteinuria: { weight: 4, group: 'renal' },
  pyuria: { weight: 4, group: 'renal' },
  rash: { weight: 2, group: 'mucocutaneous' },
  alopecia: { weight: 2, group: 'mucocutaneous' },
  'mucosal-ulcers': { weight: 2, group: 'mucocutaneous' },
  pleurisy: { weight: 2, group: 'cardiopulmonary' },
  pericarditis: { weight: 2, group: 'cardiopulmonary' },
  'low-complement': { weight: 2, group: 'serology' },
  'increased-dna-binding': { weight: 2, group: 'serology' },
  fever: { weight: 1, group: 'fever' },
  thrombocytopenia: { weight: 1, group: 'haematological' },
  leukopenia: { weight: 1, group: 'haematological' },
} as const satisfies Record<string, { weight: number; group: SledaiOrganGroup }>

export type SledaiDescriptor = keyof typeof SLEDAI_2K_DESCRIPTORS

export interface SledaiAssessment {
  variant: 'SLEDAI-2K' | 'SELENA-SLEDAI'
  /** descriptors present (attributed to lupus, previous 10 days); every other descriptor was assessed absent */
  present: readonly SledaiDescriptor[]
  /** descriptors that could not be assessed (e.g. no urinalysis); they make the score not evaluable */
  notAssessed?: readonly SledaiDescriptor[]
}

export type SledaiScore =
  | { kind: 'scored'; variant: SledaiAssessment['variant']; sledai2k: number; clinicalSledai: number; present: SledaiDescriptor[] }
  | { kind: 'not-evaluable'; variant: SledaiAssessment['variant']; notAssessed: SledaiDescriptor[]; sledai2kAtLeast: number; clinicalSledaiAtLeast: number }

/**
 * `sledai2k` = sum of weights; `clinicalSledai` = the same without low complement and increased DNA binding.
 * @example sledai2kScore({ variant: 'SLEDAI-2K', present: ['thrombocytopenia', 'low-complement', 'increased-dna-binding', 'arthritis'] })
 *   // { sledai2k: 9, clinicalSledai: 5 } (SD1)
 */
export function sledai2kScore(a: SledaiAssessment): SledaiScore {
  const present = [...new Set(a.present)]
  const sledai2k = present.reduce((s, d) => s + SLEDAI_2K_DESCRIPTORS[d].weight, 0)
  const clinicalSledai = present.filter((d) => SLEDAI_2K_DESCRIPTORS[d].group !== 'serology').reduce((s, d) => s + SLEDAI_2K_DESCRIPTORS[d].weight, 0)
  const notAssessed = (a.notAssessed ?? []).filter((d) => !present.includes(d))
  if (notAssessed.length > 0) return { kind: 'not-evaluable', variant: a.variant, notAssessed, sledai2kAtLeast: sledai2k, clinicalSledaiAtLeast: clinicalSledai }
  return { kind: 'scored', variant: a.variant, sledai2k, clinicalSledai, present }
}

/**
 * Clinical SLEDAI of a score, also when descriptors were not assessed: bleeding-and-scores.md §4 defines it as
 * `sledai2k` minus descriptors 20 and 21 and §6 D1 says "serology ignored", so unassessed low complement / DNA
 * binding leave it known. `value` = exact (null when a clinical descriptor was not assessed); `atLeast` = lower bound.
 */
export function clinicalSledaiOf(s: SledaiScore): { value: number | null; atLeast: number } {
  if (s.kind === 'scored') return { value: s.clinicalSledai, atLeast: s.clinicalSledai }
  const clinicalOpen = s.notAssessed.some((d) => SLEDAI_2K_DESCRIPTORS[d].group !== 'serology')
  return { value: clinicalOpen ? null : s.clinicalSledaiAtLeast, atLeast: s.clinicalSledaiAtLeast }
}

/** Activity bands from the NCT06826430 registry text (**UNVERIFIED** source; configurable): upper bounds inclusive. */
export interface SledaiActivityBand {
  label: string
  /** inclusive upper bound; `null` = open-ended */
  max: number | null
}

export const NCT06826430_SLEDAI_ACTIVITY_BANDS: readonly SledaiActivityBand[] = [
  { label: 'basically no activity', max: 4 },
  { label: 'mild', max: 9 },
  { label: 'moderate', max: 14 },
  { label: 'severe', max: null },
]

/** @example sledaiActivityCategory(9) // 'mild' */
export function sledaiActivityCategory(score: number, bands: readonly SledaiActivityBand[] = NCT06826430_SLEDAI_ACTIVITY_BANDS): string {
  const band = bands.find((b) => b.max === null || score <= b.max)
  if (!band) throw new RangeError(`no activity band covers SLEDAI ${score}`)
  return band.label
}
