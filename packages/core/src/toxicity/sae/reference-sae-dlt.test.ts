/**
 * Independent differential check of SAE seriousness, SUSAR classification, reporting clocks (safety-grading.md §4)
 * and the DLT window (§5) against small references written from the doc, with calendar arithmetic done by
 * `Date.UTC` (independent of the engine's epoch-day code) across leap years.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dltStatus, summariseDltByDoseLevel, type AeAttribution, type DltCandidateEvent, type DltSubject } from '../dlt/dlt-window.js'
import { sponsorExpeditedClocks, siteInitialReportClock } from './expedited-reporting-clocks.js'
import { assessSeriousness, classifySusar, type SeriousnessAnswers } from './ich-e2a-seriousness.js'

const FC = { seed: 20261207, numRuns: 300 } as const
const DAY = 86_400_000
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const pad = (n: number) => String(n).padStart(2, '0')
const offsetText = (min: number) => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}:${pad(Math.abs(min) % 60)}`
/** local wall-clock text of a UTC instant at an offset */
const zoned = (utcMs: number, off: number) => `${new Date(utcMs + off * 60_000).toISOString().slice(0, 16)}${offsetText(off)}`

describe('§4.3 worked examples through the reference', () => {
  it('S4: aware 2025-03-03 10:00 → due 2025-03-04 10:00 (24 h, PROTOCOL DECISION)', () => {
    const r = siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-03T10:00+08:00' })
    expect(r.ok && r.value.dueAt).toBe(zoned(Date.UTC(2025, 2, 3, 2) + DAY, 480))
  })
  it('S5: fatal SUSAR Day 0 2025-03-03 → 2025-03-10 and 2025-03-18; S6: other SUSAR → 2025-03-18', () => {
    const f = sponsorExpeditedClocks({ category: 'susar-fatal-or-life-threatening', sponsorFirstKnowledgeAt: '2025-03-03T12:00+08:00', asOf: '2025-03-03T12:00+08:00' })
    expect(f.ok && [f.value.initial?.dueDate, f.value.followUp?.dueDate]).toEqual([isoDate(Date.UTC(2025, 2, 3) + 7 * DAY), isoDate(Date.UTC(2025, 2, 3) + 15 * DAY)])
    const o = sponsorExpeditedClocks({ category: 'susar-other', sponsorFirstKnowledgeAt: '2025-03-03T12:00+08:00', asOf: '2025-03-03T12:00+08:00' })
    expect(o.ok && o.value.initial?.dueDate).toBe('2025-03-18')
  })
  it('S1-S3, S7: seriousness is outcome-based, not severity-based; expected reactions are not SUSARs', () => {
    const no: SeriousnessAnswers = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
    expect(assessSeriousness({ ...no, hospitalisation: 'prolongs-existing' }).serious).toBe(true) // S1
    expect(assessSeriousness(no).serious).toBe(false) // S2 grade 4 neutropenia, outpatient
    expect(assessSeriousness({ ...no, hospitalisation: 'requires-admission' }).serious).toBe(true) // S3
    expect(classifySusar({ seriousness: { serious: true, criteria: ['hospitalisation'] }, related: true, unexpected: false })).toBe('not-expedited') // S7
  })
})

describe('generated reporting clocks (§4.2), across leap years and offsets', () => {
  const instant = fc.integer({ min: Date.UTC(2023, 0, 1) / 60_000, max: Date.UTC(2026, 11, 31) / 60_000 }).map((m) => m * 60_000)
  const offset = fc.constantFrom(-300, -240, 0, 60, 330, 480, 540, 765)
  it('site → sponsor: due = awareness + 24 h exactly, written in the awareness offset', () => {
    fc.assert(
      fc.property(instant, offset, fc.integer({ min: -3000, max: 3000 }), (t, off, asOfDelta) => {
        const r = siteInitialReportClock({ siteAwareAt: zoned(t, off), asOf: zoned(t + asOfDelta * 60_000, off) })
        expect(r.ok).toBe(true)
        if (!r.ok) return
        expect(r.value.dueAt).toBe(zoned(t + DAY, off))
        expect(r.value.minutesRemaining).toBe(1440 - asOfDelta)
        expect(r.value.status).toBe(asOfDelta > 1440 ? 'overdue' : 'pending')
      }),
      FC,
    )
  })
  it('sponsor → regulator: Day 0 = sponsor local calendar day; 7 (+8) days fatal/life-threatening, 15 days other', () => {
    fc.assert(
      fc.property(instant, offset, fc.constantFrom<'susar-fatal-or-life-threatening' | 'susar-other' | 'not-expedited'>('susar-fatal-or-life-threatening', 'susar-other', 'not-expedited'), (t, off, category) => {
        const r = sponsorExpeditedClocks({ category, sponsorFirstKnowledgeAt: zoned(t, off), asOf: zoned(t, off) })
        expect(r.ok).toBe(true)
        if (!r.ok) return
        const day0Ms = Date.parse(`${isoDate(t + off * 60_000)}T00:00Z`)
        expect(r.value.day0).toBe(isoDate(day0Ms))
        if (category === 'not-expedited') expect([r.value.initial, r.value.followUp]).toEqual([null, null])
        else if (category === 'susar-other') {
          expect(r.value.initial?.dueDate).toBe(isoDate(day0Ms + 15 * DAY))
          expect(r.value.followUp).toBeNull()
        } else {
          expect(r.value.initial?.dueDate).toBe(isoDate(day0Ms + 7 * DAY))
          expect(r.value.followUp?.dueDate).toBe(isoDate(day0Ms + 15 * DAY))
        }
      }),
      FC,
    )
  })
  it('leap-year Day 0: 2024-02-25 + 7 = 2024-03-03; 2025-02-25 + 7 = 2025-03-04', () => {
    const due = (d: string) => {
      const r = sponsorExpeditedClocks({ category: 'susar-fatal-or-life-threatening', sponsorFirstKnowledgeAt: `${d}T09:00Z`, asOf: `${d}T09:00Z` })
      return r.ok ? r.value.initial?.dueDate : null
    }
    expect([due('2024-02-25'), due('2025-02-25')]).toEqual(['2024-03-03', '2025-03-04'])
  })
})

describe('generated seriousness and SUSAR classification (§4.1)', () => {
  const tri = fc.constantFrom(true, false, null)
  it('serious iff any criterion is met; not serious only when all are answered no; SUSAR = serious + related + unexpected', () => {
    fc.assert(
      fc.property(tri, tri, fc.constantFrom<SeriousnessAnswers['hospitalisation']>('none', 'requires-admission', 'prolongs-existing', null), tri, tri, tri, tri, tri, (d, lt, h, dis, ca, ime, rel, unexp) => {
        const a: SeriousnessAnswers = { resultsInDeath: d, lifeThreatening: lt, hospitalisation: h, persistentOrSignificantDisability: dis, congenitalAnomaly: ca, importantMedicalEvent: ime }
        const met = [d === true, lt === true, h === 'requires-admission' || h === 'prolongs-existing', dis === true, ca === true, ime === true]
        const unknown = [d, lt, h, dis, ca, ime].some((x) => x === null)
        const s = assessSeriousness(a)
        const refSerious = met.some(Boolean) ? true : unknown ? 'unknown' : false
        expect(s.serious).toBe(refSerious)
        const fatal = d === true || lt === true
        // a SUSAR whose death / life-threatening question is unanswered is not yet known to be "other" (15 days)
        const fatalUnknown = !fatal && (d === null || lt === null)
        const refCat =
          refSerious === false || rel === false || unexp === false ? 'not-expedited' : refSerious === 'unknown' || rel === null || unexp === null ? 'unknown' : fatal ? 'susar-fatal-or-life-threatening' : fatalUnknown ? 'unknown' : 'susar-other'
        expect(classifySusar({ seriousness: s, related: rel, unexpected: unexp })).toBe(refCat)
      }),
      FC,
    )
  })
})

describe('generated DLT windows (§5, illustrative protocol; window Day 0-28 inclusive, onset rule)', () => {
  const ATTR: AeAttribution[] = ['unrelated', 'unlikely', 'possible', 'probable', 'definite']
  const eventArb: fc.Arbitrary<DltCandidateEvent> = fc.record({
    term: fc.constantFrom('CRS', 'ICANS', 'ALT increased', 'Neutrophil count decreased'),
    grade: fc.integer({ min: 1, max: 5 }),
    category: fc.constantFrom<'haematological' | 'non-haematological'>('haematological', 'non-haematological'),
    attribution: fc.option(fc.constantFrom(...ATTR), { nil: null }),
    onsetDay: fc.oneof(fc.constantFrom(-1, 0, 1, 27, 28, 29), fc.integer({ min: -7, max: 60 })),
  })
  const subjectArb: fc.Arbitrary<DltSubject<number>> = fc.record({
    subjectId: fc.uuid(),
    doseLevel: fc.constantFrom(1, 2),
    receivedAssignedDose: fc.constantFrom(true, true, true, false, null),
    observedThroughDay: fc.oneof(fc.constantFrom(27, 28, 29), fc.integer({ min: 0, max: 60 })),
    offStudy: fc.boolean(),
    events: fc.array(eventArb, { maxLength: 4 }),
  })
  const refIsDlt = (e: DltCandidateEvent) =>
    e.onsetDay >= 0 && e.onsetDay <= 28 && e.grade >= 3 && e.category === 'non-haematological' && e.attribution !== null && ['possible', 'probable', 'definite'].includes(e.attribution)
  const refStatus = (s: DltSubject<number>) => {
    if (s.receivedAssignedDose === false) return 'not-evaluable'
    if (s.receivedAssignedDose === null) return 'pending'
    if (s.events.some(refIsDlt)) return 'dlt'
    if (s.observedThroughDay >= 28) return 'no-dlt'
    return s.offStudy ? 'not-evaluable' : 'pending'
  }
  it('per subject and per dose level', () => {
    fc.assert(
      fc.property(fc.array(subjectArb, { maxLength: 8 }), (subjects) => {
        for (const s of subjects) {
          const st = dltStatus(s)
          expect(st.kind === 'evaluable' ? (st.dlt ? 'dlt' : 'no-dlt') : st.kind).toBe(refStatus(s))
        }
        const rows = summariseDltByDoseLevel(subjects)
        for (const row of rows) {
          const at = subjects.filter((s) => s.doseLevel === row.doseLevel).map(refStatus)
          expect([row.nEvaluable, row.nDlt]).toEqual([at.filter((x) => x === 'dlt' || x === 'no-dlt').length, at.filter((x) => x === 'dlt').length])
        }
      }),
      FC,
    )
  })
})
