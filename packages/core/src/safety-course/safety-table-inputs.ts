/**
 * Inputs of the study safety tables: SOC of an AE term, and cytopenias by worst post-infusion CTCAE grade.
 * Source: safety-grading.md §3.1 (SOC/term structure), §3.2 (lab terms, LAB-7); NCI CTCAE v5.0.
 */
import { protocolDay } from '../dates/index.js'
import { CTCAE_V5_LAB_TERMS, gradeCtcaeLab, type AeRecord, type CtcaeLabAnalyte, type LabSeriesSample } from '../toxicity/index.js'

/**
 * CTCAE v5.0 SOC of terms commonly reported after CAR-T, by term name (case-insensitive). MedDRA codes are licensed
 * and not shipped; a term not listed is reported under `SOC not coded` until the site codes it.
 * Source: NCI CTCAE v5.0 term list (Cytokine release syndrome: Immune system disorders; Encephalopathy, Seizure:
 * Nervous system disorders; Febrile neutropenia, Anemia: Blood and lymphatic system disorders).
 */
const TERM_SOC: Readonly<Record<string, string>> = {
  'cytokine release syndrome': 'Immune system disorders',
  'immune effector cell-associated neurotoxicity syndrome': 'Nervous system disorders',
  encephalopathy: 'Nervous system disorders',
  seizure: 'Nervous system disorders',
  tremor: 'Nervous system disorders',
  'intracranial hemorrhage': 'Nervous system disorders',
  'febrile neutropenia': 'Blood and lymphatic system disorders',
  anemia: 'Blood and lymphatic system disorders',
  fever: 'General disorders and administration site conditions',
  fatigue: 'General disorders and administration site conditions',
  'lung infection': 'Infections and infestations',
  sepsis: 'Infections and infestations',
  hypotension: 'Vascular disorders',
  hypoxia: 'Respiratory, thoracic and mediastinal disorders',
  nausea: 'Gastrointestinal disorders',
  diarrhea: 'Gastrointestinal disorders',
  ...Object.fromEntries(Object.values(CTCAE_V5_LAB_TERMS).map((t) => [t.term.toLowerCase(), t.soc])),
}
export const SOC_NOT_CODED = 'SOC not coded'

/** @example socForTerm('Cytokine release syndrome') // 'Immune system disorders' */
export function socForTerm(term: string): string {
  return TERM_SOC[term.trim().toLowerCase()] ?? SOC_NOT_CODED
}

/** Analytes reported as cytopenias. */
export const CYTOPENIA_ANALYTES: readonly CtcaeLabAnalyte[] = ['platelets', 'neutrophils', 'leukocytes', 'lymphocytes', 'hemoglobin']

/**
 * Cytopenias by worst CTCAE grade after infusion (Day ≥ 1), one record per subject and analyte with grade ≥ 1, to feed
 * `aeIncidenceTable` (SOC column = `Cytopenias`, term = CTCAE term). Raw lab grades: in ITP the platelet row includes
 * baseline thrombocytopenia (LAB-7 applies to AE reporting, not to this lab table).
 * @example cytopeniaRecords('S1', '2025-03-01', [{ analyte: 'neutrophils', date: '2025-03-08', value: 0.4, unit: '10^9/L', lln: 1.8 }])
 *   // [{ subjectId: 'S1', soc: 'Cytopenias', term: 'Neutrophil count decreased', grade: 4 }]
 */
export function cytopeniaRecords(subjectId: string, infusionDate: string, samples: readonly LabSeriesSample[]): AeRecord[] {
  const worst = new Map<CtcaeLabAnalyte, number>()
  for (const s of samples) {
    if (!CYTOPENIA_ANALYTES.includes(s.analyte) || s.value === null || protocolDay(s.date, infusionDate) < 1) continue
    const o = gradeCtcaeLab({ ...s, value: s.value })
    const g = o.kind === 'graded' ? o.grade : (o.atLeast ?? 0)
    if (g >= 1 && g > (worst.get(s.analyte) ?? 0)) worst.set(s.analyte, g)
  }
  return [...worst].map(([a, grade]) => ({ subjectId, soc: 'Cytopenias', term: CTCAE_V5_LAB_TERMS[a].term, grade }))
}
