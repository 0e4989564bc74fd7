/**
 * The SYNTHETIC NCT06352281 demo cohort (nct06352281-cohort.ts, the single source) as SDTM-shaped CSV files:
 * dm, ex, lb, cm, ce, ae. The committed copies in packages/protocols/NCT06352281/demo-sdtm/ must equal this
 * derivation (nct06352281-sdtm.test.ts checks it; `UPDATE_DEMO_SDTM=1` rewrites them).
 *
 * Conventions: interchange/sdtm-adam.md "Input domains" (RFXSTDTC = infusion = Day 0; EX LYMPHODEPLETION /
 * CELL THERAPY; LB PLAT, CARCN, CD19; CM RESCUE / NEW ITP THERAPY). Sponsor conventions for the baseline
 * characteristics SDTM leaves open (documented in demo-sdtm/README.md): prior ITP therapies are CM rows with
 * CMCAT `CONCOMITANT`, CMSCAT `PRIOR ITP THERAPY`; the ITP diagnosis is a CE row with CECAT `ITP DIAGNOSIS`;
 * platelet glycoprotein autoantibodies (ELISA) are LB rows with LBTESTCD `GPAB`, LBORRES POSITIVE/NEGATIVE.
 */
import { addDays } from '@celltrial/core'
import { DEMO_CUTOFF, NCT06352281_DEMO, type DemoPatient } from './nct06352281-cohort.js'

const STUDY = 'NCT06352281'
const SITE = 'SITE01'
const ASTCT = new Set(['Cytokine release syndrome', 'Immune effector cell-associated neurotoxicity syndrome'])

const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
const csv = (header: string[], rows: (string | number | null)[][]): string =>
  [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n'

/** USUBJID of the demo patient at 0-based index i. */
export const demoUsubjid = (i: number): string => `${STUDY}-${SITE}-${String(i + 1).padStart(3, '0')}`

/**
 * Derive the six SDTM CSV files of the demo cohort.
 * @returns file name (`dm.csv`, ...) -> CSV text
 */
export function nct06352281DemoSdtm(cohort: readonly DemoPatient[] = NCT06352281_DEMO, cutoff: string = DEMO_CUTOFF): Record<string, string> {
  const dm: (string | number | null)[][] = []
  const ex: (string | number | null)[][] = []
  const lb: (string | number | null)[][] = []
  const cm: (string | number | null)[][] = []
  const ce: (string | number | null)[][] = []
  const ae: (string | number | null)[][] = []
  cohort.forEach((p, i) => {
    const id = demoUsubjid(i)
    const d = (day: number) => addDays(p.infusionDate, day)
    dm.push([STUDY, 'DM', id, String(i + 1).padStart(3, '0'), SITE, p.ageYears, 'YEARS', p.sex, p.doseLevelId,
      `${p.cellsPerKg / 1e5} x 10^5 CAR-T cells/kg`, p.infusionDate, p.ldStartDate, cutoff, 'CHN'])
    let exSeq = 0
    for (const day of p.ldDays) {
      ex.push([STUDY, 'EX', id, ++exSeq, 'FLUDARABINE', 'LYMPHODEPLETION', 30, 'mg/m2', 'INTRAVENOUS', d(day), d(day)])
      ex.push([STUDY, 'EX', id, ++exSeq, 'CYCLOPHOSPHAMIDE', 'LYMPHODEPLETION', 300, 'mg/m2', 'INTRAVENOUS', d(day), d(day)])
    }
    ex.push([STUDY, 'EX', id, ++exSeq, 'CD19 CAR-T CELLS', 'CELL THERAPY', p.cellsPerKg, 'cells/kg', 'INTRAVENOUS', p.infusionDate, p.infusionDate])

    let lbSeq = 0
    for (const [day, v] of p.platelets) lb.push([STUDY, 'LB', id, ++lbSeq, 'PLAT', 'Platelets', 'HEMATOLOGY', v, '10^9/L', 125, 350, d(day)])
    for (const [day, v] of p.carCopies) lb.push([STUDY, 'LB', id, ++lbSeq, 'CARCN', 'CAR transgene copies', 'CELLULAR KINETICS', v, 'copies/ug gDNA', null, null, d(day)])
    for (const [day, v] of p.bCells) lb.push([STUDY, 'LB', id, ++lbSeq, 'CD19', 'CD19+ B cells', 'FLOW CYTOMETRY', v, 'cells/uL', null, null, d(day)])
    for (const [day, pos] of p.gpAntibody)
      lb.push([STUDY, 'LB', id, ++lbSeq, 'GPAB', 'Platelet glycoprotein autoantibody (ELISA)', 'IMMUNOLOGY', pos ? 'POSITIVE' : 'NEGATIVE', null, null, null, d(day)])

    let cmSeq = 0
    p.priorTherapies.forEach((t, k) => {
      const start = addDays(p.itpDiagnosisDate, 30 + 120 * k)
      cm.push([STUDY, 'CM', id, ++cmSeq, t, 'CONCOMITANT', 'PRIOR ITP THERAPY', 'ITP', start, addDays(start, 60)])
    })
    for (const r of p.rescue)
      cm.push([STUDY, 'CM', id, ++cmSeq, r.treatment, 'RESCUE', r.kind, r.kind === 'HIGH DOSE CORTICOSTEROID' ? 'ICANS' : 'ITP', d(r.days[0]!), d(r.days[r.days.length - 1]!)])
    if (p.newItpTherapy)
      for (const day of p.newItpTherapy.days) cm.push([STUDY, 'CM', id, ++cmSeq, p.newItpTherapy.treatment, 'NEW ITP THERAPY', null, 'ITP', d(day), d(day)])

    ce.push([STUDY, 'CE', id, 1, 'Primary immune thrombocytopenia', 'ITP DIAGNOSIS', 'NOT APPLICABLE', 'NOT APPLICABLE', p.itpDiagnosisDate])

    p.adverseEvents.forEach((e, k) => {
      ae.push([STUDY, 'AE', id, k + 1, e.term, e.term, e.soc, ASTCT.has(e.term) ? 'ASTCT 2019' : 'CTCAE v5.0', e.grade, e.serious ? 'Y' : 'N', d(e.startDay), d(e.endDay)])
    })
  })
  return {
    'dm.csv': csv(['STUDYID', 'DOMAIN', 'USUBJID', 'SUBJID', 'SITEID', 'AGE', 'AGEU', 'SEX', 'ARMCD', 'ARM', 'RFXSTDTC', 'RFSTDTC', 'RFENDTC', 'COUNTRY'], dm),
    'ex.csv': csv(['STUDYID', 'DOMAIN', 'USUBJID', 'EXSEQ', 'EXTRT', 'EXCAT', 'EXDOSE', 'EXDOSU', 'EXROUTE', 'EXSTDTC', 'EXENDTC'], ex),
    'lb.csv': csv(['STUDYID', 'DOMAIN', 'USUBJID', 'LBSEQ', 'LBTESTCD', 'LBTEST', 'LBCAT', 'LBORRES', 'LBORRESU', 'LBORNRLO', 'LBORNRHI', 'LBDTC'], lb),
    'cm.csv': csv(['STUDYID', 'DOMAIN', 'USUBJID', 'CMSEQ', 'CMTRT', 'CMCAT', 'CMSCAT', 'CMINDC', 'CMSTDTC', 'CMENDTC'], cm),
    'ce.csv': csv(['STUDYID', 'DOMAIN', 'USUBJID', 'CESEQ', 'CETERM', 'CECAT', 'CETOX', 'CETOXGR', 'CESTDTC'], ce),
    'ae.csv': csv(['STUDYID', 'DOMAIN', 'USUBJID', 'AESEQ', 'AETERM', 'AEDECOD', 'AEBODSYS', 'AETOX', 'AETOXGR', 'AESER', 'AESTDTC', 'AEENDTC'], ae),
  }
}
