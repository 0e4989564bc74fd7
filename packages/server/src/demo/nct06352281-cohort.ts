/**
 * SYNTHETIC demo cohort for NCT06352281 (autologous CD19 CAR-T in refractory primary ITP), built to be
 * consistent with every figure of the seed abstract (../shared/seeds/004_*.txt, data cut-off 2025-06-15):
 * four patients infused Feb 2024 - Apr 2025; follow-up 2 to 16 months; ages 8, 12, 13, 25 (median 12.5);
 * 3 of 4 women (75.0 %); baseline platelets 2, 8, 10, 24 x10^9/L (median 9); disease duration 5, 7, 8, 20
 * years (median 7.5); prior therapies 3, 4, 4, 5 (median 4); GP autoantibodies in 3; three objective
 * responses, one complete response three months after infusion, one non-responder; patient 1 rose to
 * about 30 x10^9/L, then received daratumumab at 9 months and rose above 200 x10^9/L within a week.
 * Safety: grade 1 CRS in 3 patients, grade 3 ICANS in 2 (both given high-dose methylprednisolone), no grade >= 2
 * CRS; FC lymphodepletion on days -5..-3 in all but patient 4 (days -3..-1); patient 1 received IVIG rescue
 * until about day 70 (IVIG-independent from 3 months). Correlatives: CAR copies peak around day 10; CD19+ B
 * cells eliminated in all, B-cell recovery about one month after infusion in one patient (patient 4); every
 * positive GP autoantibody test turned negative after infusion.
 * The individual values are invented: they are not the trial's patients. The SDTM files of
 * packages/protocols/NCT06352281/demo-sdtm/ are derived from this file (nct06352281-sdtm.ts).
 */

/** An adverse event on protocol days (CTCAE v5.0 term, or ASTCT 2019 for CRS / ICANS). */
export interface DemoAdverseEvent {
  term: string
  soc: string
  grade: number
  startDay: number
  endDay: number
  serious: boolean
}

/** A medication course on protocol days (rescue, new ITP therapy). */
export interface DemoMedication {
  treatment: string
  doseMg: number | null
  days: number[]
}
export interface DemoPatient {
  sex: 'F' | 'M'
  ageYears: number
  diseaseDurationYears: number
  priorTherapyLines: number
  gpAutoantibodies: boolean
  doseLevelId: string
  /** first lymphodepletion day */
  ldStartDate: string
  infusionDate: string
  /** platelet counts x10^9/L as [protocol day, value] */
  platelets: [number, number][]
  /** date of ITP diagnosis (disease duration = completed years to the infusion) */
  itpDiagnosisDate: string
  /** distinct prior ITP therapies (their number is priorTherapyLines) */
  priorTherapies: string[]
  /** protocol days of fludarabine 30 mg/m2 + cyclophosphamide 300 mg/m2 */
  ldDays: number[]
  /** CAR-T cells/kg infused on Day 0 */
  cellsPerKg: number
  /** CRS and ICANS (ASTCT 2019) and other adverse events (CTCAE v5.0) */
  adverseEvents: DemoAdverseEvent[]
  /** rescue medication by SDTM CMSCAT (IVIG, HIGH DOSE CORTICOSTEROID, ...) */
  rescue: (DemoMedication & { kind: 'IVIG' | 'HIGH DOSE CORTICOSTEROID' | 'PLATELET TRANSFUSION' | 'TPO-RA' })[]
  /** new ITP-directed therapy outside the protocol (censors response) */
  newItpTherapy: DemoMedication | null
  /** CAR transgene copies/ug gDNA by qPCR as [protocol day, value] */
  carCopies: [number, number][]
  /** CD19+ B cells/uL by flow cytometry as [protocol day, value] */
  bCells: [number, number][]
  /** platelet GP autoantibody (ELISA) as [protocol day, positive] */
  gpAntibody: [number, boolean][]
}

const CRS = 'Cytokine release syndrome'
const ICANS = 'Immune effector cell-associated neurotoxicity syndrome'
const IMMUNE = 'Immune system disorders'
const NERVOUS = 'Nervous system disorders'
const INVESTIGATIONS = 'Investigations'
const BLOOD = 'Blood and lymphatic system disorders'

export const DEMO_CUTOFF = '2025-06-15'

export const NCT06352281_DEMO: DemoPatient[] = [
  {
    sex: 'F', ageYears: 13, diseaseDurationYears: 8, priorTherapyLines: 5, gpAutoantibodies: true,
    doseLevelId: 'DL2', ldStartDate: '2024-02-21', infusionDate: '2024-02-26',
    platelets: [[-7, 6], [-5, 8], [0, 12], [3, 10], [7, 9], [10, 14], [14, 18], [21, 20], [28, 24], [60, 27], [90, 33], [120, 35],
      [150, 34], [180, 36], [210, 32], [240, 31], [270, 30], [282, 215], [300, 240], [360, 262], [420, 251], [470, 246]],
    itpDiagnosisDate: '2015-10-09', priorTherapies: ['PREDNISONE', 'IMMUNOGLOBULIN (IVIG)', 'ELTROMBOPAG', 'RITUXIMAB', 'CICLOSPORIN'],
    ldDays: [-5, -4, -3], cellsPerKg: 300000,
    adverseEvents: [
      { term: CRS, soc: IMMUNE, grade: 1, startDay: 1, endDay: 3, serious: false },
      { term: 'Lymphocyte count decreased', soc: INVESTIGATIONS, grade: 4, startDay: -3, endDay: 21, serious: false },
      { term: 'Neutrophil count decreased', soc: INVESTIGATIONS, grade: 3, startDay: 2, endDay: 12, serious: false },
    ],
    rescue: [
      { kind: 'IVIG', treatment: 'IMMUNOGLOBULIN (IVIG)', doseMg: 20000, days: [12, 13] },
      { kind: 'IVIG', treatment: 'IMMUNOGLOBULIN (IVIG)', doseMg: 20000, days: [40, 41] },
      { kind: 'IVIG', treatment: 'IMMUNOGLOBULIN (IVIG)', doseMg: 20000, days: [68, 69] },
    ],
    newItpTherapy: { treatment: 'DARATUMUMAB', doseMg: 800, days: [275, 282] },
    carCopies: [[0, 0], [4, 2100], [7, 18500], [10, 46800], [14, 21000], [21, 6400], [28, 2500], [60, 610], [90, 150], [180, 40], [270, 12]],
    bCells: [[-7, 182], [7, 1], [14, 0], [28, 0], [60, 0], [90, 0], [180, 2], [270, 4], [360, 9]],
    gpAntibody: [[-7, true], [90, false], [180, false]],
  },
  {
    sex: 'F', ageYears: 8, diseaseDurationYears: 5, priorTherapyLines: 4, gpAutoantibodies: true,
    doseLevelId: 'DL1', ldStartDate: '2024-06-12', infusionDate: '2024-06-17',
    platelets: [[-7, 9], [-5, 10], [0, 11], [7, 15], [14, 22], [21, 35], [28, 48], [60, 85], [90, 120], [120, 135], [150, 142],
      [180, 150], [240, 160], [300, 155], [360, 149]],
    itpDiagnosisDate: '2019-03-22', priorTherapies: ['PREDNISONE', 'IMMUNOGLOBULIN (IVIG)', 'ELTROMBOPAG', 'RITUXIMAB'],
    ldDays: [-5, -4, -3], cellsPerKg: 150000,
    adverseEvents: [
      { term: CRS, soc: IMMUNE, grade: 1, startDay: 2, endDay: 4, serious: false },
      { term: 'Lymphocyte count decreased', soc: INVESTIGATIONS, grade: 4, startDay: -3, endDay: 18, serious: false },
      { term: 'Neutrophil count decreased', soc: INVESTIGATIONS, grade: 2, startDay: 3, endDay: 10, serious: false },
    ],
    rescue: [],
    newItpTherapy: null,
    carCopies: [[0, 0], [4, 1500], [7, 12800], [10, 31200], [14, 15500], [21, 5200], [28, 1900], [60, 420], [90, 110], [180, 35], [360, 10]],
    bCells: [[-7, 236], [7, 2], [14, 0], [28, 0], [60, 0], [90, 0], [180, 1], [360, 5]],
    gpAntibody: [[-7, true], [90, false], [180, false]],
  },
  {
    sex: 'M', ageYears: 12, diseaseDurationYears: 7, priorTherapyLines: 3, gpAutoantibodies: false,
    doseLevelId: 'DL2', ldStartDate: '2024-12-04', infusionDate: '2024-12-09',
    platelets: [[-7, 22], [-5, 24], [0, 20], [7, 25], [14, 38], [21, 52], [28, 60], [60, 66], [90, 58], [120, 62], [180, 55]],
    itpDiagnosisDate: '2017-08-30', priorTherapies: ['DEXAMETHASONE', 'IMMUNOGLOBULIN (IVIG)', 'ELTROMBOPAG'],
    ldDays: [-5, -4, -3], cellsPerKg: 300000,
    adverseEvents: [
      { term: CRS, soc: IMMUNE, grade: 1, startDay: 1, endDay: 2, serious: false },
      { term: ICANS, soc: NERVOUS, grade: 3, startDay: 5, endDay: 8, serious: true },
      { term: 'Lymphocyte count decreased', soc: INVESTIGATIONS, grade: 4, startDay: -3, endDay: 20, serious: false },
      { term: 'Neutrophil count decreased', soc: INVESTIGATIONS, grade: 3, startDay: 1, endDay: 11, serious: false },
    ],
    rescue: [{ kind: 'HIGH DOSE CORTICOSTEROID', treatment: 'METHYLPREDNISOLONE', doseMg: 500, days: [5, 6, 7] }],
    newItpTherapy: null,
    carCopies: [[0, 0], [4, 900], [7, 8800], [10, 19600], [14, 25400], [21, 9800], [28, 3100], [60, 520], [90, 130], [180, 20]],
    bCells: [[-7, 154], [7, 3], [14, 0], [28, 0], [60, 0], [90, 1], [180, 2]],
    gpAntibody: [[-7, false], [90, false]],
  },
  {
    sex: 'F', ageYears: 25, diseaseDurationYears: 20, priorTherapyLines: 4, gpAutoantibodies: true,
    doseLevelId: 'DL1', ldStartDate: '2025-04-11', infusionDate: '2025-04-14',
    platelets: [[-7, 3], [-3, 2], [0, 3], [7, 4], [14, 3], [21, 5], [28, 6], [42, 5], [56, 4]],
    itpDiagnosisDate: '2005-01-18', priorTherapies: ['PREDNISONE', 'IMMUNOGLOBULIN (IVIG)', 'AVATROMBOPAG', 'CICLOSPORIN'],
    ldDays: [-3, -2, -1], cellsPerKg: 150000,
    adverseEvents: [
      { term: ICANS, soc: NERVOUS, grade: 3, startDay: 6, endDay: 9, serious: true },
      { term: 'Lymphocyte count decreased', soc: INVESTIGATIONS, grade: 4, startDay: -1, endDay: 16, serious: false },
      { term: 'Neutrophil count decreased', soc: INVESTIGATIONS, grade: 2, startDay: 2, endDay: 9, serious: false },
      { term: 'Anemia', soc: BLOOD, grade: 2, startDay: 3, endDay: 30, serious: false },
    ],
    rescue: [{ kind: 'HIGH DOSE CORTICOSTEROID', treatment: 'METHYLPREDNISOLONE', doseMg: 1000, days: [6, 7, 8] }],
    newItpTherapy: null,
    carCopies: [[0, 0], [4, 2600], [7, 22400], [10, 17900], [14, 9200], [21, 3300], [28, 1200], [42, 380], [56, 150]],
    bCells: [[-7, 140], [7, 4], [14, 0], [21, 36], [28, 112], [42, 146], [56, 160]],
    gpAntibody: [[-7, true], [28, false], [56, false]],
  },
]
