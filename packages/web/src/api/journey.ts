import { useRef, useState } from 'react'
import { useApi } from '../use-api'

/** Shapes of the journey API (packages/server/src/routes/journey.ts). */

export interface JourneyEventRow {
  id: number
  event_type: string
  from_status: string | null
  to_status: string
  occurred_on: string
  reason: string | null
  recorded_by_name: string
  recorded_at: string
}

export interface SubjectJourneyView {
  subjectId: number
  code: string
  status: string
  consentedOn: string
  allowedEvents: string[]
  reasonRequired: string[]
  events: JourneyEventRow[]
  product: { id: number; coi_identifier: string; din: string | null; din_check_character: string | null } | null
  ld: { id: number; start_date: string; bsa_m2: number } | null
  infusion: { id: number; bag_id: string; infusion_date: string; target_cells: number | null; volume_ml: number | null } | null
}

export interface IssueView {
  code: string
  path: (string | number)[]
  message: string
}

export interface VisitView {
  visitId: string
  label: string
  kind: string
  day: number
  targetDate: string
  windowStart: string
  windowEnd: string
  assessments: string[]
  status: 'done-in-window' | 'done-out-of-window' | 'overdue' | 'due' | 'upcoming'
  recordedDate: string | null
}

export interface SubjectVisitsView {
  subjectId: number
  infusionDate: string | null
  asOf: string
  visits: VisitView[]
  deviations: IssueView[]
}

export interface HandOffRow {
  id: number
  material_id: string
  from_holder: string
  to_holder: string
  place: string
  handed_at: string
  temperature_condition: string
  temperature_in_range: boolean
  seal_intact: boolean
}

export interface VerificationRow {
  id: number
  bag_id: string
  scanned_patient_id: string
  scanned_coi_identifier: string
  verifiers: string[]
  second_verifier_id: number | null
  result: 'match' | 'mismatch' | 'incomplete'
  deviation: boolean
  issues: IssueView[]
  verified_at: string
}

export interface ProductChainView {
  subjectId: number
  code: string
  status: string
  siteId: number
  siteCode: string
  registryId: string
  product: { id: number; coi_identifier: string; din: string | null; din_check_character: string | null; product_description: string | null } | null
  collections: { id: number; collected_at: string; facility: string; volume_ml: number | null; din: string | null; notes: string | null }[]
  lots: { id: number; lot_number: string; manufacturer: string; started_on: string; ended_on: string | null; batch_record_ref: string | null; deviations: string | null }[]
  releaseTests: { id: number; lot_id: number | null; test: string; result: string; passed: boolean; tested_on: string }[]
  handOffs: HandOffRow[]
  custody: { ok: true; value: { holders: string[] } } | { ok: false; issues: IssueView[] } | null
  verifications: VerificationRow[]
  infusion: { infusion_date: string; bag_id: string } | null
}

export interface DosingResult {
  doseLevel: { id: string; label: string }
  bsa: { bsaM2: number; equation: string; explanation: string }
  renal: { method: string; value: number; unit: string; explanation: string }
  ld: { drugs: { name: string; days: number[]; dailyCalculatedDisplay: string; dailyPrescribedMg: number; coursePrescribedMg: number; explanation: string }[]; explanation: string }
  /** null when the weight the protocol names for the cell dose is missing (regimen-and-dosing.md §3); see cellDoseIssues */
  cellDose: { targetCells: number; explanation: string } | null
  cellDoseIssues: { message: string }[]
  volume: { volumeMl: number; explanation: string } | null
}

export interface CalendarVisit extends VisitView {
  subjectId: number
  code: string
  registryId: string
  isDemo: boolean
}

export interface SiteCalendarView {
  site: { id: number; code: string; name: string }
  asOf: string
  horizonDays: number
  visits: CalendarVisit[]
  deviations: (IssueView & { subjectCode: string })[]
}

/** useApi with a `reload()` that fetches again (after a write), keeping the last data shown meanwhile. */
export function useReloadableApi<T>(path: string) {
  const [n, setN] = useState(0)
  const state = useApi<T>(n === 0 ? path : `${path}?reload=${n}`)
  const last = useRef<{ path: string; data: T }>(undefined)
  if (state.data !== undefined) last.current = { path, data: state.data }
  const kept = last.current?.path === path ? last.current.data : undefined
  const data = state.data ?? kept
  return { ...state, data, loading: state.loading && data === undefined, reload: () => setN((x) => x + 1) }
}
