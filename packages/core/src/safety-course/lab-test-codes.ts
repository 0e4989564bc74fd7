/**
 * Site lab test codes (lab_result.test_code, CDISC LBTESTCD-style) to the CTCAE v5.0 analyte they are graded as.
 * Source: CDISC SDTM controlled terminology LBTESTCD (PLAT, NEUT, WBC, LYM, HGB, ALT, AST, BILI, CREAT, FIBRINO);
 * safety-grading.md §3.2.
 */
import type { CtcaeLabAnalyte } from '../toxicity/index.js'

const CODES: Readonly<Record<string, CtcaeLabAnalyte>> = {
  PLAT: 'platelets', PLT: 'platelets',
  NEUT: 'neutrophils', ANC: 'neutrophils',
  WBC: 'leukocytes',
  LYM: 'lymphocytes', ALC: 'lymphocytes',
  HGB: 'hemoglobin', HB: 'hemoglobin',
  ALT: 'alt', AST: 'ast',
  BILI: 'bilirubin', TBIL: 'bilirubin',
  CREAT: 'creatinine', CREA: 'creatinine',
  FIBRINO: 'fibrinogen', FIB: 'fibrinogen',
}

/** @example analyteForTestCode('PLAT') // 'platelets'; analyteForTestCode('IGG') // null (no CTCAE lab term, §3.2) */
export function analyteForTestCode(code: string): CtcaeLabAnalyte | null {
  return CODES[code.toUpperCase()] ?? null
}
