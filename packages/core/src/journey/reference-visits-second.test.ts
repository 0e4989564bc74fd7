/**
 * Second, independent reference check of the subject journey: study days (domain README "Cross-cutting
 * conventions"), ISBT 128 DIN check character (regimen-and-dosing.md §5.2), chain of identity / custody rules
 * (§5.1), the default visit template, calendar, windows, observation assignment and compliance (§6).
 *
 * The reference functions were written from the doc prose alone, before reading the engine code. Dates in the
 * reference use the platform `Date` in UTC only (never local time), which is independent of the engine's
 * civil-day algorithm.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, protocolDay, sdtmStudyDay } from '../dates/index.js'
import { defaultVisitTemplate } from '../protocol/visit-template.js'
import type { ProtocolVisit } from '../protocol/visits.js'
import {
  assessVisitCompliance,
  assignObservationsToVisits,
  canRecordInfusion,
  isValidMod37_2,
  mod37_2CheckCharacter,
  mod37_2CheckValue,
  parseDin,
  validateCustodyChain,
  verifyBedsideIdentity,
  visitCalendar,
  type BedsideVerification,
  type CustodyHandOff,
} from './index.js'

const SEED = 20261207
const DAY_MS = 86_400_000

// ---------------------------------------------------------------------------------------------------------------
// README "Day numbering" / "CDISC study day differs" / "Dates": reference
// ---------------------------------------------------------------------------------------------------------------

function refUtcMs(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const t = new Date(0)
  t.setUTCFullYear(y, m - 1, d)
  t.setUTCHours(0, 0, 0, 0)
  return t.getTime()
}
function refIso(ms: number): string {
  const t = new Date(ms)
  const p = (n: number, w: number) => String(n).padStart(w, '0')
  return `${p(t.getUTCFullYear(), 4)}-${p(t.getUTCMonth() + 1, 2)}-${p(t.getUTCDate(), 2)}`
}
/** protocol day: Day 0 = infusion; study day = date − infusion date (calendar days) */
const refProtocolDay = (date: string, infusion: string) => Math.round((refUtcMs(date) - refUtcMs(infusion)) / DAY_MS)
/** SDTM --DY: no day 0; date − RFSTDTC + 1 on/after the reference date, else date − RFSTDTC */
function refSdtmDy(date: string, rfstdtc: string): number {
  const d = refProtocolDay(date, rfstdtc)
  return d >= 0 ? d + 1 : d
}
const refAddDays = (date: string, n: number) => refIso(refUtcMs(date) + n * DAY_MS)

const dateArb = fc
  .integer({ min: refUtcMs('1700-01-01') / DAY_MS, max: refUtcMs('2399-12-31') / DAY_MS })
  .map((d) => refIso(d * DAY_MS))

describe('README study-day conventions (dates/)', () => {
  it('README leap-year examples: 2024-02-20 -> 2024-03-05 is 14 days, 2025 is 13', () => {
    expect(daysBetween('2024-02-20', '2024-03-05')).toBe(14)
    expect(daysBetween('2025-02-20', '2025-03-05')).toBe(13)
    expect(protocolDay('2024-03-05', '2024-02-20')).toBe(14)
    expect(protocolDay('2025-03-05', '2025-02-20')).toBe(13)
  })

  it('Day 0 = infusion day; LD days negative; SDTM --DY has no day 0', () => {
    const inf = '2024-03-01'
    expect(protocolDay(inf, inf)).toBe(0)
    expect(protocolDay('2024-02-25', inf)).toBe(-5) // LD Day -5 across 29 Feb
    expect(protocolDay('2024-02-29', inf)).toBe(-1)
    expect(protocolDay('2024-03-02', inf)).toBe(1)
    expect(sdtmStudyDay(inf, inf)).toBe(1)
    expect(sdtmStudyDay('2024-03-02', inf)).toBe(2)
    expect(sdtmStudyDay('2024-02-29', inf)).toBe(-1)
    expect(sdtmStudyDay('2024-02-25', inf)).toBe(-5)
    // century rules: 1900 not leap, 2000 leap, 2100 not leap
    expect(daysBetween('1900-02-28', '1900-03-01')).toBe(1)
    expect(daysBetween('2000-02-28', '2000-03-01')).toBe(2)
    expect(daysBetween('2100-02-28', '2100-03-01')).toBe(1)
    expect(addDays('2099-12-31', 1)).toBe('2100-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
  })

  it('generated date pairs: protocol day, SDTM --DY and addDays agree with the reference', () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.integer({ min: -800, max: 800 }), (a, b, n) => {
        expect(protocolDay(a, b)).toBe(refProtocolDay(a, b))
        expect(sdtmStudyDay(a, b)).toBe(refSdtmDy(a, b))
        expect(addDays(a, n)).toBe(refAddDays(a, n))
        // the two conventions never coincide on/after the reference date, and agree before it
        const p = protocolDay(a, b)
        expect(sdtmStudyDay(a, b)).toBe(p >= 0 ? p + 1 : p)
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  it('study-day helpers reject what is not a calendar date', () => {
    expect(() => protocolDay('2025-02-29', '2025-02-01')).toThrow(RangeError)
    expect(() => sdtmStudyDay('2024-03-01', '2024-13-01')).toThrow(RangeError)
    expect(() => protocolDay('2024-3-1', '2024-03-01')).toThrow(RangeError)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §5.2 ISO/IEC 7064 MOD 37-2 over the 13-character DIN: reference
// ---------------------------------------------------------------------------------------------------------------

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*'
function refMod37(din: string): { sum: number; check: number } {
  // weight 2^n, n = position from the right (rightmost n = 1); BigInt keeps long inputs exact
  let sum = 0n
  const n = din.length
  for (let i = 0; i < n; i++) sum += BigInt(ALPHABET.indexOf(din[i]!)) * 2n ** BigInt(n - i)
  const check = Number((38n - (sum % 37n)) % 37n)
  return { sum: Number(sum), check }
}

const dinArb = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    fc.stringMatching(/^[0-9]{4}$/),
    fc.stringMatching(/^[0-9]{2}$/),
    fc.stringMatching(/^[0-9]{6}$/),
  )
  .map(([l, f, y, s]) => `${l}${f}${y}${s}`)

describe('§5.2 DIN check character', () => {
  it('worked example: G123 498 654 321 -> sum 148 354, mod 37 = 21, checksum 17 = H, bar-code value 77', () => {
    expect(refMod37('G123498654321')).toEqual({ sum: 148354, check: 17 })
    expect(mod37_2CheckValue('G123498654321')).toBe(17)
    expect(mod37_2CheckCharacter('G123498654321')).toBe('H')
    const r = parseDin('G123 498 654 321')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.din).toBe('G123498654321')
    expect([r.value.facilityId, r.value.yearCode, r.value.sequenceNumber]).toEqual(['G1234', '98', '654321'])
    expect(r.value.checkCharacter).toBe('H')
    expect(r.value.checkValue).toBe(17)
    expect(r.value.flagCheckValue).toBe(77)
  })

  it('eye-readable check character is verified: H accepted, any other character rejected', () => {
    expect(parseDin('G123 498 654 321 H').ok).toBe(true)
    for (const c of ['G', 'I', '0', '*']) expect(parseDin(`G123 498 654 321 ${c}`).ok).toBe(false)
    expect(isValidMod37_2('G123498654321H')).toBe(true)
    expect(isValidMod37_2('G123498654312H')).toBe(false) // transposition caught
  })

  it('bar-code flags: the flag check value checksum + 60 is verified', () => {
    expect(parseDin('=G12349865432177').ok).toBe(true)
    expect(parseDin('=G12349865432176').ok).toBe(false)
  })

  it('structure: 5-char facility id starting with a letter, 2-digit year, 6-digit sequence', () => {
    expect(parseDin('1123498654321').ok).toBe(false)
    expect(parseDin('G12349865432').ok).toBe(false)
    expect(parseDin('G1234986543210').ok).toBe(false)
    expect(parseDin('G1234X8654321').ok).toBe(false)
  })

  it('generated DINs: check value, character, the checksum-0 and checksum-36 (*) cases agree with the reference', () => {
    let sawStar = false
    let sawZero = false
    fc.assert(
      fc.property(dinArb, (din) => {
        const { check } = refMod37(din)
        if (check === 36) sawStar = true
        if (check === 0) sawZero = true
        expect(mod37_2CheckValue(din)).toBe(check)
        expect(mod37_2CheckCharacter(din)).toBe(ALPHABET[check])
        expect(isValidMod37_2(din + ALPHABET[check]!)).toBe(true)
        expect(isValidMod37_2(din + ALPHABET[(check + 1) % 37]!)).toBe(false)
        const r = parseDin(`${din} ${ALPHABET[check]!}`)
        expect(r.ok && r.value.checkValue === check && r.value.flagCheckValue === check + 60).toBe(true)
        const bar = parseDin(`=${din}${check + 60}`)
        expect(bar.ok).toBe(true)
      }),
      { seed: SEED, numRuns: 3000 },
    )
    expect(sawStar && sawZero).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §5.1 engine rules: reference (small, the first check covered the chain in depth)
// ---------------------------------------------------------------------------------------------------------------

describe('§5.1 chain of identity / custody rules', () => {
  const expected = { subjectId: 'S-001', coiIdentifier: 'COI-1' }
  const good = { patientId: 'S-001', productCoiIdentifier: 'COI-1', bagId: 'BAG-1' }
  const bad = { ...good, productCoiIdentifier: 'COI-2' }

  it('rule 1: the LATEST verification of the bag decides (a later match supersedes a mismatch, and vice versa)', () => {
    const m1 = verifyBedsideIdentity(expected, bad, ['A', 'B'], '2024-03-01T08:00+08:00')
    const m2 = verifyBedsideIdentity(expected, good, ['A', 'B'], '2024-03-01T08:30+08:00')
    expect(m1.result).toBe('mismatch')
    expect(m1.deviation).toBe(true) // rule 2
    expect(m2.result).toBe('match')
    expect(canRecordInfusion([m1, m2], 'BAG-1').ok).toBe(true)
    expect(canRecordInfusion([m2, m1], 'BAG-1').ok).toBe(true) // order of the list is not time
    const m3 = verifyBedsideIdentity(expected, bad, ['A', 'B'], '2024-03-01T09:00+08:00')
    expect(canRecordInfusion([m1, m2, m3], 'BAG-1').ok).toBe(false)
    // time zones: 08:45+08:00 (00:45Z) is earlier than 01:00Z
    const late = verifyBedsideIdentity(expected, bad, ['A', 'B'], '2024-03-01T01:00Z')
    const early = verifyBedsideIdentity(expected, good, ['A', 'B'], '2024-03-01T08:45+08:00')
    expect(canRecordInfusion([late, early], 'BAG-1').ok).toBe(false)
    // no verification of that bag at all: cannot save
    expect(canRecordInfusion([m2], 'BAG-2').ok).toBe(false)
    expect(canRecordInfusion([] as BedsideVerification[], 'BAG-1').ok).toBe(false)
  })

  it('"latest" is by instant: generated offsets order verifications like an independent UTC parse', () => {
    const instantArb = fc
      .tuple(
        fc.integer({ min: refUtcMs('2000-01-01') / DAY_MS, max: refUtcMs('2040-12-31') / DAY_MS }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: -14 * 4, max: 14 * 4 }),
      )
      .map(([d, h, m, q]) => {
        const p = (n: number) => String(n).padStart(2, '0')
        const off = q === 0 ? 'Z' : `${q < 0 ? '-' : '+'}${p(Math.floor(Math.abs(q) / 4))}:${p((Math.abs(q) % 4) * 15)}`
        return `${refIso(d * DAY_MS)}T${p(h)}:${p(m)}${off}`
      })
    fc.assert(
      fc.property(instantArb, instantArb, (a, b) => {
        const ma = verifyBedsideIdentity(expected, good, ['A', 'B'], a)
        const mb = verifyBedsideIdentity(expected, bad, ['A', 'B'], b)
        // the mismatch wins when it is at or after the match (the later entry wins a tie)
        const mismatchLatest = Date.parse(b) >= Date.parse(a)
        expect(canRecordInfusion([ma, mb], 'BAG-1').ok).toBe(!mismatchLatest)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('rule 3: custody is gap-free (each from = previous to)', () => {
    const h = (from: string, to: string, at: string): CustodyHandOff => ({
      materialId: 'DIN-1',
      from,
      to,
      place: 'x',
      at,
      temperatureCondition: '2-8 C',
      temperatureInRange: true,
      sealIntact: true,
    })
    const chain = [
      h('apheresis', 'courier', '2024-01-01T10:00Z'),
      h('courier', 'manufacturer', '2024-01-02T10:00Z'),
      h('manufacturer', 'site', '2024-02-01T10:00Z'),
    ]
    const r = validateCustodyChain(chain)
    expect(r.ok && r.value.holders).toEqual(['apheresis', 'courier', 'manufacturer', 'site'])
    const gap = validateCustodyChain([chain[0]!, h('courier2', 'manufacturer', '2024-01-02T10:00Z'), chain[2]!])
    expect(!gap.ok && gap.issues.map((i) => i.code)).toContain('custody.gap')
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §6 visits: reference
// ---------------------------------------------------------------------------------------------------------------

interface RefVisit {
  day: number
  window: number
}
/**
 * §6 default template: Day 0–14 daily ±0; Days 21, 28 ±2; weekly to Week 12 (35…84) ±3; monthly (every 28 days)
 * to Month 6 ±7; every 3 months to Month 24 ±14.
 */
function refTemplate(): RefVisit[] {
  const v: RefVisit[] = []
  for (let d = 0; d <= 14; d++) v.push({ day: d, window: 0 })
  v.push({ day: 21, window: 2 }, { day: 28, window: 2 })
  for (let w = 5; w <= 12; w++) v.push({ day: 7 * w, window: 3 })
  for (let m = 4; m <= 6; m++) v.push({ day: 28 * m, window: 7 })
  for (let m = 9; m <= 24; m += 3) v.push({ day: 28 * m, window: 14 })
  return v
}

/** §6: per visit keep the in-window observation closest to target, tie -> earlier (then input order). */
function refAssign(visits: readonly ProtocolVisit[], obs: readonly { id: string; day: number }[]) {
  const byVisit = new Map<string, string>()
  for (const v of visits) {
    let best: { id: string; day: number } | undefined
    for (const o of obs) {
      if (o.day < v.day - v.windowBefore || o.day > v.day + v.windowAfter) continue
      const d = Math.abs(o.day - v.day)
      if (!best) best = o
      else {
        const bd = Math.abs(best.day - v.day)
        if (d < bd || (d === bd && o.day < best.day)) best = o
      }
    }
    if (best) byVisit.set(v.id, best.id)
  }
  const kept = new Set(byVisit.values())
  const inAny = (o: { day: number }) => visits.some((v) => o.day >= v.day - v.windowBefore && o.day <= v.day + v.windowAfter)
  const unscheduled = obs.filter((o) => !inAny(o)).map((o) => o.id)
  const superseded = obs.filter((o) => inAny(o) && !kept.has(o.id)).map((o) => o.id)
  return { byVisit, unscheduled, superseded }
}

const TEMPLATE = defaultVisitTemplate()

describe('§6 default template', () => {
  it('days and windows equal the reference template (Day 0–14, 21, 28, 35…84, 112/140/168, 252…672)', () => {
    expect(TEMPLATE.map((v) => ({ day: v.day, window: v.windowBefore }))).toEqual(refTemplate())
    expect(TEMPLATE.every((v) => v.windowBefore === v.windowAfter)).toBe(true)
    expect(new Set(TEMPLATE.map((v) => v.id)).size).toBe(TEMPLATE.length)
  })
  it('default windows do not overlap (so no observation can match two visits)', () => {
    for (let k = 1; k < TEMPLATE.length; k++) {
      const a = TEMPLATE[k - 1]!
      const b = TEMPLATE[k]!
      expect(a.day + a.windowAfter).toBeLessThan(b.day - b.windowBefore)
    }
  })
})

describe('§6 observation assignment', () => {
  const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id)
  const idOf = (day: number) => TEMPLATE.find((v) => v.day === day)!.id

  it('doc example: Day 33 -> Week 5 (target 35); Day 31 -> unscheduled (Week 4 window ends 30, Week 5 starts 32)', () => {
    const r = assignObservationsToVisits(TEMPLATE, [
      { id: 'd33', day: 33 },
      { id: 'd31', day: 31 },
    ])
    expect(r.byVisit.get(idOf(35))?.id).toBe('d33')
    expect(ids(r.unscheduled)).toEqual(['d31'])
    // window edges are inclusive: 30 -> Day 28, 32 -> Week 5; 25 and 31 unscheduled
    const e = assignObservationsToVisits(TEMPLATE, [25, 26, 30, 31, 32, 38, 39].map((d) => ({ id: `d${d}`, day: d })))
    expect(e.byVisit.get(idOf(28))?.id).toBe('d26') // 26 and 30 both 2 away: tie -> earlier
    expect(ids(e.superseded)).toEqual(['d30', 'd38'])
    expect(e.byVisit.get(idOf(35))?.id).toBe('d32') // 32 and 38 both 3 away: earlier
    expect(e.byVisit.get(idOf(42))?.id).toBe('d39')
    expect(ids(e.unscheduled)).toEqual(['d25', 'd31'])
  })

  it('Day 0–14 daily ±0: Day 15–18 are unscheduled; Day 19 is Day 21 window', () => {
    const r = assignObservationsToVisits(TEMPLATE, [14, 15, 18, 19].map((d) => ({ id: `d${d}`, day: d })))
    expect(r.byVisit.get(idOf(14))?.id).toBe('d14')
    expect(r.byVisit.get(idOf(21))?.id).toBe('d19')
    expect(ids(r.unscheduled)).toEqual(['d15', 'd18'])
  })

  it('monthly ±7 and 3-monthly ±14 edges; beyond Month 24 unscheduled', () => {
    const days = [88, 105, 119, 120, 175, 176, 237, 238, 266, 267, 686, 687]
    const r = assignObservationsToVisits(TEMPLATE, days.map((d) => ({ id: `d${d}`, day: d })))
    expect(r.byVisit.get(idOf(112))?.id).toBe('d105')
    expect(r.byVisit.get(idOf(168))?.id).toBe('d175')
    expect(r.byVisit.get(idOf(252))?.id).toBe('d238')
    expect(r.byVisit.get(idOf(672))?.id).toBe('d686')
    expect(ids(r.unscheduled).sort()).toEqual(['d120', 'd176', 'd237', 'd267', 'd687', 'd88'].sort())
  })

  it('generated observation days on the default template agree with the reference', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -7, max: 700 }), { maxLength: 30 }), (days) => {
        const obs = days.map((d, k) => ({ id: `o${k}`, day: d }))
        const e = assignObservationsToVisits(TEMPLATE, obs)
        const r = refAssign(TEMPLATE, obs)
        expect(new Map([...e.byVisit].map(([k, v]) => [k, v.id]))).toEqual(r.byVisit)
        expect(ids(e.unscheduled).sort()).toEqual([...r.unscheduled].sort())
        expect(ids(e.superseded).sort()).toEqual([...r.superseded].sort())
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('generated asymmetric windows (non-overlapping) and same-day duplicates agree with the reference', () => {
    const visitsArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 })
      .chain((ks) =>
        fc.tuple(
          fc.constant([...ks].sort((a, b) => a - b).map((k) => k * 10)),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), {
            minLength: ks.length,
            maxLength: ks.length,
          }),
        ),
      )
      .map(([days, w]) =>
        days.map(
          (day, k): ProtocolVisit => ({
            id: `v${day}`,
            label: `V${day}`,
            day,
            windowBefore: w[k]![0],
            windowAfter: w[k]![1],
            assessments: ['x'],
          }),
        ),
      )
    fc.assert(
      fc.property(visitsArb, fc.array(fc.integer({ min: -5, max: 210 }), { maxLength: 20 }), (visits, days) => {
        const obs = days.map((d, k) => ({ id: `o${k}`, day: d }))
        const e = assignObservationsToVisits(visits, obs)
        const r = refAssign(visits, obs)
        expect(new Map([...e.byVisit].map(([k, v]) => [k, v.id]))).toEqual(r.byVisit)
        expect(ids(e.unscheduled).sort()).toEqual([...r.unscheduled].sort())
        expect(ids(e.superseded).sort()).toEqual([...r.superseded].sort())
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §6 calendar and compliance: reference
// ---------------------------------------------------------------------------------------------------------------

type Status = 'done-in-window' | 'done-out-of-window' | 'overdue' | 'due' | 'upcoming'
function refStatus(
  v: { day: number; windowBefore: number; windowAfter: number },
  infusion: string,
  recorded: string | undefined,
  asOf: string,
): { status: Status; outside: number } {
  const lo = v.day - v.windowBefore
  const hi = v.day + v.windowAfter
  if (recorded !== undefined) {
    const d = refProtocolDay(recorded, infusion)
    if (d < lo) return { status: 'done-out-of-window', outside: d - lo }
    if (d > hi) return { status: 'done-out-of-window', outside: d - hi }
    return { status: 'done-in-window', outside: 0 }
  }
  const a = refProtocolDay(asOf, infusion)
  if (a > hi) return { status: 'overdue', outside: 0 }
  if (a >= lo) return { status: 'due', outside: 0 }
  return { status: 'upcoming', outside: 0 }
}

describe('§6 calendar and compliance', () => {
  it('calendar dates from Day 0 = infusion across 29 February (2024) and 28 February (2025)', () => {
    for (const inf of ['2024-02-20', '2025-02-20', '2023-12-31']) {
      const cal = visitCalendar(TEMPLATE, inf)
      expect(cal.ok).toBe(true)
      if (!cal.ok) return
      for (const v of cal.value) {
        expect(v.targetDate).toBe(refAddDays(inf, v.day))
        const t = TEMPLATE.find((x) => x.id === v.visitId)!
        expect(v.windowStart).toBe(refAddDays(inf, t.day - t.windowBefore))
        expect(v.windowEnd).toBe(refAddDays(inf, t.day + t.windowAfter))
      }
    }
    const c24 = visitCalendar(TEMPLATE, '2024-02-20')
    expect(c24.ok && c24.value.find((v) => v.day === 14)?.targetDate).toBe('2024-03-05')
    const c25 = visitCalendar(TEMPLATE, '2025-02-20')
    expect(c25.ok && c25.value.find((v) => v.day === 14)?.targetDate).toBe('2025-03-06')
  })

  it('generated recorded dates and review dates: status and days outside agree with the reference', () => {
    const infusion = '2024-02-10'
    const cal = visitCalendar(TEMPLATE, infusion)
    if (!cal.ok) throw new Error('calendar')
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: TEMPLATE.length - 1 }),
        fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }),
        fc.integer({ min: -20, max: 20 }),
        (k, shift, asOfShift) => {
          const v = TEMPLATE[k]!
          const recorded = shift === undefined ? undefined : refAddDays(infusion, v.day + shift)
          const asOf = refAddDays(infusion, v.day + asOfShift)
          const rec: Record<string, string> = recorded === undefined ? {} : { [v.id]: recorded }
          const r = assessVisitCompliance(cal.value, rec, asOf)
          if (!r.ok) throw new Error(JSON.stringify(r.issues))
          const got = r.value.visits.find((x) => x.visitId === v.id)!
          const want = refStatus(v, infusion, recorded, asOf)
          expect({ status: got.status, outside: got.daysOutsideWindow }).toEqual(want)
          const flagged = r.value.deviations.some((d) => d.path.includes(v.id))
          expect(flagged).toBe(want.status === 'done-out-of-window' || want.status === 'overdue')
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })
})
