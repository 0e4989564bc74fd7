/**
 * Independent check of the results report against small reference computations written from the docs:
 * - domain/statistics.md §1 (median (range): odd n middle value, even n mean of the two middle values; percent
 *   100 x / n with one decimal, round half up), §2 (Clopper-Pearson exact 95 % CI; the doc's verified table is
 *   the oracle), §3 (Kaplan-Meier DoR, Greenwood, log-log band; median and CI limits = first time the curve /
 *   band is <= 0.5, midpoint on a flat 0.5 segment);
 * - domain/response-itp.md §3.5-§3.11 with the NCT06352281 preset (R: > 30 and >= 2 x baseline; CR: > 100;
 *   confirmation 7 days, loss 1 day; evaluable from Day 14; best response; ORR over all infused, NE included);
 * - "grade N CRS/ICANS in k patients" = worst grade per patient (safety-grading.md CRS-7 / ICANS-6: event grade
 *   = maximum; one patient counted once).
 * (a) the synthetic demo cohort of packages/protocols/NCT06352281/demo-sdtm must reproduce the seed abstract
 * (shared/seeds/004); (b) hand-built edge cases; (c) generated cohorts (fast-check, fixed seed).
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import {
  createResponseInputCollector,
  createSdtmDomainReader,
  sdtmAeDomain,
  sdtmCeDomain,
  sdtmCmDomain,
  sdtmDmDomain,
  sdtmExDomain,
  sdtmLbDomain,
  type SdtmDomainSpec,
} from '../interchange/sdtm/index.js'
import { parseProtocol } from '../protocol/index.js'
import { referenceEpisodes, type RefStatus } from '../response/fixtures/reference-episodes.js'
import { buildStudyReport } from './build-study-report.js'
import { studyReportSubjectsFromSdtm } from './from-sdtm.js'
import { reportTables } from './tables.js'
import type { ReportAdverseEvent, ReportGroup, StudyReport, StudyReportSubjectInput } from './types.js'

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const protocol = parsed.value

// ---------------------------------------------------------------- reference computations (from the docs)

const DAY_MS = 86_400_000
const dayOf = (date: string, origin: string): number => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${origin}T00:00:00Z`)) / DAY_MS)
const dateAt = (origin: string, day: number): string => new Date(Date.parse(`${origin}T00:00:00Z`) + day * DAY_MS).toISOString().slice(0, 10)

/** statistics.md §1: sort; odd n -> middle value; even n -> mean of the two middle values; range = min, max. */
function refMedianRange(values: number[]): { n: number; median: number; min: number; max: number } | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const n = s.length
  const median = n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2
  return { n, median, min: s[0]!, max: s[n - 1]! }
}

function binomPmf(i: number, n: number, p: number): number {
  let c = 1
  for (let k = 1; k <= i; k++) c = (c * (n - i + k)) / k
  return c * p ** i * (1 - p) ** (n - i)
}
const binomAtLeast = (x: number, n: number, p: number): number => {
  let s = 0
  for (let i = x; i <= n; i++) s += binomPmf(i, n, p)
  return s
}
const binomAtMost = (x: number, n: number, p: number): number => {
  let s = 0
  for (let i = 0; i <= x; i++) s += binomPmf(i, n, p)
  return s
}
/** Solve f(p) = target on [0, 1] for f monotone (increasing when `up`). */
function bisect(f: (p: number) => number, target: number, up: boolean): number {
  let lo = 0
  let hi = 1
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2
    if (f(mid) < target === up) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
/**
 * statistics.md §2 (Clopper-Pearson): BetaInv(α/2; x, n − x + 1) is the p with P(X ≥ x | n, p) = α/2, and
 * BetaInv(1 − α/2; x + 1, n − x) the p with P(X ≤ x | n, p) = α/2 (the beta-binomial identity); 0 / 1 at x = 0 / n.
 */
function refClopperPearson(x: number, n: number): { lower: number; upper: number } {
  const lower = x === 0 ? 0 : bisect((p) => binomAtLeast(x, n, p), 0.025, true)
  const upper = x === n ? 1 : bisect((p) => binomAtMost(x, n, p), 0.025, false)
  return { lower, upper }
}
/** statistics.md §1 percent with one decimal, round half up, by integer arithmetic on 1000 x / n. */
function refPercent(x: number, n: number): string {
  const q = Math.floor((1000 * x) / n)
  const r = 1000 * x - q * n
  const tenths = 2 * r >= n ? q + 1 : q
  return `${Math.floor(tenths / 10)}.${tenths % 10}`
}
const refLimit = (p: number): string => (Math.round(p * 1000) / 10).toFixed(1)
/** "75.0 % (19.4–99.4)" (statistics.md §2 Display column) */
const refDisplay = (x: number, n: number): string => {
  const ci = refClopperPearson(x, n)
  return `${refPercent(x, n)} % (${refLimit(ci.lower)}–${refLimit(ci.upper)})`
}

/** statistics.md §3.1: product-limit, Greenwood, log-log band; median / CI limits as first crossing of 0.5. */
function refKm(times: number[], events: (0 | 1)[]): { n: number; events: number; median: number | null; lower: number | null; upper: number | null } {
  const z = 1.959963984540054
  const eventTimes = [...new Set(times.filter((_, i) => events[i] === 1))].sort((a, b) => a - b)
  let s = 1
  let gw = 0
  const pts: { t: number; s: number; lo: number | null; hi: number | null }[] = []
  for (const t of eventTimes) {
    const atRisk = times.filter((u) => u >= t).length
    const d = times.filter((u, i) => u === t && events[i] === 1).length
    s *= 1 - d / atRisk
    gw += d < atRisk ? d / (atRisk * (atRisk - d)) : Infinity
    if (s > 0) {
      const se = Math.sqrt(gw)
      const ll = Math.log(-Math.log(s))
      pts.push({ t, s, lo: Math.exp(-Math.exp(ll + (z * se) / Math.abs(Math.log(s)))), hi: Math.exp(-Math.exp(ll - (z * se) / Math.abs(Math.log(s)))) })
    } else pts.push({ t, s, lo: null, hi: null })
  }
  const tol = 1e-9
  const cross = (val: (p: (typeof pts)[number]) => number | null): number | null => {
    const i = pts.findIndex((p) => val(p) !== null && val(p)! <= 0.5 + tol)
    if (i < 0) return null
    if (Math.abs(val(pts[i]!)! - 0.5) < tol) {
      const j = pts.findIndex((p, k) => k > i && val(p) !== null && val(p)! < val(pts[i]!)! - tol)
      if (j >= 0) return (pts[i]!.t + pts[j]!.t) / 2
    }
    return pts[i]!.t
  }
  return { n: times.length, events: events.filter((e) => e === 1).length, median: cross((p) => p.s), lower: cross((p) => p.lo), upper: cross((p) => p.hi) }
}

interface RefResponse {
  best: 'CR' | 'R' | 'NR' | 'NE'
  baseline: number | null
  ttr: number | null
  ttcr: number | null
  dor: number | null
  dorEvent: boolean | null
}
/**
 * response-itp.md §3.5 (baseline: latest count in [anchor − 30, anchor], anchor = LD start else infusion),
 * §3.4 (evaluable: Day >= 14, on or before the cut-off), §3.7 with the NCT06352281 preset, §3.11 outputs.
 * Counts are [protocol day, value], one per day, no rescue / bleeding / new therapy.
 */
function refResponse(counts: [number, number][], ldDay: number | null, cutoffDay: number): RefResponse {
  const anchor = ldDay ?? 0
  const cands = counts.filter(([d]) => d >= anchor - 30 && d <= anchor).sort((a, b) => a[0] - b[0])
  const b = cands.length > 0 ? cands[cands.length - 1]![1] : null
  const ev = counts.filter(([d]) => d >= 14 && d <= cutoffDay).sort((x, y) => x[0] - y[0])
  const crQ = (v: number) => v > 100
  const rStatus = (v: number): RefStatus => {
    if (crQ(v)) return 'Q'
    if (b === null) return v < 30 ? 'F' : 'I'
    if (v > 30 && v >= 2 * b) return 'Q'
    return v < 30 || v < 2 * b ? 'F' : 'I'
  }
  const crStatus = (v: number): RefStatus => (crQ(v) ? 'Q' : v < 100 ? 'F' : 'I')
  const r = referenceEpisodes(ev.map(([day, v]) => ({ day, s: rStatus(v) })), 7, 1)
  const cr = referenceEpisodes(ev.map(([day, v]) => ({ day, s: crStatus(v) })), 7, 1)
  const best = cr.length > 0 ? 'CR' : r.length > 0 ? 'R' : ev.length > 0 && b !== null ? 'NR' : 'NE'
  return {
    best,
    baseline: b,
    ttr: r[0]?.start ?? null,
    ttcr: cr[0]?.start ?? null,
    dor: r[0] ? r[0].end - r[0].start : null,
    dorEvent: r[0] ? r[0].event : null,
  }
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve']
const word = (n: number): string => WORDS[n] ?? String(n)
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1)
const patients = (n: number): string => (n === 1 ? 'patient' : 'patients')
const r1 = (x: number): number => Math.round(x * 10) / 10

// ---------------------------------------------------------------- cohort builders

const CRS = 'Cytokine release syndrome'
const ICANS = 'Immune effector cell-associated neurotoxicity syndrome'
const INF = '2024-03-01'

interface SubjectSpec {
  plt: [number, number][]
  /** LD start day (default −5); null = no LD */
  ld?: number | null
  age?: number | null
  sex?: StudyReportSubjectInput['sex']
  dose?: string | null
  aes?: ReportAdverseEvent[] | null
  infusion?: string
  lastContact?: string | null
}
function subject(id: string, s: SubjectSpec): StudyReportSubjectInput {
  const inf = s.infusion ?? INF
  const ld = s.ld === undefined ? -5 : s.ld
  return {
    usubjid: id,
    siteId: 'S01',
    age: s.age === undefined ? 40 : s.age,
    sex: s.sex ?? 'F',
    doseLevel: s.dose === undefined ? 'DL1' : s.dose,
    response: { infusionDate: inf, ldStartDate: ld === null ? null : dateAt(inf, ld), plateletCounts: s.plt.map(([d, value]) => ({ date: dateAt(inf, d), value })) },
    lastContactDate: s.lastContact ?? null,
    itpDiagnosisDate: null,
    priorTherapies: null,
    ldDays: ld === null ? null : [ld, ld + 1, ld + 2],
    ldAgents: [],
    cellDose: null,
    cellDoseUnit: null,
    adverseEvents: s.aes === undefined ? [] : s.aes,
    medications: [],
    carSamples: [],
    bCellSamples: [],
    gpAntibody: [],
  }
}
const ae = (term: string, grade: number | null, startDay = 2): ReportAdverseEvent => ({ term, soc: null, grade, gradingSystem: 'ASTCT 2019', serious: false, startDay, endDay: startDay + 2 })
/** baseline 10 on Day −5, response from Day 14 (60 on Days 14 and 21), then loss on Days 14 + dor, 15 + dor (event) or the last count on Day 14 + dor (censored) */
const responder = (dor: number, event: boolean): [number, number][] => {
  if (event && dor <= 7) throw new RangeError('an event needs a DoR above 7 days (the confirming count is on Day 21)')
  if (event) return [[-5, 10], [14, 60], [21, 60], [14 + dor, 5], [15 + dor, 5]]
  return dor === 7 ? [[-5, 10], [14, 60], [21, 60]] : [[-5, 10], [14, 60], [21, 60], [14 + dor, 60]]
}
const nonResponder: [number, number][] = [[-5, 10], [14, 12], [21, 14], [28, 15]]
const crPatient: [number, number][] = [[-5, 10], [14, 150], [21, 160], [28, 170]]

const report = (inputs: StudyReportSubjectInput[], cutoff = '2025-01-01'): StudyReport => buildStudyReport(inputs, { cutoff, protocol })
const overall = (r: StudyReport): ReportGroup => r.groups[r.groups.length - 1]!
const cell = (r: StudyReport, table: string, label: string, col = -1): string => {
  const t = reportTables(r, 'en').find((x) => x.id === table)!
  const row = t.rows.find((x) => x[0]!.text === label)
  if (!row) throw new Error(`no row ${label} in ${table}`)
  return row.at(col)!.text
}

// ---------------------------------------------------------------- (a) demo cohort vs the seed abstract

const DEMO_DIR = new URL('../../../protocols/NCT06352281/demo-sdtm/', import.meta.url)
const DEMO_CUTOFF = '2025-06-15'
function readDomain<T>(file: string, spec: SdtmDomainSpec<T>): T[] {
  const r = createSdtmDomainReader(spec)
  const rows = [...r.push(readFileSync(new URL(file, DEMO_DIR), 'utf8')), ...r.end()]
  if (r.issues.length > 0) throw new Error(`${file}: ${JSON.stringify(r.issues)}`)
  return rows
}
/** What `celltrial report --sdtm demo-sdtm --cutoff 2025-06-15` builds (cli read-report-inputs.ts). */
function demoReport(): { report: StudyReport; raw: { dm: string[][]; lb: string[][]; ex: string[][]; ae: string[][]; ce: string[][]; cm: string[][] } } {
  const dm = readDomain('dm.csv', sdtmDmDomain)
  const ex = readDomain('ex.csv', sdtmExDomain)
  const cm = readDomain('cm.csv', sdtmCmDomain)
  const ce = readDomain('ce.csv', sdtmCeDomain)
  const lb = readDomain('lb.csv', sdtmLbDomain)
  const aes = readDomain('ae.csv', sdtmAeDomain)
  const collector = createResponseInputCollector(dm)
  ex.forEach((r) => collector.addEx(r))
  cm.forEach((r) => collector.addCm(r))
  ce.forEach((r) => collector.addCe(r))
  lb.forEach((r) => collector.addLb(r))
  const inputs = studyReportSubjectsFromSdtm(collector.subjects(DEMO_CUTOFF), { ex, lb: lb.filter((l) => l.testCode !== 'PLAT'), cm, ce, ae: aes })
  // the raw CSV text, for reference values computed without the project's readers
  const csv = (file: string) => readFileSync(new URL(file, DEMO_DIR), 'utf8').trim().split('\n').map((l) => l.split(','))
  return { report: buildStudyReport(inputs, { cutoff: DEMO_CUTOFF, protocol }), raw: { dm: csv('dm.csv'), lb: csv('lb.csv'), ex: csv('ex.csv'), ae: csv('ae.csv'), ce: csv('ce.csv'), cm: csv('cm.csv') } }
}

describe('(a) demo cohort reproduces the seed abstract (seeds/004, cut-off 2025-06-15)', () => {
  const { report: rep, raw } = demoReport()
  const all = overall(rep)
  const col = (rows: string[][], name: string) => rows[0]!.indexOf(name)
  const body = (rows: string[][]) => rows.slice(1)
  const ids = body(raw.dm).map((r) => r[col(raw.dm, 'USUBJID')]!)
  const infusion = new Map(body(raw.dm).map((r) => [r[col(raw.dm, 'USUBJID')]!, r[col(raw.dm, 'RFXSTDTC')]!]))

  it('four patients infused February 2024 - June 2025 (before the cut-off)', () => {
    expect(all.n).toBe(4)
    expect(all.ids).toEqual(ids)
    const dates = [...infusion.values()].sort()
    expect(dates[0]!.slice(0, 7)).toBe('2024-02')
    expect(dates[3]! <= DEMO_CUTOFF).toBe(true)
    expect(rep.narrative.en).toContain('As of the data cut-off on 2025-06-15, four patients had been infused')
  })

  it('follow-up ranges from 2 to 16 months', () => {
    const months = ids.map((id) => dayOf(DEMO_CUTOFF, infusion.get(id)!) / (365.25 / 12))
    const ref = refMedianRange(months)!
    expect([Math.round(ref.min), Math.round(ref.max)]).toEqual([2, 16])
    expect(all.exposure.followUpMonths).toMatchObject({ n: 4, min: ref.min, max: ref.max })
    expect(all.exposure.followUpMonths!.median).toBeCloseTo(ref.median, 12)
    expect(rep.narrative.en).toContain('follow-up ranged from 2 to 16 months')
  })

  it('median age 12.5 years (range, 8 to 25); 75.0 % women', () => {
    const ref = refMedianRange(body(raw.dm).map((r) => Number(r[col(raw.dm, 'AGE')])))!
    expect(ref).toEqual({ n: 4, median: 12.5, min: 8, max: 25 })
    expect(all.baseline.age).toMatchObject(ref)
    const women = body(raw.dm).filter((r) => r[col(raw.dm, 'SEX')] === 'F').length
    expect(refPercent(women, 4)).toBe('75.0')
    expect(all.baseline.female).toMatchObject({ x: women, n: 4 })
    expect(rep.narrative.en).toContain('The median age was 12.5 years (range, 8 to 25) and 75.0% of patients were women.')
    expect(cell(rep, 'baseline', 'Age, years, median (range)')).toBe('12.5 (8–25)')
    expect(cell(rep, 'baseline', 'Female, n (%)')).toBe('3 (75.0%)')
  })

  it('median baseline platelet count 9 ×10⁹/L (range, 2 to 24): last count on or before LD start (response-itp.md §3.5)', () => {
    const values = ids.map((id) => {
      const inf = infusion.get(id)!
      const ld = body(raw.ex).filter((r) => r[col(raw.ex, 'USUBJID')] === id && r[col(raw.ex, 'EXCAT')] === 'LYMPHODEPLETION').map((r) => r[col(raw.ex, 'EXSTDTC')]!).sort()[0]!
      const plt = body(raw.lb)
        .filter((r) => r[col(raw.lb, 'USUBJID')] === id && r[col(raw.lb, 'LBTESTCD')] === 'PLAT')
        .map((r) => ({ day: dayOf(r[col(raw.lb, 'LBDTC')]!, inf), v: Number(r[col(raw.lb, 'LBORRES')]) }))
      const a = dayOf(ld, inf)
      return plt.filter((p) => p.day >= a - 30 && p.day <= a).sort((x, y) => x.day - y.day).at(-1)!.v
    })
    const ref = refMedianRange(values)!
    expect(ref).toEqual({ n: 4, median: 9, min: 2, max: 24 })
    expect(all.baseline.baselinePlatelets).toMatchObject(ref)
    expect(rep.narrative.en).toContain('The median baseline platelet count was 9×10⁹/L (range, 2 to 24).')
  })

  it('median disease duration 7.5 years (range, 5 to 20); median of four prior therapies (range, 3 to 5); glucocorticoids, IVIG, TPO-RA in all', () => {
    const years = ids.map((id) => {
      const dx = body(raw.ce).find((r) => r[col(raw.ce, 'USUBJID')] === id && r[col(raw.ce, 'CECAT')] === 'ITP DIAGNOSIS')![col(raw.ce, 'CESTDTC')]!
      const inf = infusion.get(id)!
      const [dy, dmo, dd] = dx.split('-').map(Number) as [number, number, number]
      const [iy, imo, id_] = inf.split('-').map(Number) as [number, number, number]
      return iy - dy - (imo < dmo || (imo === dmo && id_ < dd) ? 1 : 0)
    })
    expect(refMedianRange(years)).toEqual({ n: 4, median: 7.5, min: 5, max: 20 })
    expect(all.baseline.diseaseDurationYears).toMatchObject(refMedianRange(years)!)
    const prior = ids.map((id) => new Set(body(raw.cm).filter((r) => r[col(raw.cm, 'USUBJID')] === id && r[col(raw.cm, 'CMSCAT')] === 'PRIOR ITP THERAPY').map((r) => r[col(raw.cm, 'CMTRT')])).size)
    expect(refMedianRange(prior)).toEqual({ n: 4, median: 4, min: 3, max: 5 })
    expect(all.baseline.priorTherapies).toMatchObject(refMedianRange(prior)!)
    expect(rep.narrative.en).toContain('The median disease duration was 7.5 years (range, 5 to 20), and patients had received a median of 4 prior therapies (range, 3 to 5).')
    expect(rep.narrative.en).toContain('Previous therapies in all patients included glucocorticoids, IVIG and TPO receptor agonists.')
    expect(all.baseline.gpAutoantibodyPositive.x).toBe(3)
    expect(rep.narrative.en).toContain('Platelet glycoprotein autoantibodies were detected in three patients.')
  })

  it('grade 1 CRS in three patients, none grade >= 2; grade 3 ICANS in two, given high-dose methylprednisolone (worst grade per patient)', () => {
    const worst = (term: string) =>
      ids.map((id) => Math.max(0, ...body(raw.ae).filter((r) => r[col(raw.ae, 'USUBJID')] === id && r[col(raw.ae, 'AEDECOD')] === term).map((r) => Number(r[col(raw.ae, 'AETOXGR')]))))
    const crs = worst(CRS)
    const icans = worst(ICANS)
    expect(crs.filter((g) => g === 1)).toHaveLength(3)
    expect(crs.filter((g) => g >= 2)).toHaveLength(0)
    expect(icans.filter((g) => g === 3)).toHaveLength(2)
    for (const k of [1, 2, 3, 4, 5] as const) {
      expect(all.safety.crs.byGrade[k].x).toBe(crs.filter((g) => g === k).length)
      expect(all.safety.icans.byGrade[k].x).toBe(icans.filter((g) => g === k).length)
    }
    expect(rep.narrative.en).toContain('Grade 1 CRS occurred in three patients; no grade 2 or higher CRS was observed.')
    expect(rep.narrative.en).toContain('Grade 3 ICANS occurred in two patients, treated with high-dose methylprednisolone in two; no grade 4 or higher ICANS was observed.')
    expect(cell(rep, 'safety', 'CRS, grade 1')).toBe('3 (75.0%)')
    expect(cell(rep, 'safety', 'ICANS, grade 3')).toBe('2 (50.0%)')
    // regression: the AE table listed DL2 before DL1 (order of first appearance), unlike the other tables
    const tables = reportTables(rep, 'en')
    const levels = tables.find((t) => t.id === 'safety')!.columns.slice(1).map((c) => c.replace(/ \(n = \d+\)$/, ''))
    const aeCols = tables.find((t) => t.id === 'adverse-events')!.columns.slice(1).filter((c) => c.endsWith(': any grade')).map((c) => c.replace(/: any grade$/, ''))
    expect(aeCols).toEqual(levels)
    expect(rep.aeTable.find((r) => r.term === CRS)!.cells.map((c) => [c.group, c.nSubjects])).toEqual([['DL1', 1], ['DL2', 2], ['overall', 3]])
  })

  it('three objective responses (75.0 %; exact CI 19.4–99.4), one non-responder, one CR three months after infusion', () => {
    const e = all.efficacy
    expect([e.orr.x, e.orr.n, e.bor.NR.x, e.crRate.x]).toEqual([3, 4, 1, 1])
    // statistics.md §2 verified table: 3/4 -> 0.194120, 0.993691
    expect(e.orr.lower).toBeCloseTo(0.19412, 6)
    expect(e.orr.upper).toBeCloseTo(0.993691, 6)
    expect(e.orr.display).toBe(refDisplay(3, 4))
    expect(e.orr.display).toBe('75.0 % (19.4–99.4)')
    expect(cell(rep, 'efficacy', 'Objective response (CR + R), n (%; 95% CI)')).toBe('3 (75.0%; 19.4–99.4)')
    expect(rep.narrative.en).toContain('Three of four patients (75.0%; 95% CI 19.4–99.4) achieved an objective response, and one (25.0%; 95% CI 0.6–80.6) a complete response at a median of 90 days after infusion.')
    expect(e.ttcr).toMatchObject({ n: 1, median: 90 })
    expect(Math.round(90 / (365.25 / 12))).toBe(3)
  })

  it('per-patient response matches the reference algorithm on the raw counts, and DoR is all censored (NR)', () => {
    for (const id of ids) {
      const inf = infusion.get(id)!
      const row = rep.subjects.find((s) => s.id === id)!
      // counts that the response engine excludes for rescue / new therapy are left out of this reference
      const counts = row.platelets.filter((p) => p.excluded === null || p.excluded === 'BEFORE_EVAL_START').map((p) => [p.day, p.value] as [number, number])
      const ld = body(raw.ex).filter((r) => r[col(raw.ex, 'USUBJID')] === id && r[col(raw.ex, 'EXCAT')] === 'LYMPHODEPLETION').map((r) => dayOf(r[col(raw.ex, 'EXSTDTC')]!, inf))
      const ref = refResponse(counts, Math.min(...ld), dayOf(DEMO_CUTOFF, inf))
      expect([row.result.bestResponse, row.result.baseline, row.result.TTR, row.result.TTCR, row.result.DoR, row.result.DoREvent], id).toEqual([ref.best, ref.baseline, ref.ttr, ref.ttcr, ref.dor, ref.dorEvent])
    }
    expect(all.efficacy.dor).toMatchObject({ n: 3, events: 0, median: null, lower: null, upper: null })
    expect(rep.narrative.en).toContain('No responder had lost the response (3 censored); the median duration of response was not reached.')
  })

  it('correlatives: expansion in all peaking around day 10; B cells eliminated in all, aplasia in three, recovery in one about a month after; GP antibodies negative in all positive; IVIG-independent from 3 months; daratumumab at 9 months', () => {
    const c = all.correlatives!
    expect([c.carExpansion.x, c.carTmax!.median, c.bCellElimination.x, c.sustainedAplasia.x, c.bCellRecovery.x, c.bCellRecoveryDay!.median]).toEqual([4, 10, 4, 3, 1, 28])
    expect([c.gpTurnedNegative.x, c.gpTurnedNegative.n]).toEqual([3, 3])
    expect([all.efficacy.ivigIndependent.x, all.efficacy.ivigIndependenceDay!.median]).toEqual([1, 70])
    expect(Math.round(70 / (365.25 / 12))).toBe(2) // day 70: IVIG-free "3 months after CAR-T" (the last course ends on Day 69)
    const dara = rep.subjects.flatMap((s) => s.medications.filter((m) => m.kind === 'NEW_ITP_THERAPY'))
    expect(Math.round(dara[0]!.startDay / (365.25 / 12))).toBe(9)
    expect(all.efficacy.newItpTherapy.x).toBe(1)
  })
})

// ---------------------------------------------------------------- (b) hand-built edge cases

describe('(b) hand-built cohorts', () => {
  it('medians: even n = mean of the two middle values, odd n = middle value, ties (statistics.md §1)', () => {
    const even = report([8, 12, 13, 25].map((age, i) => subject(`E${i}`, { age, plt: nonResponder })))
    expect(overall(even).baseline.age).toMatchObject({ n: 4, median: 12.5, min: 8, max: 25 })
    const odd = report([30, 40, 30].map((age, i) => subject(`O${i}`, { age, plt: nonResponder })))
    expect(overall(odd).baseline.age).toMatchObject({ n: 3, median: 30, min: 30, max: 40 })
    expect(cell(odd, 'baseline', 'Age, years, median (range)')).toBe('30 (30–40)')
    // TTR 14, 14, 21, 21 (ties) -> 17.5; a missing age is left out of n
    const late: [number, number][] = [[-5, 10], [14, 12], [21, 60], [28, 60]]
    const ties = report([responder(20, false), responder(20, false), late, late].map((plt, i) => subject(`T${i}`, { plt, age: i === 0 ? null : 50 })))
    expect(overall(ties).efficacy.ttr).toMatchObject({ n: 4, median: 17.5, min: 14, max: 21 })
    expect(overall(ties).baseline.age).toMatchObject({ n: 3, median: 50 })
    expect(ties.narrative.en).toContain('The median time to response was 17.5 days (range, 14 to 21).')
  })

  it('0/n and n/n responders: exact CI with the closed-form ends (statistics.md §2)', () => {
    const none = report([0, 1, 2, 3].map((i) => subject(`N${i}`, { plt: nonResponder })))
    expect(overall(none).efficacy.orr).toMatchObject({ x: 0, n: 4, lower: 0, display: '0.0 % (0.0–60.2)' })
    expect(overall(none).efficacy.orr.upper).toBeCloseTo(1 - 0.025 ** (1 / 4), 9)
    expect(cell(none, 'efficacy', 'Objective response (CR + R), n (%; 95% CI)')).toBe('0 (0.0%; 0.0–60.2)')
    // regression: the sentence read "No of four patients ..." (narrative.ts)
    expect(none.narrative.en).toContain('None of four patients (0.0%; 95% CI 0.0–60.2) achieved an objective response; no complete response was observed.')
    expect(none.narrative.en).not.toMatch(/\bNo of\b/)
    const every = report([0, 1, 2, 3].map((i) => subject(`A${i}`, { plt: crPatient })))
    expect(overall(every).efficacy.orr).toMatchObject({ x: 4, n: 4, upper: 1, display: '100.0 % (39.8–100.0)' })
    expect(overall(every).efficacy.orr.lower).toBeCloseTo(0.025 ** (1 / 4), 9)
    expect(every.narrative.en).toContain('Four of four patients (100.0%; 95% CI 39.8–100.0) achieved an objective response, and four (100.0%; 95% CI 39.8–100.0) a complete response')
  })

  it('reproduces the verified Clopper-Pearson table (statistics.md §2)', () => {
    const table: [number, number, number, number, string][] = [
      [1, 10, 0.002529, 0.445016, '10.0 % (0.3–44.5)'],
      [1, 3, 0.008404, 0.905701, '33.3 % (0.8–90.6)'],
      [2, 6, 0.043272, 0.777222, '33.3 % (4.3–77.7)'],
      [1, 6, 0.004211, 0.641235, '16.7 % (0.4–64.1)'],
      [3, 9, 0.074855, 0.700705, '33.3 % (7.5–70.1)'],
      [9, 9, 0.663733, 1, '100.0 % (66.4–100.0)'],
      [0, 12, 0, 0.264648, '0.0 % (0.0–26.5)'],
      [3, 12, 0.054861, 0.571858, '25.0 % (5.5–57.2)'],
    ]
    for (const [x, n, lo, hi, display] of table) {
      const ref = refClopperPearson(x, n)
      expect(ref.lower).toBeCloseTo(lo, 6)
      expect(ref.upper).toBeCloseTo(hi, 6)
      const r = report(Array.from({ length: n }, (_, i) => subject(`P${i}`, { plt: i < x ? responder(30, false) : nonResponder })))
      expect(overall(r).efficacy.orr, `${x}/${n}`).toMatchObject({ x, n, display })
      expect(overall(r).efficacy.orr.lower).toBeCloseTo(lo, 6)
      expect(overall(r).efficacy.orr.upper).toBeCloseTo(hi, 6)
    }
  })

  it('a patient not evaluable for response stays in the ORR denominator (response-itp.md §3.11)', () => {
    // NE: no baseline count in the 30-day lookback, counts not CR-level (E15b)
    const ne: [number, number][] = [[-60, 10], [14, 50], [21, 60]]
    const r = report([subject('R1', { plt: responder(30, false) }), subject('N1', { plt: nonResponder }), subject('X1', { plt: ne })])
    const e = overall(r).efficacy
    expect(e.bor.NE.ids).toEqual(['X1'])
    expect(e.orr).toMatchObject({ x: 1, n: 3, display: refDisplay(1, 3) })
    expect(r.narrative.en).toContain('One of three patients (33.3%; 95% CI 0.8–90.6) achieved an objective response')
    // a patient without baseline can still reach CR (E15a)
    const crNoBaseline = report([subject('C1', { plt: [[-60, 10], [14, 150], [21, 160]] })])
    expect(overall(crNoBaseline).efficacy.crRate).toMatchObject({ x: 1, n: 1 })
  })

  it('all DoR censored: KM median and limits not reached', () => {
    const r = report([responder(30, false), responder(60, false), nonResponder].map((plt, i) => subject(`C${i}`, { plt })))
    expect(overall(r).efficacy.dor).toMatchObject({ n: 2, events: 0, median: null, lower: null, upper: null })
    expect(cell(r, 'efficacy', 'Duration of response, days, KM median (95% CI)')).toBe('NR (NR–NR)')
    expect(r.narrative.en).toContain('No responder had lost the response (2 censored); the median duration of response was not reached.')
  })

  it.each([
    ['A', [[30, 1], [45, 0], [60, 1], [90, 0], [120, 1], [200, 0]], { median: 120, lower: 30, upper: null }],
    ['B', [[20, 1], [35, 1], [35, 0], [50, 1], [80, 1], [150, 0], [150, 1], [210, 0]], { median: 80, lower: 20, upper: null }],
    ['C', [[10, 1], [20, 1], [30, 1], [40, 1]], { median: 25 }],
  ] as const)('KM DoR of statistics.md worked example %s through patients (log-log)', (_name, dors, expected) => {
    const r = report(dors.map(([dor, event], i) => subject(`K${i}`, { plt: responder(dor, event === 1) })))
    const d = overall(r).efficacy.dor
    const ref = refKm(dors.map(([t]) => t), dors.map(([, e]) => e))
    expect(ref).toMatchObject(expected)
    expect({ n: d.n, events: d.events, median: d.median, lower: d.lower, upper: d.upper }).toEqual(ref)
    const v = (x: number | null) => (x === null ? 'NR' : String(x))
    expect(cell(r, 'efficacy', 'Duration of response, days, KM median (95% CI)')).toBe(`${v(ref.median)} (${v(ref.lower)}–${v(ref.upper)})`)
    expect(r.narrative.en).toContain(`The median duration of response was ${ref.median === null ? 'not reached' : `${ref.median} days`} (95% CI ${v(ref.lower)}–${v(ref.upper)}).`)
  })

  it('CRS / ICANS: worst grade per patient, several episodes counted once, patients without CRS in the denominator', () => {
    const r = report([
      subject('P1', { plt: nonResponder, aes: [ae(CRS, 1, 1), ae(CRS, 2, 8), ae(ICANS, 3, 5), ae(ICANS, 1, 12)] }),
      subject('P2', { plt: nonResponder, aes: [ae(CRS, 1, 1), ae(CRS, 1, 10)] }),
      subject('P3', { plt: nonResponder, aes: [ae('Anemia', 3)] }),
      subject('P4', { plt: nonResponder, aes: [] }),
      // AEs not collected: out of the safety denominators (statistics.md §1: state the denominator)
      subject('P5', { plt: nonResponder, aes: null }),
    ])
    const s = overall(r).safety
    expect(s.crs.any).toMatchObject({ x: 2, n: 4, ids: ['P1', 'P2'] })
    expect(s.crs.byGrade[1]).toMatchObject({ x: 1, ids: ['P2'] })
    expect(s.crs.byGrade[2]).toMatchObject({ x: 1, ids: ['P1'] })
    expect(s.icans.byGrade[3]).toMatchObject({ x: 1, ids: ['P1'] })
    expect(s.icans.byGrade[1].x).toBe(0)
    expect(s.icans.grade3OrHigher.ids).toEqual(['P1'])
    // 4 of the column's 5 with AE data: the denominator is shown (statistics.md §1 "always show x/n alongside")
    expect(cell(r, 'safety', 'CRS, grade 1')).toBe('1/4 (25.0%)')
    expect(r.narrative.en).toContain('Grade 1 CRS occurred in one patient; grade 2 CRS occurred in one patient; no grade 3 or higher CRS was observed.')
    expect(r.narrative.en).toContain('Grade 3 ICANS occurred in one patient; no grade 4 or higher ICANS was observed.')
    const noCrs = report([subject('Q1', { plt: nonResponder, aes: [] })])
    expect(noCrs.narrative.en).toContain('No CRS was observed. No ICANS was observed.')
  })

  it('regression: a CRS episode whose grade was not recorded is CRS of any grade, not "no CRS" (safety-grading.md ICANS-6)', () => {
    const r = report([
      subject('U1', { plt: nonResponder, aes: [ae(CRS, null)] }),
      subject('U2', { plt: nonResponder, aes: [ae(CRS, null), ae(CRS, 2, 6)] }),
      subject('U3', { plt: nonResponder, aes: [] }),
    ])
    const crs = overall(r).safety.crs
    expect(crs.any).toMatchObject({ x: 2, n: 3, ids: ['U1', 'U2'] })
    expect(crs.byGrade[2].ids).toEqual(['U2'])
    expect(cell(r, 'safety', 'CRS, any grade')).toBe('2 (66.7%)')
    expect(r.narrative.en).toContain('Grade 2 CRS occurred in one patient; CRS of unrecorded grade occurred in one patient; no grade 3 or higher CRS was observed.')
    expect(r.narrative['zh-CN']).toContain('1例患者发生2级CRS，1例患者发生未记录分级的CRS；未观察到3级及以上CRS。')
    const only = report([subject('V1', { plt: nonResponder, aes: [ae(CRS, null)] })])
    expect(only.narrative.en).toContain('CRS of unrecorded grade occurred in one patient.')
    expect(only.narrative.en).not.toContain('No CRS was observed.')
  })

  it('regression: nobody infused by the cut-off gives no response sentence ("None of no patients (–; )")', () => {
    const r = report([subject('Z1', { plt: nonResponder, infusion: '2025-02-01' })])
    expect(overall(r).n).toBe(0)
    expect(r.narrative.en).toBe('As of the data cut-off on 2025-01-01, no patients had been infused and were evaluable for safety and response.')
    expect(r.narrative['zh-CN']).not.toContain('达到客观缓解')
  })

  it('regression: one patient "was" evaluable (narrative)', () => {
    const r = report([subject('W1', { plt: nonResponder })])
    expect(r.narrative.en).toContain('one patient had been infused and was evaluable for safety and response')
  })

  it('KM with the upper CI limit reached (9 events of 10) equals the reference', () => {
    const dors: [number, 0 | 1][] = [[10, 1], [20, 1], [30, 1], [40, 1], [50, 1], [60, 1], [70, 1], [80, 1], [90, 1], [100, 0]]
    const r = report(dors.map(([dor, ev], i) => subject(`M${i}`, { plt: responder(dor, ev === 1) })))
    const ref = refKm(dors.map(([t]) => t), dors.map(([, e]) => e))
    expect(ref.upper).not.toBeNull()
    const d = overall(r).efficacy.dor
    expect({ n: d.n, events: d.events, median: d.median, lower: d.lower, upper: d.upper }).toEqual(ref)
  })

  it('subjects infused after the cut-off are not in the analysis population; follow-up ends at last contact', () => {
    const r = report([
      subject('F1', { plt: nonResponder, lastContact: '2024-09-01' }),
      subject('F2', { plt: nonResponder }),
      subject('F3', { plt: nonResponder, infusion: '2025-02-01' }),
    ])
    expect(overall(r).ids).toEqual(['F1', 'F2'])
    expect(overall(r).exposure.followUpDays).toMatchObject(refMedianRange([dayOf('2024-09-01', INF), dayOf('2025-01-01', INF)])!)
  })
})

// ---------------------------------------------------------------- (c) generated cohorts

interface GenSubject {
  cutoffDay: number
  ld: boolean
  pre: [number, number][]
  post: [number, number][]
  age: number | null
  sex: 'F' | 'M' | 'U'
  dose: 'DL1' | 'DL2' | null
  aes: { term: string; grade: number | null; start: number }[] | null
  lastContactDay: number | null
}
const value = fc.oneof(fc.integer({ min: 0, max: 29 }), fc.constantFrom(30, 31, 60, 99, 100, 101), fc.integer({ min: 32, max: 250 }))
const genSubject: fc.Arbitrary<GenSubject> = fc.record({
  // infusion this many days before the cut-off (negative: infused after it)
  cutoffDay: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 20, max: 500 }) }, { weight: 1, arbitrary: fc.integer({ min: -30, max: -1 }) }),
  ld: fc.boolean(),
  pre: fc.uniqueArray(fc.tuple(fc.constantFrom(-60, -35, -20, -7, -5, -3, 0, 7), fc.integer({ min: 0, max: 40 })), { selector: ([d]) => d, maxLength: 4 }),
  post: fc.uniqueArray(fc.tuple(fc.integer({ min: 14, max: 420 }), value), { selector: ([d]) => d, maxLength: 12 }),
  age: fc.option(fc.integer({ min: 8, max: 75 }), { freq: 6 }),
  sex: fc.constantFrom('F' as const, 'M' as const, 'U' as const),
  dose: fc.constantFrom('DL1' as const, 'DL2' as const, null),
  aes: fc.option(fc.array(fc.record({ term: fc.constantFrom(CRS, ICANS, 'Anemia'), grade: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 8 }), start: fc.integer({ min: 0, max: 30 }) }), { maxLength: 4 }), { freq: 6 }),
  lastContactDay: fc.option(fc.integer({ min: 10, max: 500 }), { freq: 3 }),
})
/** a confirmed responder (baseline <= 15, > 30 on Days 14 and 21) who loses the response on Day `end` (two low counts) or is censored there */
const genResponder: fc.Arbitrary<GenSubject> = fc
  .record({ b: fc.integer({ min: 0, max: 15 }), end: fc.integer({ min: 22, max: 400 }), event: fc.integer({ min: 0, max: 4 }).map((k) => k > 0), base: genSubject })
  .map(({ b, end, event, base }) => ({
    ...base,
    cutoffDay: 420,
    ld: true,
    pre: [[-5, b]],
    post: event ? [[14, 60], [21, 70], [end, 5], [end + 1, 5]] : [[14, 60], [21, 70], [end, 65]],
  }))
const CUTOFF = '2025-12-31'
function toInput(g: GenSubject, i: number): StudyReportSubjectInput {
  const inf = dateAt(CUTOFF, -g.cutoffDay)
  return subject(`G${String(i).padStart(2, '0')}`, {
    infusion: inf,
    ld: g.ld ? -5 : null,
    plt: [...g.pre, ...g.post],
    age: g.age,
    sex: g.sex,
    dose: g.dose,
    aes: g.aes === null ? null : g.aes.map((a) => ae(a.term, a.grade, a.start)),
    lastContact: g.lastContactDay === null ? null : dateAt(inf, g.lastContactDay),
  })
}

/** The reference figures of one group. */
function refGroup(members: { id: string; g: GenSubject; r: RefResponse }[]) {
  const n = members.length
  const responders = members.filter((m) => m.r.best === 'CR' || m.r.best === 'R')
  const dor = members.filter((m) => m.r.dor !== null)
  const safety = members.filter((m) => m.g.aes !== null)
  // AEs starting after the data cut-off (protocol day cutoffDay) are not analysed (response-itp.md §3.1)
  const upTo = (m: (typeof members)[number]) => m.g.aes!.filter((a) => a.start <= m.g.cutoffDay)
  const worst = (term: string) => new Map(safety.map((m) => [m.id, Math.max(0, ...upTo(m).filter((a) => a.term === term).map((a) => a.grade ?? 0))]))
  // "any grade" = at least one episode, graded or with its grade not recorded
  const had = (term: string) => safety.filter((m) => upTo(m).some((a) => a.term === term)).map((m) => m.id)
  return {
    n,
    ids: members.map((m) => m.id),
    orr: { x: responders.length, ids: responders.map((m) => m.id) },
    cr: members.filter((m) => m.r.best === 'CR').map((m) => m.id),
    bor: Object.fromEntries((['CR', 'R', 'NR', 'NE'] as const).map((k) => [k, members.filter((m) => m.r.best === k).map((m) => m.id)])) as Record<'CR' | 'R' | 'NR' | 'NE', string[]>,
    ttr: refMedianRange(members.flatMap((m) => (m.r.ttr === null ? [] : [m.r.ttr]))),
    ttcr: refMedianRange(members.flatMap((m) => (m.r.ttcr === null ? [] : [m.r.ttcr]))),
    age: refMedianRange(members.flatMap((m) => (m.g.age === null ? [] : [m.g.age]))),
    female: members.filter((m) => m.g.sex === 'F').length,
    baseline: refMedianRange(members.flatMap((m) => (m.r.baseline === null ? [] : [m.r.baseline]))),
    km: dor.length === 0 ? null : refKm(dor.map((m) => m.r.dor!), dor.map((m) => (m.r.dorEvent ? 1 : 0))),
    relapse: dor.filter((m) => m.r.dorEvent).length,
    followUp: refMedianRange(members.map((m) => Math.min(m.g.cutoffDay, m.g.lastContactDay ?? Infinity))),
    safetyN: safety.length,
    crs: worst(CRS),
    icans: worst(ICANS),
    crsAny: had(CRS),
    icansAny: had(ICANS),
  }
}

describe('(c) generated cohorts (fast-check, seed 20261207)', () => {
  it('the report equals the reference on every group, table cell and the key sentences', () => {
    // how often the generated cohorts reach each case (checked at the end: the property must exercise them)
    const seen = { responders0: 0, respondersAll: 0, cr: 0, ne: 0, dorEvent: 0, kmMedian: 0, kmLower: 0, kmUpper: 0, crsSeveral: 0, noSafety: 0, afterCutoff: 0, evenTtr: 0, crsUngraded: 0, kmMidpoint: 0 }
    fc.assert(
      fc.property(fc.array(fc.oneof(genSubject, { weight: 2, arbitrary: genResponder }), { minLength: 1, maxLength: 14 }), (gens) => {
        const inputs = gens.map(toInput)
        const rep = buildStudyReport(inputs, { cutoff: CUTOFF, protocol })
        const members = gens
          .map((g, i) => ({ id: inputs[i]!.usubjid, g, r: refResponse([...g.pre, ...g.post], g.ld ? -5 : null, g.cutoffDay) }))
          .filter((m) => m.g.cutoffDay >= 0)
        const byLevel = (level: string) => members.filter((m) => (m.g.dose ?? 'UNKNOWN') === level)
        const expectedGroups = [...['DL1', 'DL2'].filter((l) => byLevel(l).length > 0), ...(byLevel('UNKNOWN').length > 0 ? ['UNKNOWN'] : []), 'overall']
        expect(rep.groups.map((g) => g.id)).toEqual(expectedGroups)
        for (const s of rep.subjects) {
          const m = members.find((x) => x.id === s.id)!
          expect([s.result.bestResponse, s.result.baseline, s.result.TTR, s.result.TTCR, s.result.DoR, s.result.DoREvent], s.id).toEqual([m.r.best, m.r.baseline, m.r.ttr, m.r.ttcr, m.r.dor, m.r.dorEvent])
        }
        const tables = reportTables(rep, 'en')
        const tableCell = (id: string, label: string, gi: number) => tables.find((t) => t.id === id)!.rows.find((r) => r[0]!.text === label)![gi + 1]!.text
        rep.groups.forEach((grp, gi) => {
          const ref = refGroup(grp.id === 'overall' ? members : byLevel(grp.id))
          const e = grp.efficacy
          expect(grp.ids).toEqual(ref.ids)
          expect(e.orr).toMatchObject({ x: ref.orr.x, n: ref.n, ids: ref.orr.ids })
          if (ref.n === 0) {
            // nobody infused by the cut-off: no proportion, no CI
            expect(e.orr).toMatchObject({ x: 0, n: 0, lower: null, upper: null, display: '–' })
            expect(tableCell('efficacy', 'Objective response (CR + R), n (%; 95% CI)', gi)).toBe('–')
            return
          }
          const ci = refClopperPearson(ref.orr.x, ref.n)
          expect(Math.abs(e.orr.lower! - ci.lower)).toBeLessThan(1e-9)
          expect(Math.abs(e.orr.upper! - ci.upper)).toBeLessThan(1e-9)
          expect(e.orr.display).toBe(refDisplay(ref.orr.x, ref.n))
          expect(tableCell('efficacy', 'Objective response (CR + R), n (%; 95% CI)', gi)).toBe(`${ref.orr.x} (${refPercent(ref.orr.x, ref.n)}%; ${refLimit(ci.lower)}–${refLimit(ci.upper)})`)
          expect(e.crRate.ids).toEqual(ref.cr)
          for (const k of ['CR', 'R', 'NR', 'NE'] as const) expect(e.bor[k]).toMatchObject({ ids: ref.bor[k], n: ref.n })
          const sum = (s: { n: number; median: number; min: number; max: number } | null) => (s === null ? null : { n: s.n, median: s.median, min: s.min, max: s.max })
          expect(sum(e.ttr)).toEqual(ref.ttr)
          expect(sum(e.ttcr)).toEqual(ref.ttcr)
          expect(sum(grp.baseline.age)).toEqual(ref.age)
          expect(sum(grp.baseline.baselinePlatelets)).toEqual(ref.baseline)
          expect(sum(grp.exposure.followUpDays)).toEqual(ref.followUp)
          expect(tableCell('baseline', 'Age, years, median (range)', gi)).toBe(ref.age === null ? '–' : `${r1(ref.age.median)} (${ref.age.min}–${ref.age.max})`)
          expect(tableCell('baseline', 'Female, n (%)', gi)).toBe(`${ref.female} (${refPercent(ref.female, ref.n)}%)`)
          expect(tableCell('efficacy', 'Time to response, days, median (range)', gi)).toBe(ref.ttr === null ? '–' : `${r1(ref.ttr.median)} (${ref.ttr.min}–${ref.ttr.max})`)
          if (ref.km === null) expect(e.dor).toMatchObject({ n: 0, events: 0, median: null })
          else expect({ n: e.dor.n, events: e.dor.events, median: e.dor.median, lower: e.dor.lower, upper: e.dor.upper }).toEqual(ref.km)
          expect(e.relapse).toMatchObject({ x: ref.relapse, n: ref.km?.n ?? 0 })
          for (const [name, worst, any, got] of [['CRS', ref.crs, ref.crsAny, grp.safety.crs], ['ICANS', ref.icans, ref.icansAny, grp.safety.icans]] as const) {
            const grades = [...worst.values()]
            expect(got.any).toMatchObject({ x: any.length, n: ref.safetyN, ids: any })
            for (const k of [1, 2, 3, 4, 5] as const) {
              const ids = [...worst].filter(([, g]) => g === k).map(([id]) => id)
              expect(got.byGrade[k]).toMatchObject({ x: ids.length, n: ref.safetyN, ids })
              expect(tableCell('safety', `${name}, grade ${k}`, gi)).toBe(ref.safetyN === 0 ? '–' : `${ids.length}${ref.safetyN === ref.n ? '' : `/${ref.safetyN}`} (${refPercent(ids.length, ref.safetyN)}%)`) // §1: x/n where n is not the column's
            }
            expect(got.grade3OrHigher.x).toBe(grades.filter((g) => g >= 3).length)
          }
          if (grp.id !== 'overall' || ref.n === 0) return
          if (ref.orr.x === 0) seen.responders0++
          if (ref.orr.x === ref.n) seen.respondersAll++
          if (ref.cr.length > 0) seen.cr++
          if (ref.bor.NE.length > 0) seen.ne++
          if (ref.relapse > 0) seen.dorEvent++
          if (ref.km?.median != null) seen.kmMedian++
          if (ref.km?.lower != null) seen.kmLower++
          if (ref.km?.upper != null) seen.kmUpper++
          if (members.some((m) => (m.g.aes ?? []).filter((a) => a.term === CRS).length > 1)) seen.crsSeveral++
          if (ref.safetyN < ref.n) seen.noSafety++
          if (members.length < gens.length) seen.afterCutoff++
          if (ref.ttr !== null && ref.ttr.n % 2 === 0) seen.evenTtr++
          if (ref.crsAny.some((id) => ref.crs.get(id) === 0)) seen.crsUngraded++
          if (ref.km?.median != null && !members.some((m) => m.r.dor === ref.km!.median)) seen.kmMidpoint++
          const text = rep.narrative.en
          const ciText = `95% CI ${refLimit(ci.lower)}–${refLimit(ci.upper)}`
          const lead = ref.orr.x === 0 ? 'None' : cap(word(ref.orr.x))
          expect(text).toContain(`${lead} of ${word(ref.n)} ${patients(ref.n)} (${refPercent(ref.orr.x, ref.n)}%; ${ciText}) achieved an objective response`)
          if (ref.ttr) expect(text).toContain(`The median time to response was ${r1(ref.ttr.median)} days (range, ${ref.ttr.min} to ${ref.ttr.max}).`)
          if (ref.age) expect(text).toContain(`The median age was ${r1(ref.age.median)} years (range, ${ref.age.min} to ${ref.age.max}) and ${refPercent(ref.female, ref.n)}% of patients were women.`)
          if (ref.safetyN > 0)
            for (const [name, worst, any] of [['CRS', ref.crs, ref.crsAny], ['ICANS', ref.icans, ref.icansAny]] as const) {
              const grades = [...worst.values()]
              if (any.length === 0) expect(text).toContain(`No ${name} was observed.`)
              else expect(text).not.toContain(`No ${name} was observed.`)
              const ungraded = any.filter((id) => worst.get(id) === 0).length
              if (ungraded > 0) expect(text).toContain(`${name} of unrecorded grade occurred in ${word(ungraded)} ${patients(ungraded)}`)
              for (const k of [1, 2, 3, 4, 5]) {
                const c = grades.filter((g) => g === k).length
                if (c > 0) expect(text.toLowerCase()).toContain(`grade ${k} ${name.toLowerCase()} occurred in ${word(c)} ${patients(c)}`)
              }
            }
        })
      }),
      { seed: 20261207, numRuns: 200 },
    )
    for (const [k, v] of Object.entries(seen)) expect(v, k).toBeGreaterThanOrEqual(5)
  })
})
