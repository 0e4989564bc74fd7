/**
 * Third independent reference check: visit schedule and windows, visit status, observation assignment,
 * iCalendar export, CAR kinetics and B-cell aplasia.
 *
 * The reference functions below were written from the doc prose alone (regimen-and-dosing.md §6-§8 and the
 * domain README conventions: Day 0 = infusion, calendar-date arithmetic, inclusive window comparators), then
 * compared with the engines in ../journey and ./ on the doc's worked examples, boundary cases, every seed
 * protocol's visit template and fast-check properties (fixed seed 20261208).
 * Where the doc leaves a reading open, the reference follows the reading the engine documents (cited there) and
 * the test pins that reading; the doc's named PROTOCOL DECISIONS are exercised with non-default values.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import nct05315778 from '../../../protocols/NCT05315778/protocol.json' with { type: 'json' }
import nct06337474 from '../../../protocols/NCT06337474/protocol.json' with { type: 'json' }
import nct06352281 from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import nct06826430 from '../../../protocols/NCT06826430/protocol.json' with { type: 'json' }
import { sdtmStudyDay } from '../dates/index.js'
import {
  assessVisitCompliance,
  assignObservationsToVisits,
  escapeICalendarText,
  foldICalendarLine,
  recomputeVisitCalendar,
  visitCalendar,
  visitsToICalendar,
  type VisitStatus,
  type VisitStatusKind,
} from '../journey/index.js'
import { parseProtocol } from '../protocol/parse-protocol.js'
import type { Protocol } from '../protocol/protocol-schema.js'
import { defaultVisitTemplate } from '../protocol/visit-template.js'
import type { ProtocolVisit } from '../protocol/visits.js'
import { bCellAplasia, type BCellSample } from './b-cell-aplasia.js'
import { carKinetics, type CarKineticsOptions, type KineticsSample } from './car-kinetics.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------------------------
// Reference: calendar-date arithmetic (README "Dates": calendar days, leap years matter)
// ---------------------------------------------------------------------------------------------------------------
const MS_PER_DAY = 86_400_000
function refEpochDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) / MS_PER_DAY
}
function refFromEpochDay(n: number): string {
  const dt = new Date(n * MS_PER_DAY)
  const y = dt.getUTCFullYear()
  const yy = y < 0 ? `-${String(-y).padStart(6, '0')}` : String(y).padStart(4, '0')
  return `${yy}-${String(dt.getUTCMonth() + 1).padStart(2, '0')}-${String(dt.getUTCDate()).padStart(2, '0')}`
}
const refAddDays = (iso: string, n: number): string => refFromEpochDay(refEpochDay(iso) + n)
const refDaysBetween = (from: string, to: string): number => refEpochDay(to) - refEpochDay(from)

// ---------------------------------------------------------------------------------------------------------------
// Reference: §6 visit calendar. target = Day 0 (infusion) + day; window = [target - before, target + after]
// ---------------------------------------------------------------------------------------------------------------
interface RefScheduled {
  visitId: string
  day: number
  targetDate: string
  windowStart: string
  windowEnd: string
}
function refCalendar(visits: readonly ProtocolVisit[], infusion: string): RefScheduled[] {
  return visits.map((v) => {
    const targetDate = refAddDays(infusion, v.day)
    return {
      visitId: v.id,
      day: v.day,
      targetDate,
      windowStart: refAddDays(targetDate, -v.windowBefore),
      windowEnd: refAddDays(targetDate, v.windowAfter),
    }
  })
}

// Visit status (the doc gives the windows; README "Comparators": bounds inclusive). Not done: before the window
// = upcoming, inside = due, after = overdue. Done: in window when windowStart <= date <= windowEnd; else the
// signed distance to the nearest bound (negative = early).
function refStatus(
  v: Pick<RefScheduled, 'windowStart' | 'windowEnd'>,
  recorded: string | undefined,
  asOf: string,
): { status: VisitStatusKind; daysOutsideWindow: number } {
  if (recorded !== undefined) {
    const early = refDaysBetween(v.windowStart, recorded)
    const late = refDaysBetween(v.windowEnd, recorded)
    if (early < 0) return { status: 'done-out-of-window', daysOutsideWindow: early }
    if (late > 0) return { status: 'done-out-of-window', daysOutsideWindow: late }
    return { status: 'done-in-window', daysOutsideWindow: 0 }
  }
  if (refDaysBetween(asOf, v.windowStart) > 0) return { status: 'upcoming', daysOutsideWindow: 0 }
  if (refDaysBetween(v.windowEnd, asOf) > 0) return { status: 'overdue', daysOutsideWindow: 0 }
  return { status: 'due', daysOutsideWindow: 0 }
}

// §6 assignment rule: observation o is a candidate for V when target - before <= o.day <= target + after;
// keep the candidate closest to target, tie -> earlier day; an observation in no window is unscheduled.
interface Obs {
  id: string
  day: number
}
function refAssign(
  visits: readonly Pick<ProtocolVisit, 'id' | 'day' | 'windowBefore' | 'windowAfter'>[],
  obs: readonly Obs[],
) {
  const inWin = (v: (typeof visits)[number], d: number) =>
    d >= v.day - v.windowBefore && d <= v.day + v.windowAfter
  const byVisit: Record<string, string> = {}
  for (const v of visits) {
    const c = obs.filter((o) => inWin(v, o.day))
    c.sort((a, b) => Math.abs(a.day - v.day) - Math.abs(b.day - v.day) || a.day - b.day)
    if (c[0]) byVisit[v.id] = c[0].id
  }
  const kept = new Set(Object.values(byVisit))
  const unscheduled = obs.filter((o) => !visits.some((v) => inWin(v, o.day))).map((o) => o.id)
  const superseded = obs
    .filter((o) => !kept.has(o.id) && visits.some((v) => inWin(v, o.day)))
    .map((o) => o.id)
  return { byVisit, unscheduled, superseded }
}

// ---------------------------------------------------------------------------------------------------------------
// Reference: §7 CAR kinetics
// Cmax = max observed level after infusion; Tmax = its day, first occurrence if tied; Clast/Tlast = last
// quantifiable; AUC = linear trapezoidal Σ (t[i+1]-t[i])(C[i]+C[i+1])/2 from Day 0 (pre-infusion level, default 0)
// to the Day-28 sample (a sample within 28 ± 2 is required; no interpolation beyond it); BLQ before Tmax = 0,
// after Tmax excluded (defaults). Readings documented in car-kinetics.ts: Day <= 0 samples are pre-infusion; the
// end sample is the one closest to Day 28 inside the window (tie -> earlier) and a BLQ end sample still counts.
// ---------------------------------------------------------------------------------------------------------------
interface RefKinetics {
  cmax: number | null
  tmax: number | null
  clast: number | null
  tlast: number | null
  auc: number | null
  aucEndDay: number | null
  aucPoints: { day: number; level: number }[]
}
function refKinetics(samples: readonly KineticsSample[], o: CarKineticsOptions = {}): RefKinetics {
  const lloq = o.lloq ?? null
  const pre = o.preInfusionLevel ?? 0
  const end = o.aucEndDay ?? 28
  const w = o.aucEndWindowDays ?? 2
  const before = o.blqBeforeTmax ?? 'zero'
  const after = o.blqAfterTmax ?? 'exclude'
  const post = samples.filter((s) => s.day > 0).sort((a, b) => a.day - b.day)
  const blq = (s: KineticsSample) => s.level === 'BLQ' || s.level <= 0 || (lloq !== null && s.level < lloq)
  const quant = post.filter((s) => !blq(s)) as { day: number; level: number }[]
  let cmax: number | null = null
  let tmax: number | null = null
  for (const s of quant) {
    if (cmax === null || s.level > cmax) {
      cmax = s.level
      tmax = s.day
    }
  }
  const lastQ = quant[quant.length - 1]
  const inEnd = post.filter((s) => Math.abs(s.day - end) <= w)
  let endSample: KineticsSample | undefined
  for (const s of inEnd) {
    if (endSample === undefined || Math.abs(s.day - end) < Math.abs(endSample.day - end)) endSample = s
  }
  const base = { cmax, tmax, clast: lastQ?.level ?? null, tlast: lastQ?.day ?? null }
  if (endSample === undefined) return { ...base, auc: null, aucEndDay: null, aucPoints: [] }
  const points = [{ day: 0, level: pre }]
  for (const s of post) {
    if (s.day > endSample.day) break
    if (!blq(s)) points.push({ day: s.day, level: s.level as number })
    else if (tmax === null || s.day < tmax ? before === 'zero' : after === 'zero')
      points.push({ day: s.day, level: 0 })
  }
  let auc = 0
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!
    const b = points[i + 1]!
    auc += ((b.day - a.day) * (a.level + b.level)) / 2
  }
  return { ...base, auc, aucEndDay: points[points.length - 1]!.day, aucPoints: points }
}

// ---------------------------------------------------------------------------------------------------------------
// Reference: §8 B-cell aplasia. Below = CD19+ below the cutoff (`<`); at/above = `>=`. With two measures (the
// worked example's "1 % or 100 cells/uL"), a sample is at/above when either is at/above (Day 84: 1.8 %, 40/uL
// -> at/above "via the % criterion") and below when both are below. Onset = first of k consecutive below;
// recovery = first of k consecutive at/above after onset; duration = recovery - onset, else censored at the last
// (evaluable) sample. A sample with a missing measure that cannot be classified is skipped (engine's reading).
// ---------------------------------------------------------------------------------------------------------------
type Cls = 'below' | 'at-or-above' | 'not-evaluable'
function refClassify(s: BCellSample, pc: number | null, ac: number | null): Cls {
  const measures: [number | null | undefined, number | null][] = [
    [s.cd19PercentOfLymphocytes, pc],
    [s.cd19PerUl, ac],
  ]
  const enabled = measures.filter(([, c]) => c !== null) as [number | null | undefined, number][]
  if (enabled.some(([v, c]) => v !== null && v !== undefined && v >= c)) return 'at-or-above'
  if (enabled.every(([v, c]) => v !== null && v !== undefined && v < c)) return 'below'
  return 'not-evaluable'
}
function refAplasia(samples: readonly BCellSample[], pc: number | null = 1, ac: number | null = 100, k = 2) {
  const sorted = [...samples].sort((a, b) => a.day - b.day)
  const classified = sorted.map((s) => ({ day: s.day, class: refClassify(s, pc, ac) }))
  const ev = classified.filter((c) => c.class !== 'not-evaluable')
  const runStart = (from: number, cls: Cls): number => {
    for (let i = from; i + k <= ev.length; i++) if (ev.slice(i, i + k).every((c) => c.class === cls)) return i
    return -1
  }
  const on = runStart(0, 'below')
  if (on < 0) return { classified, onsetDay: null, recoveryDay: null, durationDays: null, censored: false }
  const onsetDay = ev[on]!.day
  const rec = runStart(on + k, 'at-or-above')
  if (rec < 0) {
    return {
      classified,
      onsetDay,
      recoveryDay: null,
      durationDays: ev[ev.length - 1]!.day - onsetDay,
      censored: true,
    }
  }
  const recoveryDay = ev[rec]!.day
  return { classified, onsetDay, recoveryDay, durationDays: recoveryDay - onsetDay, censored: false }
}

// ---------------------------------------------------------------------------------------------------------------
// Reference: RFC 5545 reader for the export (§3.1 unfolding, §3.3.11 TEXT unescaping)
// ---------------------------------------------------------------------------------------------------------------
const octets = (s: string) => new TextEncoder().encode(s).length
function unfold(ics: string): string[] {
  expect(ics.endsWith('\r\n')).toBe(true)
  const physical = ics.slice(0, -2).split('\r\n')
  for (const l of physical) {
    expect(octets(l)).toBeLessThanOrEqual(75) // §3.1: lines SHOULD NOT be longer than 75 octets, excluding CRLF
    expect(l.includes('\n') || l.includes('\r')).toBe(false) // bare CR / LF never appear
  }
  const logical: string[] = []
  for (const l of physical) {
    if (l.startsWith(' ') || l.startsWith('\t')) logical[logical.length - 1] += l.slice(1)
    else logical.push(l)
  }
  return logical
}
function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}
/** RFC 5545 TEXT: no unescaped `;` or `,`, a backslash only before \ ; , n N, and no control character but HTAB */
function isValidText(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(s)) return false
  return /^(?:[^\\;,]|\\[\\;,nN])*$/.test(s)
}
function events(lines: string[]): Map<string, string>[] {
  const out: Map<string, string>[] = []
  let cur: Map<string, string> | null = null
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = new Map()
    else if (l === 'END:VEVENT') {
      out.push(cur!)
      cur = null
    } else if (cur) {
      const i = l.indexOf(':')
      cur.set(l.slice(0, i), l.slice(i + 1))
    }
  }
  return out
}
const compact = (iso: string) => iso.replaceAll('-', '')

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------
function load(json: unknown): Protocol {
  const r = parseProtocol(json)
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'))
  return r.value
}
const SEEDS: [string, Protocol][] = [
  ['NCT05315778', load(nct05315778)],
  ['NCT06337474', load(nct06337474)],
  ['NCT06352281', load(nct06352281)],
  ['NCT06826430', load(nct06826430)],
]
function must<T>(r: { ok: true; value: T } | { ok: false; issues: unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}
// §6 default template days: Day 0-14 daily; 21, 28; weekly 35..84; monthly (28 d) to Month 6; 3-monthly to 24
const DAILY = Array.from({ length: 15 }, (_, d) => d)
const WEEKLY = [35, 42, 49, 56, 63, 70, 77, 84]
const MONTHLY = [112, 140, 168]
const QUARTERLY = [252, 336, 420, 504, 588, 672]
const refTemplateWindow = (day: number): number =>
  day <= 14 ? 0 : day <= 28 ? 2 : day <= 84 ? 3 : day <= 168 ? 7 : 14

const INFUSION_DATES = ['2024-02-20', '2025-02-20', '2024-12-31', '2023-03-01', '2024-02-29', '2099-12-31']

// ===============================================================================================================
describe('§6 seed protocols through the visit calendar', () => {
  // Each seed's template is the §6 default truncated at its follow-up: 6 months (NCT05315778, NCT06337474 default),
  // 12 months (NCT06352281: Day 336 = Month 12), 24 months (NCT06826430: Day 672 = Month 24); month = 28 days.
  const expectedDays: Record<string, number[]> = {
    NCT05315778: [...DAILY, 21, 28, ...WEEKLY, ...MONTHLY],
    NCT06337474: [...DAILY, 21, 28, ...WEEKLY, ...MONTHLY],
    NCT06352281: [...DAILY, 21, 28, ...WEEKLY, ...MONTHLY, 252, 336],
    NCT06826430: [...DAILY, 21, 28, ...WEEKLY, ...MONTHLY, ...QUARTERLY],
  }
  for (const [id, p] of SEEDS) {
    it(`${id}: days and windows follow the §6 default template (month = 28 days)`, () => {
      const visits = p.visitSchedule.visits
      expect(visits.map((v) => v.day)).toEqual(expectedDays[id])
      for (const v of visits) {
        expect([v.day, v.windowBefore, v.windowAfter]).toEqual([
          v.day,
          refTemplateWindow(v.day),
          refTemplateWindow(v.day),
        ])
      }
    })
    it(`${id}: target, window start and end equal calendar-date arithmetic from Day 0 for every visit`, () => {
      for (const infusion of INFUSION_DATES) {
        const cal = must(visitCalendar(p.visitSchedule.visits, infusion)).filter((v) => v.kind === 'protocol')
        const ref = refCalendar(p.visitSchedule.visits, infusion)
        expect(
          cal.map(({ visitId, day, targetDate, windowStart, windowEnd }) => ({
            visitId,
            day,
            targetDate,
            windowStart,
            windowEnd,
          })),
        ).toEqual(ref)
        // README "Day numbering": protocol day = date - infusion, while SDTM --DY has no day 0
        for (const v of cal) {
          expect(refDaysBetween(infusion, v.targetDate)).toBe(v.day)
          expect(sdtmStudyDay(v.targetDate, infusion)).toBe(v.day >= 0 ? v.day + 1 : v.day)
        }
      }
    })
    it(`${id}: LD days become dated visits before Day 0 and never duplicate a protocol day`, () => {
      const cal = must(
        visitCalendar(p.visitSchedule.visits, '2024-03-04', { lymphodepletion: p.lymphodepletion }),
      )
      const ldDays = [...new Set(p.lymphodepletion.drugs.flatMap((d) => d.days))].sort((a, b) => a - b)
      const ld = cal.filter((v) => v.kind === 'lymphodepletion')
      expect(ld.map((v) => v.day)).toEqual(ldDays)
      for (const v of ld) {
        expect(v.targetDate).toBe(refAddDays('2024-03-04', v.day))
        expect([v.windowStart, v.windowEnd]).toEqual([v.targetDate, v.targetDate])
      }
      // the calendar is in day order
      expect(cal.map((v) => v.day)).toEqual([...cal.map((v) => v.day)].sort((a, b) => a - b))
    })
  }

  it('the README leap-year examples: 2024-02-20 + 14 = 2024-03-05; 2025-02-20 + 13 = 2025-03-05', () => {
    const v14: ProtocolVisit = {
      id: 'd14',
      label: 'Day 14',
      day: 14,
      windowBefore: 0,
      windowAfter: 0,
      assessments: ['x'],
    }
    const v13: ProtocolVisit = { ...v14, id: 'd13', day: 13 }
    expect(must(visitCalendar([v14], '2024-02-20'))[0]!.targetDate).toBe('2024-03-05')
    expect(must(visitCalendar([v13], '2025-02-20'))[0]!.targetDate).toBe('2025-03-05')
    expect(must(visitCalendar([v14], '2025-02-20'))[0]!.targetDate).toBe('2025-03-06')
  })

  it('defaultVisitTemplate reproduces the §6 template and honours daysPerMonth / lastMonth', () => {
    const t = defaultVisitTemplate()
    expect(t.map((v) => v.day)).toEqual([...DAILY, 21, 28, ...WEEKLY, ...MONTHLY, ...QUARTERLY])
    for (const v of t)
      expect([v.windowBefore, v.windowAfter]).toEqual([refTemplateWindow(v.day), refTemplateWindow(v.day)])
    // truncation: no visit after Day lastMonth x 28
    expect(
      defaultVisitTemplate({ lastMonth: 6 })
        .map((v) => v.day)
        .at(-1),
    ).toBe(168)
    expect(
      defaultVisitTemplate({ lastMonth: 12 })
        .map((v) => v.day)
        .slice(-2),
    ).toEqual([252, 336])
    // the seed templates are the default template truncated
    for (const [id, p] of SEEDS) {
      const last = p.visitSchedule.visits.at(-1)!.day
      expect(
        defaultVisitTemplate()
          .filter((v) => v.day <= last)
          .map((v) => [v.day, v.windowBefore, v.windowAfter]),
        id,
      ).toEqual(p.visitSchedule.visits.map((v) => [v.day, v.windowBefore, v.windowAfter]))
    }
  })

  it('LD visits: one per LD day with the drugs given that day, ldWindowDays (non-default) applied both sides', () => {
    const p = SEEDS[0]![1]
    const cal = must(
      visitCalendar(p.visitSchedule.visits, '2024-03-02', {
        lymphodepletion: p.lymphodepletion,
        ldWindowDays: 1,
      }),
    )
    const ld = cal.filter((v) => v.kind === 'lymphodepletion')
    expect(ld.map((v) => [v.visitId, v.targetDate, v.windowStart, v.windowEnd])).toEqual([
      ['ld-day--5', '2024-02-26', '2024-02-25', '2024-02-27'],
      ['ld-day--4', '2024-02-27', '2024-02-26', '2024-02-28'],
      ['ld-day--3', '2024-02-28', '2024-02-27', '2024-02-29'],
    ])
    for (const v of ld) expect([...v.assessments].sort()).toEqual(['cyclophosphamide', 'fludarabine'])
    expect(cal.filter((v) => v.kind === 'protocol').length).toBe(p.visitSchedule.visits.length)
  })

  it('rejects impossible infusion dates (no silent roll-over of 2025-02-29)', () => {
    const p = SEEDS[0]![1]
    for (const bad of ['2025-02-29', '2024-13-01', '2024-04-31', '20240301', '']) {
      expect(visitCalendar(p.visitSchedule.visits, bad).ok, bad).toBe(false)
    }
  })
})

// ===============================================================================================================
describe('§6 rescheduled infusion moves every visit by the calendar shift', () => {
  for (const [id, p] of SEEDS) {
    it(`${id}: recomputed calendar equals the calendar from the new date; each shift = new - old`, () => {
      const pairs: [string, string][] = [
        ['2024-02-20', '2024-03-01'], // across Feb 29: 10 days
        ['2025-02-20', '2025-03-01'], // 9 days
        ['2024-03-01', '2024-02-28'], // earlier (negative shift)
        ['2024-12-30', '2025-01-02'],
      ]
      for (const [from, to] of pairs) {
        const before = must(
          visitCalendar(p.visitSchedule.visits, from, { lymphodepletion: p.lymphodepletion }),
        )
        const r = must(
          recomputeVisitCalendar(before, p.visitSchedule.visits, to, { lymphodepletion: p.lymphodepletion }),
        )
        expect(r.calendar).toEqual(
          must(visitCalendar(p.visitSchedule.visits, to, { lymphodepletion: p.lymphodepletion })),
        )
        const shift = refDaysBetween(from, to)
        expect(r.changes.length).toBe(before.length)
        for (const c of r.changes) {
          const prev = before.find((v) => v.visitId === c.visitId)!
          expect(c.previousTargetDate).toBe(prev.targetDate)
          expect(c.newTargetDate).toBe(refAddDays(from, prev.day + shift))
          expect(c.shiftDays).toBe(shift)
        }
      }
    })
  }
  it('an unchanged infusion date reports no change; a template change reports added and removed visits', () => {
    const p = SEEDS[0]![1]
    const before = must(visitCalendar(p.visitSchedule.visits, '2024-02-20'))
    expect(must(recomputeVisitCalendar(before, p.visitSchedule.visits, '2024-02-20')).changes).toEqual([])
    const amended = [
      ...p.visitSchedule.visits.filter((v) => v.day !== 140),
      { ...p.visitSchedule.visits.at(-1)!, id: 'D196', label: 'Day 196', day: 196 },
    ]
    const r = must(recomputeVisitCalendar(before, amended, '2024-02-21'))
    const removed = r.changes.find((c) => c.visitId === 'D140')
    const added = r.changes.find((c) => c.visitId === 'D196')
    expect(removed).toEqual({
      visitId: 'D140',
      previousTargetDate: refAddDays('2024-02-20', 140),
      newTargetDate: null,
      shiftDays: null,
    })
    expect(added).toEqual({
      visitId: 'D196',
      previousTargetDate: null,
      newTargetDate: refAddDays('2024-02-21', 196),
      shiftDays: null,
    })
  })
})

// ===============================================================================================================
describe('visit status on a date at every window boundary (§6 windows, README inclusive comparators)', () => {
  for (const [id, p] of SEEDS) {
    it(`${id}: upcoming / due / overdue and done in / out of window at start-1, start, target, end, end+1`, () => {
      const cal = must(visitCalendar(p.visitSchedule.visits, '2024-02-20'))
      for (const v of cal) {
        const probes = [
          refAddDays(v.windowStart, -1),
          v.windowStart,
          v.targetDate,
          v.windowEnd,
          refAddDays(v.windowEnd, 1),
        ]
        for (const asOf of probes) {
          const got = must(assessVisitCompliance([v], {}, asOf)).visits[0]!
          expect({ s: got.status, d: got.daysOutsideWindow }, `${v.visitId} asOf ${asOf}`).toEqual(
            (({ status, daysOutsideWindow }) => ({ s: status, d: daysOutsideWindow }))(
              refStatus(v, undefined, asOf),
            ),
          )
          const done = must(assessVisitCompliance([v], { [v.visitId]: asOf }, refAddDays(v.windowEnd, 30)))
            .visits[0]!
          const want = refStatus(v, asOf, refAddDays(v.windowEnd, 30))
          expect(
            { s: done.status, d: done.daysOutsideWindow, r: done.recordedDate },
            `${v.visitId} done ${asOf}`,
          ).toEqual({
            s: want.status,
            d: want.daysOutsideWindow,
            r: asOf,
          })
        }
      }
    })
  }

  it('Day 28 (±2) visit after a 2024-02-20 infusion: every status at its boundaries, with deviations', () => {
    const cal = must(visitCalendar(SEEDS[0]![1].visitSchedule.visits, '2024-02-20'))
    const d28 = cal.find((v) => v.day === 28)!
    expect([d28.targetDate, d28.windowStart, d28.windowEnd]).toEqual([
      '2024-03-19',
      '2024-03-17',
      '2024-03-21',
    ])
    const st = (asOf: string, rec?: string) =>
      must(assessVisitCompliance([d28], rec ? { [d28.visitId]: rec } : {}, asOf))
    expect(st('2024-03-16').visits[0]!.status).toBe('upcoming')
    expect(st('2024-03-17').visits[0]!.status).toBe('due')
    expect(st('2024-03-21').visits[0]!.status).toBe('due')
    expect(st('2024-03-22').visits[0]!.status).toBe('overdue')
    expect(st('2024-03-22').deviations.map((d) => d.code)).toEqual(['schedule.visit_overdue'])
    expect(st('2024-03-21').deviations).toEqual([])
    expect(st('2024-04-30', '2024-03-22').visits[0]).toMatchObject({
      status: 'done-out-of-window',
      daysOutsideWindow: 1,
    })
    expect(st('2024-04-30', '2024-03-16').visits[0]).toMatchObject({
      status: 'done-out-of-window',
      daysOutsideWindow: -1,
    })
    expect(st('2024-04-30', '2024-03-22').deviations.map((d) => d.code)).toEqual([
      'schedule.visit_out_of_window',
    ])
    expect(st('2024-04-30', '2024-03-17').visits[0]).toMatchObject({
      status: 'done-in-window',
      daysOutsideWindow: 0,
    })
    expect(st('2024-04-30', '2024-03-21').deviations).toEqual([])
  })

  it('property: whole seed calendars with random recorded dates and review dates match the reference', () => {
    const p = SEEDS[3]![1]
    const cal = must(visitCalendar(p.visitSchedule.visits, '2024-02-20'))
    fc.assert(
      fc.property(
        fc.integer({ min: -10, max: 700 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: cal.length - 1 }), fc.integer({ min: -20, max: 20 })), {
          maxLength: 40,
        }),
        (asOfDay, recs) => {
          const asOf = refAddDays('2024-02-20', asOfDay)
          const recorded: Record<string, string> = {}
          for (const [i, off] of recs) recorded[cal[i]!.visitId] = refAddDays(cal[i]!.targetDate, off)
          const got = must(assessVisitCompliance(cal, recorded, asOf))
          expect(got.visits.map((v) => [v.visitId, v.status, v.daysOutsideWindow])).toEqual(
            cal.map((v) => {
              const r = refStatus(v, recorded[v.visitId], asOf)
              return [v.visitId, r.status, r.daysOutsideWindow]
            }),
          )
          const devs = got.visits.filter(
            (v) => v.status === 'overdue' || v.status === 'done-out-of-window',
          ).length
          expect(got.deviations.length).toBe(devs)
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('rejects an impossible review or recorded date', () => {
    const cal = must(visitCalendar(SEEDS[0]![1].visitSchedule.visits, '2024-02-20'))
    expect(assessVisitCompliance(cal, {}, '2025-02-29').ok).toBe(false)
    expect(assessVisitCompliance(cal, { D7: '2024-02-30' }, '2024-03-30').ok).toBe(false)
  })
})

// ===============================================================================================================
describe('§6 observation assignment to nominal visits', () => {
  const seedVisits = SEEDS[3]![1].visitSchedule.visits

  it('doc example: Day 33 -> Week 5 (Day 35, ±3); Day 31 -> unscheduled (Day 28 window ends at 30, Week 5 starts at 32)', () => {
    const r = assignObservationsToVisits(seedVisits, [
      { id: 'a', day: 33 },
      { id: 'b', day: 31 },
    ])
    expect(r.byVisit.get('D35')?.id).toBe('a')
    expect(r.unscheduled.map((o) => o.id)).toEqual(['b'])
    expect(r.superseded).toEqual([])
    // the window edges are inclusive: 30 -> Day 28, 32 -> Day 35
    const edges = assignObservationsToVisits(seedVisits, [
      { id: 'e30', day: 30 },
      { id: 'e32', day: 32 },
    ])
    expect(edges.byVisit.get('D28')?.id).toBe('e30')
    expect(edges.byVisit.get('D35')?.id).toBe('e32')
  })

  it('closest to target wins; a tie goes to the earlier observation, whatever the input order', () => {
    for (const order of [
      [
        { id: 'late', day: 30 },
        { id: 'early', day: 26 },
      ],
      [
        { id: 'early', day: 26 },
        { id: 'late', day: 30 },
      ],
    ]) {
      const r = assignObservationsToVisits(seedVisits, order)
      expect(r.byVisit.get('D28')?.id).toBe('early')
      expect(r.superseded.map((o) => o.id)).toEqual(['late'])
    }
    const r = assignObservationsToVisits(seedVisits, [
      { id: 'far', day: 26 },
      { id: 'near', day: 29 },
    ])
    expect(r.byVisit.get('D28')?.id).toBe('near')
    // fractional days (actual sampling times) are compared raw, not rounded
    const f = assignObservationsToVisits(seedVisits, [
      { id: 'x', day: 27.4 },
      { id: 'y', day: 28.5 },
      { id: 'out', day: 30.01 },
    ])
    expect(f.byVisit.get('D28')?.id).toBe('y')
    expect(f.unscheduled.map((o) => o.id)).toEqual(['out'])
  })

  it('asymmetric windows use windowBefore before the target and windowAfter after it', () => {
    const v = [{ id: 'V', day: 10, windowBefore: 1, windowAfter: 4 }]
    const r = assignObservationsToVisits(v, [
      { id: 'm2', day: 8 },
      { id: 'm1', day: 9 },
      { id: 'p4', day: 14 },
      { id: 'p5', day: 15 },
    ])
    expect(r.byVisit.get('V')?.id).toBe('m1')
    expect(r.unscheduled.map((o) => o.id).sort()).toEqual(['m2', 'p5'])
    expect(r.superseded.map((o) => o.id)).toEqual(['p4'])
  })

  it('overlapping windows (a protocol may set them): the doc rule is per visit, so one observation can serve both', () => {
    const v = [
      { id: 'A', day: 10, windowBefore: 3, windowAfter: 3 },
      { id: 'B', day: 14, windowBefore: 3, windowAfter: 3 },
    ]
    const r = assignObservationsToVisits(v, [
      { id: 'o12', day: 12 },
      { id: 'o9', day: 9 },
    ])
    expect([r.byVisit.get('A')?.id, r.byVisit.get('B')?.id]).toEqual(['o9', 'o12'])
    const one = assignObservationsToVisits(v, [{ id: 'o12', day: 12 }])
    expect([one.byVisit.get('A')?.id, one.byVisit.get('B')?.id]).toEqual(['o12', 'o12'])
    expect(one.superseded).toEqual([])
  })

  it('empty inputs', () => {
    expect(assignObservationsToVisits(seedVisits, [])).toEqual({
      byVisit: new Map(),
      superseded: [],
      unscheduled: [],
    })
    const r = assignObservationsToVisits([], [{ id: 'a', day: 3 }])
    expect(r.unscheduled.map((o) => o.id)).toEqual(['a'])
  })

  it('property: the seed template (distinct days) against the reference rule', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -5, max: 700 }), { maxLength: 60 }),
        fc.boolean(),
        (days, reverse) => {
          const obs = days.map((d) => ({ id: `o${d}`, day: d }))
          if (reverse) obs.reverse()
          const got = assignObservationsToVisits(seedVisits, obs)
          const ref = refAssign(seedVisits, obs)
          expect(Object.fromEntries([...got.byVisit].map(([k, o]) => [k, o.id]))).toEqual(ref.byVisit)
          expect(got.unscheduled.map((o) => o.id).sort()).toEqual([...ref.unscheduled].sort())
          expect(got.superseded.map((o) => o.id).sort()).toEqual([...ref.superseded].sort())
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })
})

// ===============================================================================================================
describe('iCalendar export of visits (RFC 5545)', () => {
  const p = SEEDS[2]![1]
  const statusesAt = (infusion: string, asOf: string, recorded: Record<string, string> = {}): VisitStatus[] =>
    must(assessVisitCompliance(must(visitCalendar(p.visitSchedule.visits, infusion)), recorded, asOf)).visits
  const opts = { dtstamp: '2024-03-01T08:30:00+08:00', uidDomain: 'celltrial.example.org' }

  it('§3.3.11 TEXT escaping: backslash, semicolon, comma, newline; colon untouched; round-trips', () => {
    expect(escapeICalendarText('a\\b;c,d\ne:f')).toBe('a\\\\b\\;c\\,d\\ne:f')
    expect(escapeICalendarText('x\r\ny')).toBe('x\\ny')
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', ' ', ',', ';', '\\', '\n', '\r\n', '\r', '\t', '\u0007', ':', 'é', '"'),
        }),
        (s) => {
          const e = escapeICalendarText(s)
          expect(isValidText(e)).toBe(true)
          expect(unescapeText(e)).toBe(s.replace(/\r\n|\r/g, '\n').replaceAll('\u0007', ''))
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('§3.3.11: a lone CR is a line break (\\n), other controls but HTAB are dropped: no raw control in TEXT', () => {
    expect(escapeICalendarText('line1\rline2')).toBe('line1\\nline2')
    expect(escapeICalendarText('a\u0000b\u001fc\u007fd\te')).toBe('abcd\te')
    // a label with a lone CR no longer splits the content line in the export
    const v = must(
      assessVisitCompliance(
        must(
          visitCalendar(
            [
              {
                id: 'X',
                label: 'Day 7\rBEGIN:VEVENT',
                day: 7,
                windowBefore: 0,
                windowAfter: 0,
                assessments: ['a'],
              },
            ],
            '2024-02-20',
          ),
        ),
        {},
        '2024-02-21',
      ),
    ).visits
    const ics = must(
      visitsToICalendar(
        { siteId: 'S', subjects: [{ subjectId: 'P', visits: v }] },
        { dtstamp: '2024-02-21T00:00:00Z', uidDomain: 'x.org' },
      ),
    )
    expect(unfold(ics).filter((l) => l === 'BEGIN:VEVENT').length).toBe(1)
  })

  it('§3.1 folding: physical lines <= 75 octets, CRLF + one space, multi-octet characters never split', () => {
    expect(foldICalendarLine('A'.repeat(75))).toBe('A'.repeat(75))
    expect(foldICalendarLine('A'.repeat(76))).toBe(`${'A'.repeat(75)}\r\n A`)
    expect(foldICalendarLine('A'.repeat(75 + 74))).toBe(`${'A'.repeat(75)}\r\n ${'A'.repeat(74)}`)
    expect(foldICalendarLine('A'.repeat(75 + 75))).toBe(`${'A'.repeat(75)}\r\n ${'A'.repeat(74)}\r\n A`)
    // a 3-octet character that would straddle octet 75 moves whole to the next line
    expect(foldICalendarLine(`${'A'.repeat(73)}€B`)).toBe(`${'A'.repeat(73)}\r\n €B`)
    expect(foldICalendarLine('')).toBe('')
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', ' '), maxLength: 400 }), (s) => {
        const folded = foldICalendarLine(s)
        const phys = folded.split('\r\n')
        phys.forEach((l, i) => {
          expect(octets(l)).toBeLessThanOrEqual(75)
          if (i > 0) expect(l.startsWith(' ') && l.length > 1).toBe(true)
          expect(l.includes('\uFFFD')).toBe(false)
        })
        expect(phys.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(s)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('structure: CRLF, VERSION/PRODID, one VEVENT per not-done visit, DATE values, UTC DTSTAMP, escaped text', () => {
    const visits = statusesAt('2024-02-20', '2024-03-10', { D0: '2024-02-20', D1: '2024-02-21' })
    const site = {
      siteId: 'SITE;1,Kunming',
      subjects: [{ subjectId: 'S-001, "A";\\x', visits }],
    }
    const ics = must(visitsToICalendar(site, opts))
    const lines = unfold(ics)
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines.at(-1)).toBe('END:VCALENDAR')
    expect(lines).toContain('VERSION:2.0')
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true)
    const ev = events(lines)
    const exported = visits.filter(
      (v) => v.status === 'upcoming' || v.status === 'due' || v.status === 'overdue',
    )
    expect(ev.length).toBe(exported.length)
    const uids = new Set<string>()
    ev.forEach((e, i) => {
      const v = exported[i]!
      // DTSTAMP: 08:30+08:00 = 00:30Z, RFC 5545 §3.3.5 form 2 (UTC)
      expect(e.get('DTSTAMP')).toBe('20240301T003000Z')
      expect(e.get('DTSTART;VALUE=DATE')).toBe(compact(v.targetDate))
      const dtend = e.get('DTEND;VALUE=DATE')
      if (dtend !== undefined) expect(dtend).toBe(compact(refAddDays(v.targetDate, 1)))
      const uid = e.get('UID')!
      expect(uid.endsWith('@celltrial.example.org')).toBe(true)
      uids.add(uid)
      for (const [k, val] of e) {
        if (/^(SUMMARY|DESCRIPTION|LOCATION|CATEGORIES|COMMENT)\b/.test(k))
          expect(isValidText(val), `${k}:${val}`).toBe(true)
      }
      expect(unescapeText(e.get('SUMMARY') ?? '')).toContain(v.label)
    })
    expect(uids.size).toBe(ev.length)
  })

  it('UID is stable across exports, review dates and a rescheduled infusion, and unique across subjects', () => {
    const uidsOf = (ics: string) =>
      events(unfold(ics)).map((e) => [e.get('DTSTART;VALUE=DATE'), e.get('UID')])
    const a = must(
      visitsToICalendar(
        { siteId: 'S1', subjects: [{ subjectId: 'P1', visits: statusesAt('2024-02-20', '2024-01-01') }] },
        opts,
      ),
    )
    const b = must(
      visitsToICalendar(
        { siteId: 'S1', subjects: [{ subjectId: 'P1', visits: statusesAt('2024-03-01', '2024-01-02') }] },
        { ...opts, dtstamp: '2024-05-01T00:00:00Z' },
      ),
    )
    const ua = uidsOf(a)
    const ub = uidsOf(b)
    expect(ua.length).toBe(ub.length)
    ua.forEach(([startA, uidA], i) => {
      const [startB, uidB] = ub[i]!
      expect(uidB).toBe(uidA) // the same visit keeps its UID so calendar clients update it in place
      expect(startB).not.toBe(startA)
    })
    // two subjects at one site, and the same subject id at two sites, never share a UID
    const two = must(
      visitsToICalendar(
        {
          siteId: 'S1',
          subjects: [
            { subjectId: 'P1', visits: statusesAt('2024-02-20', '2024-01-01') },
            { subjectId: 'P2', visits: statusesAt('2024-02-20', '2024-01-01') },
          ],
        },
        opts,
      ),
    )
    const all = uidsOf(two).map(([, u]) => u)
    expect(new Set(all).size).toBe(all.length)
    // the UID is a function of subject id, visit id and domain only (RFC 5545 §3.8.4.7 persistent identifier), so
    // it is globally unique only if subject ids are unique within the UID domain
    const otherSite = uidsOf(
      must(
        visitsToICalendar(
          { siteId: 'S2', subjects: [{ subjectId: 'P1', visits: statusesAt('2024-02-20', '2024-01-01') }] },
          opts,
        ),
      ),
    )
    expect(otherSite.map(([, u]) => u)).toEqual(ua.map(([, u]) => u))
    expect(ua[0]![1]).toBe('P1.D0@celltrial.example.org')
  })

  it('DTSTAMP converts an offset across midnight and a year boundary to UTC; a bad timestamp is an issue', () => {
    const v = statusesAt('2024-02-20', '2024-01-01').slice(0, 1)
    const site = { siteId: 'S', subjects: [{ subjectId: 'P', visits: v }] }
    const stamp = (dtstamp: string) =>
      events(unfold(must(visitsToICalendar(site, { ...opts, dtstamp }))))[0]!.get('DTSTAMP')
    expect(stamp('2025-01-01T05:00:00+08:00')).toBe('20241231T210000Z')
    expect(stamp('2024-12-31T20:00:00-05:00')).toBe('20250101T010000Z')
    expect(stamp('2024-02-29T23:59:59Z')).toBe('20240229T235959Z')
    expect(stamp('2024-03-01T00:00:00.999+00:30')).toBe('20240229T233000Z') // fractions truncated, not rounded up
    expect(stamp('1969-12-31T23:59:59Z')).toBe('19691231T235959Z')
    expect(visitsToICalendar(site, { ...opts, dtstamp: 'yesterday' }).ok).toBe(false)
  })

  it('statuses option: done visits are not exported by default; an explicit list selects them', () => {
    const visits = statusesAt('2024-02-20', '2024-03-10', { D0: '2024-02-20', D2: '2024-02-25' })
    const site = { siteId: 'S', subjects: [{ subjectId: 'P', visits }] }
    const starts = (statuses?: VisitStatusKind[]) =>
      events(unfold(must(visitsToICalendar(site, statuses ? { ...opts, statuses } : opts)))).map((e) =>
        e.get('DTSTART;VALUE=DATE'),
      )
    expect(starts().length).toBe(visits.length - 2)
    expect(starts(['done-out-of-window'])).toEqual([
      compact(visits.find((v) => v.visitId === 'D2')!.targetDate),
    ])
    expect(starts(['overdue']).length).toBe(visits.filter((v) => v.status === 'overdue').length)
  })
})

// ===============================================================================================================
describe('§7 CAR kinetics against the reference', () => {
  const EXAMPLE: KineticsSample[] = [
    { day: 0, level: 0 },
    { day: 4, level: 1200 },
    { day: 7, level: 15000 },
    { day: 10, level: 42000 },
    { day: 14, level: 18000 },
    { day: 21, level: 5000 },
    { day: 28, level: 2100 },
  ]
  const run = (s: readonly KineticsSample[], o?: CarKineticsOptions) => must(carKinetics(s, o))
  const pick = (k: RefKinetics | ReturnType<typeof run>) => ({
    cmax: k.cmax,
    tmax: k.tmax,
    clast: k.clast,
    tlast: k.tlast,
    auc: k.auc,
    aucEndDay: k.aucEndDay,
    aucPoints: k.aucPoints,
  })

  it('worked example: trapezoids 2400 .. 24850, AUC 337 550, Cmax 42 000 at Day 10, Tlast 28 (later BLQ)', () => {
    const k = run([...EXAMPLE, { day: 42, level: 'BLQ' }, { day: 56, level: 'BLQ' }])
    expect(k.trapezoids).toEqual([2400, 24300, 85500, 120000, 80500, 24850])
    expect(pick(k)).toEqual(pick(refKinetics(EXAMPLE)))
    expect([k.cmax, k.tmax, k.auc, k.clast, k.tlast, k.aucEndDay]).toEqual([42000, 10, 337550, 2100, 28, 28])
    // shuffled input gives the same result
    expect(pick(run([...EXAMPLE].reverse()))).toEqual(pick(k))
  })

  it('Cmax with a single sample; a single Day-28 sample integrates the ramp from Day 0', () => {
    expect(pick(run([{ day: 28, level: 500 }]))).toEqual({
      cmax: 500,
      tmax: 28,
      clast: 500,
      tlast: 28,
      auc: 7000,
      aucEndDay: 28,
      aucPoints: [
        { day: 0, level: 0 },
        { day: 28, level: 500 },
      ],
    })
    const k = run([{ day: 7, level: 900 }])
    expect([k.cmax, k.tmax, k.clast, k.tlast, k.auc, k.aucEndDay]).toEqual([900, 7, 900, 7, null, null])
    expect(run([])).toMatchObject({ cmax: null, tmax: null, clast: null, tlast: null, auc: null })
  })

  it('Tmax tie -> first occurrence in time (even when the later one comes first in the input)', () => {
    const s: KineticsSample[] = [
      { day: 14, level: 800 },
      { day: 7, level: 800 },
      { day: 28, level: 100 },
    ]
    expect(run(s).tmax).toBe(7)
    expect(pick(run(s))).toEqual(pick(refKinetics(s)))
  })

  it('end-window edges: Day 26 and Day 30 satisfy ±2, Day 25.9 and 30.1 do not; closest wins, tie -> earlier', () => {
    const early: KineticsSample[] = [
      { day: 10, level: 1000 },
      { day: 26, level: 100 },
    ]
    expect(run(early).aucEndDay).toBe(26)
    expect(
      run([
        { day: 10, level: 1000 },
        { day: 30, level: 100 },
      ]).aucEndDay,
    ).toBe(30)
    expect(
      run([
        { day: 10, level: 1000 },
        { day: 25.9, level: 100 },
      ]).auc,
    ).toBeNull()
    expect(
      run([
        { day: 10, level: 1000 },
        { day: 30.1, level: 100 },
      ]).auc,
    ).toBeNull()
    const tie: KineticsSample[] = [
      { day: 10, level: 1000 },
      { day: 27, level: 300 },
      { day: 29, level: 200 },
    ]
    expect(run(tie).aucEndDay).toBe(27)
    expect(pick(run(tie))).toEqual(pick(refKinetics(tie)))
    const closer: KineticsSample[] = [
      { day: 10, level: 1000 },
      { day: 26.5, level: 300 },
      { day: 28.4, level: 200 },
    ]
    expect(run(closer).aucEndDay).toBe(28.4)
  })

  it('BLQ / LLOQ: before Tmax = 0, after Tmax excluded from AUC and Tlast; equality with LLOQ is quantifiable', () => {
    const s: KineticsSample[] = [
      { day: -3, level: 50 },
      { day: 0, level: 40 },
      { day: 2, level: 'BLQ' },
      { day: 4, level: 9 },
      { day: 7, level: 1000 },
      { day: 14, level: 10 },
      { day: 21, level: 'BLQ' },
      { day: 28, level: 9.99 },
    ]
    const k = run(s, { lloq: 10 })
    expect(k.aucPoints).toEqual([
      { day: 0, level: 0 },
      { day: 2, level: 0 },
      { day: 4, level: 0 },
      { day: 7, level: 1000 },
      { day: 14, level: 10 },
    ])
    expect([k.cmax, k.tmax, k.clast, k.tlast, k.aucEndDay]).toEqual([1000, 7, 10, 14, 14])
    expect(pick(k)).toEqual(pick(refKinetics(s, { lloq: 10 })))
    // the PROTOCOL DECISIONS with non-default values
    for (const o of [
      { lloq: 10, blqBeforeTmax: 'exclude' as const },
      { lloq: 10, blqAfterTmax: 'zero' as const },
      { lloq: 10, preInfusionLevel: 5 },
      { lloq: 10, aucEndDay: 14, aucEndWindowDays: 0 },
      { lloq: 10, aucEndDay: 21, aucEndWindowDays: 3 },
    ]) {
      expect(pick(run(s, o)), JSON.stringify(o)).toEqual(pick(refKinetics(s, o)))
    }
    expect(run(s, { lloq: 10, blqAfterTmax: 'zero' }).aucPoints.slice(-2)).toEqual([
      { day: 21, level: 0 },
      { day: 28, level: 0 },
    ])
  })

  it('all samples BLQ: no Cmax/Tmax/Tlast; AUC with the end window met is 0 (BLQ before any Tmax = 0)', () => {
    const s: KineticsSample[] = [
      { day: 7, level: 'BLQ' },
      { day: 28, level: 'BLQ' },
    ]
    const k = run(s)
    expect([k.cmax, k.tmax, k.clast, k.tlast]).toEqual([null, null, null, null])
    expect(pick(k)).toEqual(pick(refKinetics(s)))
    expect(k.auc).toBe(0)
  })

  it('linear, not log-down: the trapezoid for a falling segment is the arithmetic mean', () => {
    const k = run([
      { day: 14, level: 10000 },
      { day: 28, level: 100 },
    ])
    expect(k.trapezoids).toEqual([70000, 70700])
    expect(k.auc).toBe(140700)
  })

  it('property: random sample sets and option variants against the reference', () => {
    const level = fc.oneof(
      fc.constant<'BLQ'>('BLQ'),
      fc.constantFrom(0, 5, 10, 100),
      fc.integer({ min: 1, max: 100_000 }),
      fc.double({ min: 0.5, max: 5000, noNaN: true }),
    )
    const day = fc.oneof(fc.integer({ min: -7, max: 60 }), fc.double({ min: -1, max: 40, noNaN: true }))
    const opts = fc.record(
      {
        lloq: fc.constantFrom(null, 10, 100),
        preInfusionLevel: fc.constantFrom(0, 3),
        aucEndDay: fc.constantFrom(28, 21, 14),
        aucEndWindowDays: fc.constantFrom(2, 0, 3, 1.5),
        blqBeforeTmax: fc.constantFrom('zero' as const, 'exclude' as const),
        blqAfterTmax: fc.constantFrom('zero' as const, 'exclude' as const),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ day, level }), { selector: (s) => s.day, maxLength: 14 }),
        opts,
        (s, o) => {
          const got = pick(run(s, o))
          const ref = pick(refKinetics(s, o))
          expect({ ...got, auc: null }).toEqual({ ...ref, auc: null })
          if (ref.auc === null) expect(got.auc).toBeNull()
          else expect(got.auc).toBeCloseTo(ref.auc, 6)
        },
      ),
      { seed: SEED, numRuns: 600 },
    )
  })

  it('a non-numeric or out-of-range PROTOCOL DECISION is an issue, not a silent all-BLQ or NaN result', () => {
    const code = (o: CarKineticsOptions) => carKinetics(EXAMPLE, o).issues?.map((i) => [i.code, ...i.path])
    expect(code({ lloq: Number.NaN })).toEqual([['kinetics.invalid_option', 'lloq']])
    expect(code({ lloq: 0 })).toEqual([['kinetics.invalid_option', 'lloq']])
    expect(code({ preInfusionLevel: Number.NaN })).toEqual([['kinetics.invalid_option', 'preInfusionLevel']])
    expect(code({ preInfusionLevel: -1 })).toEqual([['kinetics.invalid_option', 'preInfusionLevel']])
    expect(code({ aucEndDay: Number.NaN })).toEqual([['kinetics.invalid_option', 'aucEndDay']])
    expect(code({ aucEndWindowDays: -1 })).toEqual([['kinetics.invalid_option', 'aucEndWindowDays']])
    // the boundary values stay valid: window 0 needs a sample exactly on the end day
    expect(run(EXAMPLE, { aucEndWindowDays: 0, lloq: 1200 })).toMatchObject({ auc: 337550, tlast: 28 })
    expect(run(EXAMPLE, { aucEndWindowDays: 0, lloq: 1200.01 }).auc).toBe(
      337550 - 2400 - 24300 + (3 * 15000) / 2,
    ) // Day 4 (1200) is BLQ before Tmax: 0
  })

  it('invalid input is an issue, not a number', () => {
    expect(carKinetics([{ day: Number.NaN, level: 5 }]).ok).toBe(false)
    expect(carKinetics([{ day: 4, level: -1 }]).ok).toBe(false)
    expect(carKinetics([{ day: 4, level: Number.POSITIVE_INFINITY }]).ok).toBe(false)
  })
})

// ===============================================================================================================
describe('§8 B-cell aplasia against the reference', () => {
  const EXAMPLE: BCellSample[] = [
    { day: 0, cd19PercentOfLymphocytes: 12, cd19PerUl: 150 },
    { day: 7, cd19PercentOfLymphocytes: 0.1, cd19PerUl: 2 },
    { day: 14, cd19PercentOfLymphocytes: 0, cd19PerUl: 0 },
    { day: 28, cd19PercentOfLymphocytes: 0, cd19PerUl: 0 },
    { day: 56, cd19PercentOfLymphocytes: 0.4, cd19PerUl: 5 },
    { day: 84, cd19PercentOfLymphocytes: 1.8, cd19PerUl: 40 },
    { day: 112, cd19PercentOfLymphocytes: 3.5, cd19PerUl: 110 },
  ]
  const run = (s: readonly BCellSample[], pc: number | null = 1, ac: number | null = 100, k = 2) =>
    must(bCellAplasia(s, { percentCutoff: pc, absoluteCutoff: ac, confirmations: k }))

  it('worked example: onset Day 7, recovery Day 84 (via %), duration 77, per-sample classes as in the table', () => {
    const r = run(EXAMPLE)
    expect(r.classified.map((c) => c.class === 'below')).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
      false,
    ])
    expect(r).toEqual(refAplasia(EXAMPLE))
    expect([r.onsetDay, r.recoveryDay, r.durationDays, r.censored]).toEqual([7, 84, 77, false])
    expect(must(bCellAplasia(EXAMPLE))).toEqual(r) // the defaults are the example's cutoffs and 2 confirmations
  })

  it('equality: 1 % or 100 cells/uL exactly is at/above the cutoff (not aplasia), a hair below is below', () => {
    const s = (day: number, pct: number, abs: number): BCellSample => ({
      day,
      cd19PercentOfLymphocytes: pct,
      cd19PerUl: abs,
    })
    const eqPct = run([s(7, 0.5, 5), s(14, 0.5, 5), s(28, 1, 5), s(56, 1, 5)])
    expect([eqPct.onsetDay, eqPct.recoveryDay, eqPct.durationDays]).toEqual([7, 28, 21])
    const eqAbs = run([s(7, 0.5, 5), s(14, 0.5, 5), s(28, 0.5, 100), s(56, 0.5, 100)])
    expect([eqAbs.onsetDay, eqAbs.recoveryDay]).toEqual([7, 28])
    const below = run([s(7, 0.999, 99.9), s(14, 0.999, 99.9)])
    expect([below.onsetDay, below.recoveryDay, below.censored, below.durationDays]).toEqual([
      7,
      null,
      true,
      7,
    ])
  })

  it('one sample, one below sample, unconfirmed recovery at the end, and a relapse into aplasia', () => {
    expect(run([{ day: 7, cd19PercentOfLymphocytes: 0, cd19PerUl: 0 }])).toMatchObject({
      onsetDay: null,
      durationDays: null,
      censored: false,
    })
    const s: BCellSample[] = [
      { day: 7, cd19PercentOfLymphocytes: 0, cd19PerUl: 0 },
      { day: 14, cd19PercentOfLymphocytes: 0, cd19PerUl: 0 },
      { day: 28, cd19PercentOfLymphocytes: 2, cd19PerUl: 0 },
      { day: 56, cd19PercentOfLymphocytes: 0, cd19PerUl: 0 },
      { day: 84, cd19PercentOfLymphocytes: 2, cd19PerUl: 0 },
    ]
    const r = run(s)
    expect([r.onsetDay, r.recoveryDay, r.durationDays, r.censored]).toEqual([7, null, 77, true])
    expect(r).toEqual(refAplasia(s))
    expect(run(s, 1, 100, 1)).toMatchObject({ onsetDay: 7, recoveryDay: 28, durationDays: 21 })
    expect(run(s, 1, 100, 3)).toMatchObject({ onsetDay: null, durationDays: null })
  })

  it('two samples on one day are refused (consecutive needs an order; the result depended on input order)', () => {
    const above = { day: 7, cd19PercentOfLymphocytes: 5, cd19PerUl: 500 }
    const below = { day: 7, cd19PercentOfLymphocytes: 0, cd19PerUl: 0 }
    const later = { day: 14, cd19PercentOfLymphocytes: 0, cd19PerUl: 0 }
    for (const s of [
      [above, below, later],
      [below, above, later],
      [below, below],
    ]) {
      const r = bCellAplasia(s)
      expect(r.ok).toBe(false)
      expect(r.issues?.map((i) => i.code)).toEqual(['kinetics.duplicate_day'])
    }
  })

  it('cutoff variants: % only, absolute only, a missing measure', () => {
    const s: BCellSample[] = [
      { day: 7, cd19PercentOfLymphocytes: 0.5, cd19PerUl: 150 },
      { day: 14, cd19PercentOfLymphocytes: 0.5, cd19PerUl: null },
      { day: 21, cd19PercentOfLymphocytes: null, cd19PerUl: 20 },
      { day: 28, cd19PercentOfLymphocytes: 0.5, cd19PerUl: 20 },
      { day: 56, cd19PercentOfLymphocytes: 4, cd19PerUl: 20 },
      { day: 84, cd19PercentOfLymphocytes: 4 },
    ]
    for (const [pc, ac] of [
      [1, null],
      [null, 100],
      [1, 100],
      [0.5, 20],
    ] as const) {
      expect(run(s, pc, ac), `${pc} ${ac}`).toEqual(refAplasia(s, pc, ac))
    }
    expect(run(s, 1, null)).toMatchObject({ onsetDay: 7, recoveryDay: 56, durationDays: 49 })
    // a NaN (or non-positive) cutoff would class every sample below: refused
    for (const [pc, ac] of [
      [Number.NaN, 100],
      [1, Number.NaN],
      [0, 100],
      [1, -5],
    ] as const) {
      expect(
        bCellAplasia(EXAMPLE, { percentCutoff: pc, absoluteCutoff: ac }).issues?.map((i) => i.code),
        `${pc} ${ac}`,
      ).toEqual(['kinetics.invalid_cutoff'])
    }
    expect(bCellAplasia(s, { percentCutoff: null, absoluteCutoff: null }).ok).toBe(false)
  })

  it('property: random series and parameters against the reference (input order irrelevant)', () => {
    const measure = fc.oneof(
      fc.constant(null),
      fc.constantFrom(0, 1, 100, 0.99, 99),
      fc.double({ min: 0, max: 200, noNaN: true }),
    )
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            day: fc.integer({ min: -10, max: 400 }),
            cd19PercentOfLymphocytes: measure,
            cd19PerUl: measure,
          }),
          {
            selector: (s) => s.day,
            maxLength: 15,
          },
        ),
        fc.constantFrom<[number | null, number | null]>([1, 100], [1, null], [null, 100], [0.5, 50]),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (s, [pc, ac], k, reverse) => {
          const input = reverse ? [...s].reverse() : s
          expect(run(input, pc, ac, k)).toEqual(refAplasia(s, pc, ac, k))
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })
})
