/**
 * Independent check of the visit schedule, calendar, windows, compliance and observation assignment against
 * small reference implementations written from the domain docs, on boundary cases and generated inputs
 * (fast-check, fixed seed).
 *
 * Source: ../shared/domain/regimen-and-dosing.md §6 (default template: Day 0-14 daily ±0; Days 21, 28 ±2;
 * weekly to Week 12 (Days 35 … 84) ±3; monthly (every 28 days) to Month 6 ±7; every 3 months to Month 24 ±14;
 * assignment rule |day − target| ≤ window, closest wins, tie → earlier, else unscheduled; Day 33 → Week 5,
 * Day 31 → unscheduled), §4 (follow-up per trial: NCT05315778 6 months, NCT06352281 ≥12 months if durable,
 * NCT06826430 2 years, NCT06337474 not stated); ../shared/domain/README.md "Day numbering" (Day 0 = infusion,
 * LD days negative), "CDISC study day differs" (no day 0), "Dates" (2024-02-20 → 2024-03-05 is 14 days;
 * 2025-02-20 → 2025-03-05 is 13 days).
 *
 * The reference date arithmetic uses `Date.UTC`, not the engine's day-count algorithm.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { protocolDay, sdtmStudyDay } from '../dates/index.js'
import { SEED_PROTOCOLS } from '../protocol/fixtures/seed-protocols.js'
import { defaultVisitTemplate } from '../protocol/visit-template.js'
import { assignObservationsToVisits } from './assign-observations.js'
import { visitCalendar } from './visit-calendar.js'
import { assessVisitCompliance } from './visit-compliance.js'

const FC = { seed: 20261207, numRuns: 200 }

const P = SEED_PROTOCOLS
type TrialId = keyof typeof P
const TRIALS = Object.keys(P) as TrialId[]

// ---- reference date arithmetic ----
const DAY = 86_400_000
const toDays = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY
const fromDays = (n: number) => new Date(n * DAY).toISOString().slice(0, 10)
const plusDays = (d: string, n: number) => fromDays(toDays(d) + n)
const dateArb = fc.integer({ min: toDays('1999-01-01'), max: toDays('2040-12-31') }).map(fromDays)

// ---- reference schedule from §6 ----
/** [day, window] of the §6 template up to `lastDay`. */
function refTemplate(lastDay: number): [number, number][] {
  const out: [number, number][] = []
  for (let d = 0; d <= 14; d++) out.push([d, 0])
  out.push([21, 2], [28, 2])
  for (let d = 35; d <= 84; d += 7) out.push([d, 3])
  for (let m = 4; m <= 6; m++) out.push([m * 28, 7])
  for (let m = 9; m <= 24; m += 3) out.push([m * 28, 14])
  return out.filter(([d]) => d <= lastDay)
}
/** Last nominal visit day per trial: follow-up length of §4 in template months (28 days). */
const LAST_DAY: Record<TrialId, number> = {
  NCT05315778: 6 * 28, // "follow-up for 6 months"
  NCT06352281: 12 * 28, // "≥ 12 months if durable remission at week 12"
  NCT06826430: 24 * 28, // "2 years from infusion"
  NCT06337474: 6 * 28, // not stated: protocol decision, template to Month 6
}

describe('protocol visit schedules follow the §6 template', () => {
  it('defaultVisitTemplate() = the §6 template to Month 24', () => {
    expect(defaultVisitTemplate().map((v) => [v.day, v.windowBefore, v.windowAfter])).toEqual(
      refTemplate(672).map(([d, w]) => [d, w, w]),
    )
  })
  it.each(TRIALS)('%s: days and symmetric windows', (id) => {
    expect(P[id].visitSchedule.visits.map((v) => [v.day, v.windowBefore, v.windowAfter])).toEqual(
      refTemplate(LAST_DAY[id]).map(([d, w]) => [d, w, w]),
    )
  })
})

describe('visit calendar: Day 0 = infusion, calendar-date arithmetic', () => {
  it.each([
    ['2024-02-20', 14, '2024-03-05'], // README "Dates": 14 days across 29 Feb 2024
    ['2025-02-20', 14, '2025-03-06'], // 2025-03-05 is only Day 13
    ['2024-02-29', 1, '2024-03-01'],
    ['2024-02-29', 336, '2025-01-30'],
    ['2024-03-03', -3, '2024-02-29'], // LD day on a leap day
    ['2023-03-03', -3, '2023-02-28'],
    ['2024-12-31', 1, '2025-01-01'],
  ])('infusion %s, Day %s -> %s', (infusion, day, date) => {
    const cal = visitCalendar(P.NCT06826430.visitSchedule.visits, infusion, {
      lymphodepletion: P.NCT06826430.lymphodepletion,
    })
    expect(cal.value?.find((v) => v.day === day)?.targetDate).toBe(date)
    expect(plusDays(infusion, day)).toBe(date)
    expect(protocolDay(date, infusion)).toBe(day)
  })

  it.each(TRIALS)('%s: generated infusion dates place every visit and LD day like the reference', (id) => {
    const p = P[id]
    const ldDays = [...new Set(p.lymphodepletion.drugs.flatMap((d) => d.days))].sort((a, b) => a - b)
    fc.assert(
      fc.property(dateArb, (infusion) => {
        const cal = visitCalendar(p.visitSchedule.visits, infusion, { lymphodepletion: p.lymphodepletion })
        expect(cal.ok).toBe(true)
        const ref = [
          ...ldDays.map((d) => [d, 0] as [number, number]),
          ...p.visitSchedule.visits.map((v) => [v.day, v.windowBefore] as [number, number]),
        ].map(([d, w]) => [d, plusDays(infusion, d), plusDays(infusion, d - w), plusDays(infusion, d + w)])
        expect(cal.value?.map((v) => [v.day, v.targetDate, v.windowStart, v.windowEnd])).toEqual(ref)
      }),
      FC,
    )
  })

  it('LD days of the registry regimens (Days -5, -4, -3; KN5501 Day -3)', () => {
    const ld = (id: TrialId) =>
      visitCalendar(P[id].visitSchedule.visits, '2024-03-01', { lymphodepletion: P[id].lymphodepletion })
        .value?.filter((v) => v.kind === 'lymphodepletion')
        .map((v) => [v.day, v.targetDate])
    expect(ld('NCT05315778')).toEqual([
      [-5, '2024-02-25'],
      [-4, '2024-02-26'],
      [-3, '2024-02-27'],
    ])
    expect(ld('NCT06352281')).toEqual(ld('NCT05315778'))
    expect(ld('NCT06337474')).toEqual([[-3, '2024-02-27']])
  })

  it('protocol day and SDTM --DY agree with the README rules on generated dates', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -400, max: 800 }), (infusion, n) => {
        const date = plusDays(infusion, n)
        expect(protocolDay(date, infusion)).toBe(n)
        expect(sdtmStudyDay(date, infusion)).toBe(n >= 0 ? n + 1 : n)
      }),
      FC,
    )
  })
})

describe('visit compliance: windows inclusive at both ends', () => {
  const p = P.NCT06826430
  const infusion = '2024-02-20'
  const cal = visitCalendar(p.visitSchedule.visits, infusion).value ?? []
  const status = (visitId: string, date: string) =>
    assessVisitCompliance(cal, { [visitId]: date }, '2030-01-01').value?.visits.find(
      (v) => v.visitId === visitId,
    )
  it.each([
    ['D21', -3, 'done-out-of-window', -1],
    ['D21', -2, 'done-in-window', 0],
    ['D21', 2, 'done-in-window', 0],
    ['D21', 3, 'done-out-of-window', 1],
    ['D35', -3, 'done-in-window', 0],
    ['D35', 4, 'done-out-of-window', 1],
    ['D112', -7, 'done-in-window', 0],
    ['D112', -8, 'done-out-of-window', -1],
    ['D672', 14, 'done-in-window', 0],
    ['D672', 15, 'done-out-of-window', 1],
    ['D14', 0, 'done-in-window', 0],
    ['D14', 1, 'done-out-of-window', 1],
  ])('%s at target %s days -> %s (%s days outside)', (visitId, shift, kind, outside) => {
    const v = cal.find((x) => x.visitId === visitId)
    expect(v).toBeDefined()
    const s = status(visitId, plusDays(v!.targetDate, shift))
    expect([s?.status, s?.daysOutsideWindow]).toEqual([kind, outside])
  })

  it('generated visit dates: status and days outside agree with |shift| <= window', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.constantFrom(...p.visitSchedule.visits),
        fc.integer({ min: -20, max: 20 }),
        (inf, visit, shift) => {
          const c = visitCalendar(p.visitSchedule.visits, inf).value ?? []
          const date = plusDays(inf, visit.day + shift)
          const s = assessVisitCompliance(c, { [visit.id]: date }, date).value?.visits.find(
            (v) => v.visitId === visit.id,
          )
          const outside =
            shift < -visit.windowBefore
              ? shift + visit.windowBefore
              : shift > visit.windowAfter
                ? shift - visit.windowAfter
                : 0
          expect([s?.status, s?.daysOutsideWindow]).toEqual([
            outside === 0 ? 'done-in-window' : 'done-out-of-window',
            outside,
          ])
        },
      ),
      FC,
    )
  })

  it('unrecorded visits: due on the first window day, overdue the day after the last', () => {
    const v = cal.find((x) => x.visitId === 'D28')!
    const st = (asOf: string) =>
      assessVisitCompliance(cal, {}, asOf).value?.visits.find((x) => x.visitId === 'D28')
    expect(st(plusDays(v.windowStart, -1))?.status).toBe('upcoming')
    expect(st(v.windowStart)?.status).toBe('due')
    expect(st(v.windowEnd)?.status).toBe('due')
    expect(st(plusDays(v.windowEnd, 1))?.status).toBe('overdue')
  })
})

describe('observation assignment (§6 rule)', () => {
  /** Reference: per visit, the in-window observation closest to target, tie -> earlier day. */
  function refAssign(visits: readonly { id: string; day: number; windowBefore: number }[], days: number[]) {
    const byVisit: Record<string, number> = {}
    const inAny = new Set<number>()
    for (const v of visits) {
      const cands = days.map((d, i) => ({ d, i })).filter(({ d }) => Math.abs(d - v.day) <= v.windowBefore)
      cands.forEach(({ i }) => inAny.add(i))
      cands.sort((a, b) => Math.abs(a.d - v.day) - Math.abs(b.d - v.day) || a.d - b.d || a.i - b.i)
      if (cands[0]) byVisit[v.id] = cands[0].i
    }
    const unscheduled = days.map((_, i) => i).filter((i) => !inAny.has(i))
    return { byVisit, unscheduled }
  }
  const visits = P.NCT06826430.visitSchedule.visits

  it('doc example: Day 33 -> Week 5 (Day 35); Day 31 -> unscheduled', () => {
    const r = assignObservationsToVisits(visits, [
      { id: 'a', day: 33 },
      { id: 'b', day: 31 },
    ])
    expect(r.byVisit.get('D35')?.id).toBe('a')
    expect(r.unscheduled.map((o) => o.id)).toEqual(['b'])
  })
  it('tie -> earlier: Days 40 and 44 around Day 42 keep Day 40', () => {
    const r = assignObservationsToVisits(visits, [
      { id: 'late', day: 44 },
      { id: 'early', day: 40 },
    ])
    expect(r.byVisit.get('D42')?.id).toBe('early')
    expect(r.superseded.map((o) => o.id)).toEqual(['late'])
  })

  it('generated observation days agree with the reference', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -6, max: 700 }), { maxLength: 30 }), (days) => {
        const obs = days.map((day, i) => ({ id: String(i), day }))
        const r = assignObservationsToVisits(visits, obs)
        const ref = refAssign(visits, days)
        const got: Record<string, number> = {}
        for (const [k, o] of r.byVisit) got[k] = Number(o.id)
        // same day twice: either record is a correct pick; compare the chosen day
        expect(Object.fromEntries(Object.entries(got).map(([k, i]) => [k, days[i]]))).toEqual(
          Object.fromEntries(Object.entries(ref.byVisit).map(([k, i]) => [k, days[i]])),
        )
        expect(r.unscheduled.map((o) => Number(o.id)).sort((a, b) => a - b)).toEqual(ref.unscheduled)
      }),
      FC,
    )
  })
})
