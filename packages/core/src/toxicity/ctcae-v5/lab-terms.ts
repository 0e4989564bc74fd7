/**
 * The CTCAE v5.0 laboratory terms CellTrial grades automatically, with their SOC and analyte.
 * Source: NCI CTCAE v5.0 (27 Nov 2017); safety-grading.md §3.1-3.2. Term names are published freely by NCI;
 * no MedDRA codes are shipped (licensed).
 */

/** Analytes CellTrial grades, one CTCAE term each. */
export type CtcaeLabAnalyte =
  | 'platelets'
  | 'neutrophils'
  | 'leukocytes'
  | 'lymphocytes'
  | 'hemoglobin'
  | 'alt'
  | 'ast'
  | 'bilirubin'
  | 'creatinine'
  | 'fibrinogen'

export interface CtcaeLabTermDefinition {
  analyte: CtcaeLabAnalyte
  /** CTCAE v5.0 term name as published by NCI */
  term: string
  /** MedDRA System Organ Class name (name only, no code) */
  soc: string
  /** 'L' = graded when decreased, 'H' = graded when increased */
  direction: 'L' | 'H'
  /** highest grade a laboratory value alone can give (Anemia 4-5 are clinical) */
  maxLabGrade: 3 | 4
}

const INVESTIGATIONS = 'Investigations'

/** CTCAE v5.0 term metadata by analyte. Source: safety-grading.md §3.2 table. */
export const CTCAE_V5_LAB_TERMS: Readonly<Record<CtcaeLabAnalyte, CtcaeLabTermDefinition>> = {
  platelets: { analyte: 'platelets', term: 'Platelet count decreased', soc: INVESTIGATIONS, direction: 'L', maxLabGrade: 4 },
  neutrophils: { analyte: 'neutrophils', term: 'Neutrophil count decreased', soc: INVESTIGATIONS, direction: 'L', maxLabGrade: 4 },
  leukocytes: { analyte: 'leukocytes', term: 'White blood cell decreased', soc: INVESTIGATIONS, direction: 'L', maxLabGrade: 4 },
  lymphocytes: { analyte: 'lymphocytes', term: 'Lymphocyte count decreased', soc: INVESTIGATIONS, direction: 'L', maxLabGrade: 4 },
  hemoglobin: { analyte: 'hemoglobin', term: 'Anemia', soc: 'Blood and lymphatic system disorders', direction: 'L', maxLabGrade: 3 },
  alt: { analyte: 'alt', term: 'Alanine aminotransferase increased', soc: INVESTIGATIONS, direction: 'H', maxLabGrade: 4 },
  ast: { analyte: 'ast', term: 'Aspartate aminotransferase increased', soc: INVESTIGATIONS, direction: 'H', maxLabGrade: 4 },
  bilirubin: { analyte: 'bilirubin', term: 'Blood bilirubin increased', soc: INVESTIGATIONS, direction: 'H', maxLabGrade: 4 },
  creatinine: { analyte: 'creatinine', term: 'Creatinine increased', soc: INVESTIGATIONS, direction: 'H', maxLabGrade: 4 },
  fibrinogen: { analyte: 'fibrinogen', term: 'Fibrinogen decreased', soc: INVESTIGATIONS, direction: 'L', maxLabGrade: 4 },
}

/** The CTCAE version stamped on every graded AE (safety-grading.md §3.1 "version must be a stored attribute"). */
export const CTCAE_VERSION = '5.0' as const
