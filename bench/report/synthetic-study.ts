/**
 * A seeded synthetic study for the report benchmark: `n` subjects infused over six months with two years of
 * follow-up (weekly platelet counts to Day 84, then monthly to Day 730), CAR copies, B cells, CRS / ICANS
 * and other adverse events, two dose levels. Not clinical data: shapes only.
 */
import { fromEpochDay, toEpochDay, type StudyReportSubjectInput } from '@celltrial/core'
import { mulberry32 } from '../response/synthetic-cohort.js'

export const CUTOFF = '2027-06-30'
const firstInfusion = toEpochDay('2025-01-01')
const days = [-7, -5, 0, 7, 14, 21, 28, 42, 56, 70, 84, ...Array.from({ length: 22 }, (_, k) => 120 + 30 * k)]

function subject(i: number, n: number, rng: () => number): StudyReportSubjectInput {
  const inf = firstInfusion + Math.floor((i / n) * 180)
  const d = (day: number) => fromEpochDay(inf + day)
  const base = 2 + Math.floor(rng() * 25)
  const responder = rng() < 0.6
  const relapseDay = responder && rng() < 0.3 ? 90 + Math.floor(rng() * 400) : Infinity
  const peak = responder ? 40 + rng() * 200 : base * (1 + rng())
  const counts = days.map((day) => {
    const v = day <= 0 ? base : day < 21 ? base + (peak - base) * (day / 21) * rng() : day >= relapseDay ? base * (0.8 + rng() * 0.6) : peak * (0.8 + rng() * 0.4)
    return { date: d(day), value: Math.max(0, Math.round(v)) }
  })
  const crs = rng() < 0.7 ? 1 + Math.floor(rng() * 2.2) : 0
  const icans = rng() < 0.3 ? 1 + Math.floor(rng() * 3.2) : 0
  const tmax = 7 + Math.floor(rng() * 8)
  const cmax = 5000 + rng() * 60000
  return {
    usubjid: `BENCH-${String(i + 1).padStart(5, '0')}`,
    siteId: `S${(i % 10) + 1}`,
    age: 8 + Math.floor(rng() * 60),
    sex: rng() < 0.6 ? 'F' : 'M',
    doseLevel: i % 2 === 0 ? 'DL1' : 'DL2',
    response: { infusionDate: d(0), ldStartDate: d(-5), plateletCounts: counts },
    itpDiagnosisDate: fromEpochDay(inf - 365 * (2 + Math.floor(rng() * 20))),
    priorTherapies: ['PREDNISONE', 'IMMUNOGLOBULIN (IVIG)', 'ELTROMBOPAG', 'RITUXIMAB', 'CICLOSPORIN'].slice(0, 2 + Math.floor(rng() * 4)),
    ldDays: rng() < 0.9 ? [-5, -4, -3] : [-3, -2, -1],
    ldAgents: ['FLUDARABINE', 'CYCLOPHOSPHAMIDE'],
    cellDose: i % 2 === 0 ? 150000 : 300000,
    cellDoseUnit: 'cells/kg',
    adverseEvents: [
      ...(crs > 0 ? [{ term: 'Cytokine release syndrome', soc: 'Immune system disorders', grade: crs, gradingSystem: 'ASTCT 2019', serious: crs >= 3, startDay: 1, endDay: 4 }] : []),
      ...(icans > 0 ? [{ term: 'Immune effector cell-associated neurotoxicity syndrome', soc: 'Nervous system disorders', grade: icans, gradingSystem: 'ASTCT 2019', serious: icans >= 3, startDay: 5, endDay: 8 }] : []),
      { term: 'Neutrophil count decreased', soc: 'Investigations', grade: 2 + Math.floor(rng() * 3), gradingSystem: 'CTCAE v5.0', serious: false, startDay: 2, endDay: 14 },
    ],
    medications: icans >= 3 ? [{ treatment: 'METHYLPREDNISOLONE', kind: 'HIGH_DOSE_CORTICOSTEROID', startDay: 5, endDay: 7 }] : [],
    carSamples: [0, 4, 7, 10, 14, 21, 28, 60, 90, 180].map((day) => ({ day, level: day === 0 ? 0 : Math.round(cmax * Math.exp(-Math.abs(day - tmax) / 8)) })),
    bCellSamples: [-7, 7, 14, 28, 60, 90, 180, 360].map((day) => ({ day, perUl: day < 0 ? 150 : Math.round(rng() < 0.1 && day > 28 ? 120 + rng() * 80 : rng() * 3) })),
    gpAntibody: [{ day: -7, positive: rng() < 0.7 }, { day: 90, positive: rng() < 0.1 }],
  }
}

/** The `n` subjects of the study generated from `seed`, and its data cut-off. */
export function syntheticStudy(n: number, seed: number): { inputs: StudyReportSubjectInput[]; cutoff: string } {
  const rng = mulberry32(seed)
  return { inputs: Array.from({ length: n }, (_, i) => subject(i, n, rng)), cutoff: CUTOFF }
}
