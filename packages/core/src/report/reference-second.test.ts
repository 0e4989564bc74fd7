/**
 * Second independent reference check of the report engine against
 * /work/shared/domain/statistics.md (§1 descriptive summaries, §2 Clopper–Pearson,
 * §3 Kaplan–Meier) and response-itp.md §3.11 (ORR denominator / NE handling).
 * The reference below was written from the doc prose alone.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' };
import { addDays } from '../dates/index.js';
import { parseProtocol } from '../protocol/index.js';
import { buildStudyReport } from './build-study-report.js';
import { buildNarrative } from './narrative.js';
import { countOf, proportionOf, roundTo, summaryOf } from './summaries.js';
import { reportTables, type ReportTable } from './tables.js';
import type { StudyReportSubjectInput } from './types.js';

const SEED = 20261207;

// ---------------------------------------------------------------------------
// Reference implementation (doc prose only)
// ---------------------------------------------------------------------------

/** statistics.md §1: sort; odd n → middle; even n → mean of the two middle values. */
function refMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * statistics.md §2 "Rounding for display: round half up to one decimal of the percentage".
 * Decimal-exact half-up on the percentage value 100·x/n: computed on integers so that
 * binary-float artefacts (e.g. 0.15 stored as 0.1499…) cannot flip the half.
 */
function refPercentOfCount(x: number, n: number): string {
  // 100·x/n to one decimal = round(1000·x/n) / 10, half up, with integer arithmetic.
  const num = 1000 * x;
  const q = Math.floor(num / n);
  const r = num - q * n;
  const tenths = 2 * r >= n ? q + 1 : q;
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Binomial tail P(X >= x | n, p). */
function binomUpperTail(x: number, n: number, p: number): number {
  let s = 0;
  for (let k = x; k <= n; k++) s += binomPmf(k, n, p);
  return s;
}
function binomPmf(k: number, n: number, p: number): number {
  let logC = 0;
  for (let i = 1; i <= k; i++) logC += Math.log(n - k + i) - Math.log(i);
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
}
function bisect(f: (p: number) => number, lo: number, hi: number): number {
  // f increasing in p
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
/**
 * statistics.md §2. BetaInv(α/2; x, n−x+1) is the p with P(X ≥ x | n, p) = α/2
 * (Beta–binomial identity for integer parameters); BetaInv(1−α/2; x+1, n−x) is the p with
 * P(X ≤ x | n, p) = α/2.
 */
function refClopperPearson(x: number, n: number, alpha = 0.05): { lower: number; upper: number } {
  const lower = x === 0 ? 0 : bisect((p) => binomUpperTail(x, n, p) - alpha / 2, 0, 1);
  const upper = x === n ? 1 : bisect((p) => alpha / 2 - (1 - binomUpperTail(x + 1, n, p)), 0, 1);
  return { lower, upper };
}

type KmObs = { time: number; event: 0 | 1 };
type KmRow = { t: number; n: number; d: number; s: number; seLog: number };
type ConfType = 'plain' | 'log' | 'log-log';
const Z = 1.959964;

/** statistics.md §3.1: product-limit with Greenwood; censored at t are at risk at t. */
function refKm(obs: readonly KmObs[]): KmRow[] {
  const times = [...new Set(obs.filter((o) => o.event === 1).map((o) => o.time))].sort((a, b) => a - b);
  const rows: KmRow[] = [];
  let s = 1;
  let g = 0;
  for (const t of times) {
    const n = obs.filter((o) => o.time >= t).length;
    const d = obs.filter((o) => o.time === t && o.event === 1).length;
    s *= 1 - d / n;
    g += n === d ? Infinity : d / (n * (n - d));
    rows.push({ t, n, d, s, seLog: Math.sqrt(g) });
  }
  return rows;
}
function refBand(row: KmRow, type: ConfType): { lower: number; upper: number } {
  const { s, seLog } = row;
  if (type === 'plain') {
    const se = s * seLog;
    return { lower: Math.max(0, s - Z * se), upper: Math.min(1, s + Z * se) };
  }
  if (type === 'log') {
    return { lower: Math.exp(Math.log(s) - Z * seLog), upper: Math.min(1, Math.exp(Math.log(s) + Z * seLog)) };
  }
  const ll = Math.log(-Math.log(s));
  const k = (Z * seLog) / Math.abs(Math.log(s));
  return { lower: Math.exp(-Math.exp(ll + k)), upper: Math.exp(-Math.exp(ll - k)) };
}
/** statistics.md §3.1 median and Brookmeyer–Crowley style limits. null = NR. */
function refMedianKm(obs: readonly KmObs[], type: ConfType): { median: number | null; lower: number | null; upper: number | null } {
  const rows = refKm(obs);
  let median: number | null = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as KmRow;
    if (r.s <= 0.5) {
      if (Math.abs(r.s - 0.5) < 1e-12) {
        const next = rows[i + 1];
        median = next ? (r.t + next.t) / 2 : r.t;
      } else median = r.t;
      break;
    }
  }
  const first = (pick: (b: { lower: number; upper: number }) => number): number | null => {
    for (const r of rows) {
      // S = 0: Greenwood variance is infinite and the band undefined (R gives NA) → skip;
      // worked example C (§3.4) reports the upper limit as NR.
      if (!(r.s > 0)) continue;
      if (pick(refBand(r, type)) <= 0.5) return r.t;
    }
    return null;
  };
  return { median, lower: first((b) => b.lower), upper: first((b) => b.upper) };
}

// ---------------------------------------------------------------------------
// Reference self-checks against the doc tables (so the oracle itself is trusted)
// ---------------------------------------------------------------------------

const CP_TABLE: [number, number, number, number, string][] = [
  [3, 4, 0.19412, 0.993691, '75.0 % (19.4–99.4)'],
  [0, 4, 0, 0.602365, '0.0 % (0.0–60.2)'],
  [4, 4, 0.397635, 1, '100.0 % (39.8–100.0)'],
  [1, 10, 0.002529, 0.445016, '10.0 % (0.3–44.5)'],
  [1, 4, 0.006309, 0.80588, '25.0 % (0.6–80.6)'],
  [2, 4, 0.067586, 0.932414, '50.0 % (6.8–93.2)'],
  [0, 3, 0, 0.707598, '0.0 % (0.0–70.8)'],
  [1, 3, 0.008404, 0.905701, '33.3 % (0.8–90.6)'],
  [1, 6, 0.004211, 0.641235, '16.7 % (0.4–64.1)'],
  [2, 6, 0.043272, 0.777222, '33.3 % (4.3–77.7)'],
  [0, 9, 0, 0.336267, '0.0 % (0.0–33.6)'],
  [3, 9, 0.074855, 0.700705, '33.3 % (7.5–70.1)'],
  [9, 9, 0.663733, 1, '100.0 % (66.4–100.0)'],
  [0, 12, 0, 0.264648, '0.0 % (0.0–26.5)'],
  [3, 12, 0.054861, 0.571858, '25.0 % (5.5–57.2)'],
];

describe('reference self-check (statistics.md §2, §3 tables)', () => {
  it.each(CP_TABLE)('CP %i/%i', (x, n, lo, hi) => {
    const ci = refClopperPearson(x, n);
    expect(Math.abs(ci.lower - lo)).toBeLessThan(1e-6);
    expect(Math.abs(ci.upper - hi)).toBeLessThan(1e-6);
  });
  it('KM worked examples A/B/C', () => {
    const A: KmObs[] = [
      { time: 30, event: 1 }, { time: 45, event: 0 }, { time: 60, event: 1 },
      { time: 90, event: 0 }, { time: 120, event: 1 }, { time: 200, event: 0 },
    ];
    expect(refMedianKm(A, 'log')).toEqual({ median: 120, lower: 60, upper: null });
    expect(refMedianKm(A, 'log-log')).toEqual({ median: 120, lower: 30, upper: null });
    expect(refMedianKm(A, 'plain')).toEqual({ median: 120, lower: 60, upper: null });
    const C: KmObs[] = [10, 20, 30, 40].map((t) => ({ time: t, event: 1 as const }));
    expect(refMedianKm(C, 'log').median).toBe(25);
    expect(refMedianKm(C, 'log').lower).toBe(10);
  });
});


// ---------------------------------------------------------------------------
// Engine vs reference: proportions and summaries (summaries.ts)
// ---------------------------------------------------------------------------

const idsOf = (n: number) => Array.from({ length: n }, (_, i) => `P${i + 1}`);
const firstX = (x: number) => (id: string) => Number(id.slice(1)) <= x;

describe('proportionOf: exact CI and display (statistics.md §2)', () => {
  it.each(CP_TABLE)('doc table %i/%i', (x, n, lo, hi, display) => {
    const p = proportionOf(idsOf(n), firstX(x));
    expect(p.x).toBe(x);
    expect(p.n).toBe(n);
    expect(Math.abs((p.lower as number) - lo)).toBeLessThan(1e-6);
    expect(Math.abs((p.upper as number) - hi)).toBeLessThan(1e-6);
    expect(p.display).toBe(display);
  });

  it('n = 1 boundaries: closed forms give CI limits exactly at 0 and 1 (§2)', () => {
    const zero = proportionOf(['A'], () => false);
    expect([zero.lower, zero.upper, zero.display]).toEqual([0, 0.975, '0.0 % (0.0–97.5)']);
    const one = proportionOf(['A'], () => true);
    expect(one.lower).toBeCloseTo(0.025, 12);
    expect([one.upper, one.display]).toEqual([1, '100.0 % (2.5–100.0)']);
  });

  it('n = 0: no percent, no CI, a dash (§1: a percent needs a denominator)', () => {
    expect(proportionOf([], () => true)).toEqual({ x: 0, n: 0, percent: null, ids: [], lower: null, upper: null, display: '–' });
    expect(countOf([], () => true)).toEqual({ x: 0, n: 0, percent: null, ids: [] });
  });

  it('percent halves round up: 1/16 → 6.3 %, 3/16 → 18.8 %, 1/80 → 1.3 % (§2 "round half up")', () => {
    expect(proportionOf(idsOf(16), firstX(1)).display.startsWith('6.3 % (')).toBe(true);
    expect(proportionOf(idsOf(16), firstX(3)).display.startsWith('18.8 % (')).toBe(true);
    expect(proportionOf(idsOf(80), firstX(1)).display.startsWith('1.3 % (')).toBe(true);
    expect(proportionOf(idsOf(40), firstX(1)).display.startsWith('2.5 % (')).toBe(true);
  });

  it('property: limits within 1e-6 of the reference, display = reference rounding, ids = the x subjects', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))), ([n, x]) => {
        const p = proportionOf(idsOf(n), firstX(x));
        const r = refClopperPearson(x, n);
        expect(Math.abs((p.lower as number) - r.lower)).toBeLessThan(1e-6);
        expect(Math.abs((p.upper as number) - r.upper)).toBeLessThan(1e-6);
        const lim = (v: number) => refPercentOfCount(Math.round(v * 1e9), 1e9);
        expect(p.display).toBe(`${refPercentOfCount(x, n)} % (${lim(r.lower)}–${lim(r.upper)})`);
        expect(p.ids).toEqual(idsOf(x));
        expect(p.percent).toBeCloseTo((100 * x) / n, 12);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('summaryOf: median (range) of those with a value (statistics.md §1)', () => {
  it('even n → mean of the two middle values; range reports both ends even if equal', () => {
    expect(summaryOf(['a', 'b', 'c', 'd'], (id) => ({ a: 25, b: 8, c: 13, d: 12 })[id])).toEqual({ n: 4, median: 12.5, min: 8, max: 25, ids: ['a', 'b', 'c', 'd'] });
    expect(summaryOf(['a'], () => 7)).toEqual({ n: 1, median: 7, min: 7, max: 7, ids: ['a'] });
    expect(summaryOf(['a', 'b'], () => null)).toBeNull();
  });

  it('display rounding: x.x5 halves go up, also where binary floats miss the half', () => {
    expect(roundTo(12.25, 1)).toBe(12.3);
    expect(roundTo(0.05, 1)).toBe(0.1);
    expect(roundTo((82.08 + 90.82) / 2, 1)).toBe(86.5);
    expect(roundTo(1.15, 1)).toBe(1.2);
    expect(roundTo(2.675, 2)).toBe(2.68);
  });

  it('property: median/min/max equal the reference; missing values are left out of n and ids', () => {
    const val = fc.option(fc.integer({ min: 0, max: 400 }), { nil: null });
    fc.assert(
      fc.property(fc.array(val, { maxLength: 14 }), (vals) => {
        const ids = vals.map((_, i) => `S${i}`);
        const s = summaryOf(ids, (id) => vals[Number(id.slice(1))]);
        const have = vals.filter((v): v is number => v !== null);
        if (have.length === 0) {
          expect(s).toBeNull();
          return;
        }
        expect(s).toEqual({
          n: have.length,
          median: refMedian(have),
          min: Math.min(...have),
          max: Math.max(...have),
          ids: ids.filter((_, i) => vals[i] !== null),
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------
// Engine vs reference: whole report (populations, ordering, narrative = tables)
// ---------------------------------------------------------------------------

const parsed = parseProtocol(seed);
if (!parsed.ok) throw new Error('seed protocol does not parse');
const protocol = parsed.value;
const CUTOFF = '2024-06-30';
const INF = '2024-01-10';
const DAYS = [-5, 14, 21, 28, 45, 60, 61, 90, 120, 150];

type Gen = { level: 'DL1' | 'DL2'; sex: 'F' | 'M'; age: number | null; plt: (number | null)[]; aes: boolean; late: boolean };

function mkSubject(i: number, g: Gen): StudyReportSubjectInput {
  const inf = g.late ? '2024-07-01' : INF;
  const counts = DAYS.flatMap((day, k) => (g.plt[k] === null || g.plt[k] === undefined ? [] : [{ date: addDays(inf, day), value: g.plt[k] }]));
  return {
    usubjid: `X${String(i).padStart(2, '0')}`,
    siteId: 'S01',
    age: g.age,
    sex: g.sex,
    doseLevel: g.level,
    response: { infusionDate: inf, ldStartDate: addDays(inf, -5), plateletCounts: counts },
    itpDiagnosisDate: '2019-05-01',
    priorTherapies: ['PREDNISONE'],
    ldDays: [-5, -4, -3],
    ldAgents: ['FLUDARABINE', 'CYCLOPHOSPHAMIDE'],
    cellDose: 150000,
    cellDoseUnit: 'cells/kg',
    adverseEvents: g.aes ? [{ term: 'Cytokine release syndrome', soc: 'Immune system disorders', grade: 1 + (i % 3), gradingSystem: 'ASTCT 2019', serious: false, startDay: 1, endDay: 3 }] : null,
    medications: [],
    carSamples: [],
    bCellSamples: [],
    gpAntibody: [],
  };
}

const genSubject: fc.Arbitrary<Gen> = fc.record({
  level: fc.constantFrom('DL1' as const, 'DL2' as const),
  sex: fc.constantFrom('F' as const, 'M' as const),
  age: fc.option(fc.integer({ min: 8, max: 75 }), { nil: null }),
  plt: fc.array(fc.option(fc.constantFrom(2, 9, 20, 29, 30, 45, 60, 99, 100, 150), { nil: null, freq: 5 }), { minLength: DAYS.length, maxLength: DAYS.length }),
  aes: fc.boolean(),
  late: fc.integer({ min: 0, max: 5 }).map((v) => v === 0),
});

const cell = (tables: ReportTable[], id: string, label: string, col: number): string => {
  const t = tables.find((x) => x.id === id) as ReportTable;
  const row = t.rows.find((r) => r[0]?.text === label);
  if (!row) throw new Error(`no row ${label} in ${id}`);
  return (row[col] as { text: string }).text;
};

const EN = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function checkReport(gens: Gen[], kmConfType?: ConfType): void {
  // statistics.md §3.1 PROTOCOL DECISION: log-log by default
  const confType = kmConfType ?? 'log-log';
  const inputs = gens.map((g, i) => mkSubject(i, g));
  const report = buildStudyReport(inputs, kmConfType === undefined ? { cutoff: CUTOFF, protocol } : { cutoff: CUTOFF, protocol, kmConfType });
  expect(report.methods.kmConfType).toBe(confType);
  const tables = reportTables(report, 'en');
  // Population (statistics.md §1 "all infused patients"): infused on or before the cut-off
  const infused = inputs.filter((s) => s.response.infusionDate <= CUTOFF).map((s) => s.usubjid);
  const overall = report.groups[report.groups.length - 1]!;
  expect(overall.id).toBe('overall');
  expect(overall.ids).toEqual(infused);
  // group order: the protocol's dose-level order, only the levels seen, then overall
  const seen = new Set(inputs.filter((s) => infused.includes(s.usubjid)).map((s) => s.doseLevel));
  expect(report.groups.map((g) => g.id)).toEqual([...['DL1', 'DL2'].filter((l) => seen.has(l)), 'overall']);
  for (const g of report.groups) {
    const res = new Map(report.subjects.map((r) => [r.id, r.result]));
    const best = (id: string) => res.get(id)!.bestResponse;
    // response-itp.md §3.11: ORR = (CR + R) / all infused; NE stays in the denominator
    const resp = g.ids.filter((id) => best(id) === 'CR' || best(id) === 'R');
    expect(g.efficacy.orr.ids).toEqual(resp);
    expect(g.efficacy.orr.n).toBe(g.n);
    expect(g.efficacy.bor.NE.n).toBe(g.n);
    const borSum = (['CR', 'R', 'NR', 'NE'] as const).reduce((a, k) => a + g.efficacy.bor[k].x, 0);
    expect(borSum).toBe(g.n);
    if (g.n > 0) {
      const r = refClopperPearson(resp.length, g.n);
      expect(Math.abs(g.efficacy.orr.lower! - r.lower)).toBeLessThan(1e-6);
      expect(Math.abs(g.efficacy.orr.upper! - r.upper)).toBeLessThan(1e-6);
      expect(g.efficacy.orr.display.startsWith(`${refPercentOfCount(resp.length, g.n)} % (`)).toBe(true);
    }
    // safety population: AEs collected (denominator stated)
    const safety = g.ids.filter((id) => inputs.find((s) => s.usubjid === id)!.adverseEvents !== null);
    expect(g.safety.crs.any.n).toBe(safety.length);
    expect(g.safety.crs.any.ids).toEqual(safety);
    expect(g.baseline.female.n).toBe(g.n);
    // DoR KM (statistics.md §3): responders only; median and CI as the reference
    const responders = g.ids.filter((id) => res.get(id)!.DoR !== null);
    expect(g.efficacy.dor.ids).toEqual(responders);
    if (responders.length > 0) {
      const obs = responders.map((id): KmObs => ({ time: res.get(id)!.DoR!, event: res.get(id)!.DoREvent ? 1 : 0 }));
      const km = refMedianKm(obs, confType);
      expect({ median: g.efficacy.dor.median, lower: g.efficacy.dor.lower, upper: g.efficacy.dor.upper }).toEqual(km);
      expect(g.efficacy.dor.events).toBe(obs.filter((o) => o.event === 1).length);
    }
  }
  // Safety table: a subset denominator shows x/n (statistics.md §1 "always show x/n")
  const col = report.groups.length; // overall column
  const crsAny = cell(tables, 'safety', 'CRS, any grade', col);
  if (overall.safety.crs.any.n === 0) expect(crsAny).toBe('–');
  else if (overall.safety.crs.any.n !== overall.n) expect(crsAny.startsWith(`${overall.safety.crs.any.x}/${overall.safety.crs.any.n} (`)).toBe(true);

  // Narrative numbers = table numbers
  const text = buildNarrative(report, 'en');
  expect(report.narrative.en).toBe(text);
  // the opening sentence states both populations (statistics.md §1 "state the analysis population")
  const safetyN = overall.safety.crs.any.n;
  const word = (k: number) => EN[k] ?? String(k);
  if (safetyN === overall.n) expect(text).toContain(`${word(overall.n)} ${overall.n === 1 ? 'patient' : 'patients'} had been infused and ${overall.n === 1 ? 'was' : 'were'} evaluable for safety and response`);
  else {
    expect(text).toContain(`${word(overall.n)} ${overall.n === 1 ? 'patient' : 'patients'} had been infused and ${overall.n === 1 ? 'was' : 'were'} evaluable for response, and ${safetyN === 0 ? 'none' : word(safetyN)} for safety`);
    expect(text).not.toContain('evaluable for safety and response');
  }
  const age = /The median age was ([\d.]+) years \(range, ([\d.]+) to ([\d.]+)\) and ([\d.]+)% of patients were women\./.exec(text);
  if (overall.baseline.age) {
    expect(age).not.toBeNull();
    expect(`${age![1]} (${age![2]}–${age![3]})`).toBe(cell(tables, 'baseline', 'Age, years, median (range)', col));
    const fem = cell(tables, 'baseline', 'Female, n (%)', col);
    expect(fem).toBe(`${overall.baseline.female.x} (${age![4]}%)`);
    expect(age![4]).toBe(refPercentOfCount(overall.baseline.female.x, overall.n));
  } else expect(age).toBeNull();
  const orr = /(\w+) of (\w+) patients? \(([\d.]+)%; 95% CI ([\d.]+)–([\d.]+)\) achieved an objective response/.exec(text);
  if (overall.n === 0) expect(orr).toBeNull();
  else {
    expect(orr).not.toBeNull();
    const x = overall.efficacy.orr.x;
    expect(orr![1]!.toLowerCase()).toBe(x === 0 ? 'none' : (EN[x] ?? String(x)));
    expect(orr![2]).toBe(EN[overall.n] ?? String(overall.n));
    expect(`${x} (${orr![3]}%; ${orr![4]}–${orr![5]})`).toBe(cell(tables, 'efficacy', 'Objective response (CR + R), n (%; 95% CI)', col));
    const cr = /, and (\w+) \(([\d.]+)%; 95% CI ([\d.]+)–([\d.]+)\) a complete response/.exec(text);
    if (overall.efficacy.crRate.x === 0) expect(cr).toBeNull();
    else expect(`${overall.efficacy.crRate.x} (${cr![2]}%; ${cr![3]}–${cr![4]})`).toBe(cell(tables, 'efficacy', 'Complete response, n (%; 95% CI)', col));
  }
  const dor = /The median duration of response was (not reached|([\d.]+) days) \(95% CI ([^)]+)\)/.exec(text);
  if (overall.efficacy.dor.n > 0 && overall.efficacy.dor.events > 0) {
    expect(dor).not.toBeNull();
    const tableDor = cell(tables, 'efficacy', 'Duration of response, days, KM median (95% CI)', col);
    expect(`${dor![2] ?? 'NR'} (${dor![3]})`).toBe(tableDor);
  } else expect(dor).toBeNull();
  const ttr = /The median time to response was ([\d.]+) days \(range, ([\d.]+) to ([\d.]+)\)/.exec(text);
  if (overall.efficacy.ttr) expect(`${ttr![1]} (${ttr![2]}–${ttr![3]})`).toBe(cell(tables, 'efficacy', 'Time to response, days, median (range)', col));
  else expect(ttr).toBeNull();
}

describe('whole report vs reference (populations, ordering, narrative = tables)', () => {
  it('property: random cohorts, log-log (default), log and plain CIs', () => {
    const stats = { responders: 0, kmWithEvents: 0, ne: 0, defaultDiffersFromLog: 0 };
    fc.assert(
      fc.property(fc.array(genSubject, { minLength: 0, maxLength: 10 }), fc.constantFrom<ConfType | undefined>(undefined, 'log-log', 'log', 'plain'), (gens, ct) => {
        checkReport(gens, ct);
        const o = buildStudyReport(gens.map((g, i) => mkSubject(i, g)), { cutoff: CUTOFF, protocol }).groups.at(-1)!;
        stats.responders += o.efficacy.orr.x;
        stats.kmWithEvents += o.efficacy.dor.events > 0 ? 1 : 0;
        stats.ne += o.efficacy.bor.NE.x;
        const withLog = buildStudyReport(gens.map((g, i) => mkSubject(i, g)), { cutoff: CUTOFF, protocol, kmConfType: 'log' }).groups.at(-1)!;
        stats.defaultDiffersFromLog += withLog.efficacy.dor.lower !== o.efficacy.dor.lower || withLog.efficacy.dor.upper !== o.efficacy.dor.upper ? 1 : 0;
      }),
      { seed: SEED, numRuns: 120 },
    );
    // the generator reaches the interesting branches (not a vacuous property)
    expect(stats.responders).toBeGreaterThan(50);
    expect(stats.kmWithEvents).toBeGreaterThan(10);
    expect(stats.ne).toBeGreaterThan(10);
    expect(stats.defaultDiffersFromLog).toBeGreaterThanOrEqual(2);
  });
});

describe('seed abstract and degenerate cohorts (explicit cases)', () => {
  // seed abstract (NCT06352281 results): ages consistent with {8, 12, 13, 25} (§1), 3 of 4 women,
  // baseline platelets median 9 (2 to 24), 3/4 objective response, 1 CR
  const seedGens: Gen[] = [
    { level: 'DL1', sex: 'F', age: 8, plt: [2, 40, 45, 50, 120, 130, 130, 140, 150, 150], aes: true, late: false },
    { level: 'DL1', sex: 'F', age: 12, plt: [8, 40, 45, 50, 60, 60, 60, 60, 60, 60], aes: true, late: false },
    { level: 'DL2', sex: 'M', age: 13, plt: [10, 45, 60, 60, 60, 60, 60, 60, 60, 60], aes: true, late: false },
    { level: 'DL2', sex: 'F', age: 25, plt: [24, 20, 20, 20, 20, 20, 20, 20, 20, 20], aes: true, late: false },
  ];
  it('reproduces the abstract numbers in tables and narrative', () => {
    const report = buildStudyReport(seedGens.map((g, i) => mkSubject(i, g)), { cutoff: CUTOFF, protocol });
    const o = report.groups.at(-1)!;
    expect(o.baseline.age).toMatchObject({ median: 12.5, min: 8, max: 25 });
    expect(o.baseline.baselinePlatelets).toMatchObject({ median: 9, min: 2, max: 24 });
    expect(o.efficacy.orr.display).toBe('75.0 % (19.4–99.4)');
    expect(o.efficacy.crRate.display).toBe('25.0 % (0.6–80.6)');
    const en = report.narrative.en;
    expect(en).toContain('The median age was 12.5 years (range, 8 to 25) and 75.0% of patients were women.');
    expect(en).toContain('The median baseline platelet count was 9×10⁹/L (range, 2 to 24).');
    expect(en).toContain('Three of four patients (75.0%; 95% CI 19.4–99.4) achieved an objective response, and one (25.0%; 95% CI 0.6–80.6) a complete response');
    expect(report.narrative['zh-CN']).toContain('（75.0%；95% CI 19.4–99.4）达到客观缓解');
    checkReport(seedGens, 'log-log');
  });

  it('n = 1: 100.0 % (2.5–100.0) in table and narrative; one patient, singular', () => {
    const g: Gen = { ...seedGens[0]!, level: 'DL1' };
    const report = buildStudyReport([mkSubject(0, g)], { cutoff: CUTOFF, protocol });
    expect(report.groups.at(-1)!.efficacy.orr.display).toBe('100.0 % (2.5–100.0)');
    expect(report.narrative.en).toContain('One of one patient (100.0%; 95% CI 2.5–100.0) achieved an objective response');
    checkReport([g], 'log-log');
  });

  it('0 of n responders: 0.0 % with the lower limit exactly 0 (§2 table 0/4)', () => {
    const nr: Gen = { ...seedGens[3]!, age: 40 };
    const report = buildStudyReport([0, 1, 2, 3].map((i) => mkSubject(i, nr)), { cutoff: CUTOFF, protocol });
    const orr = report.groups.at(-1)!.efficacy.orr;
    expect([orr.x, orr.n, orr.lower, orr.display]).toEqual([0, 4, 0, '0.0 % (0.0–60.2)']);
    expect(report.narrative.en).toContain('None of four patients (0.0%; 95% CI 0.0–60.2) achieved an objective response; no complete response was observed.');
  });

  it('population: infused after the cut-off is not in any denominator; NE (no baseline) stays in the ORR denominator', () => {
    const gens: Gen[] = [seedGens[0]!, { ...seedGens[1]!, late: true }, { ...seedGens[2]!, plt: [null, 45, 60, 60, 60, 60, 60, 60, 60, 60] }];
    const report = buildStudyReport(gens.map((g, i) => mkSubject(i, g)), { cutoff: CUTOFF, protocol });
    const o = report.groups.at(-1)!;
    expect(o.ids).toEqual(['X00', 'X02']);
    // infused on the cut-off day itself (Day 0 = cut-off) is infused: in the population, NE
    const onCutoff = { ...mkSubject(9, seedGens[0]!), response: { infusionDate: CUTOFF, ldStartDate: addDays(CUTOFF, -5), plateletCounts: [{ date: addDays(CUTOFF, -5), value: 5 }] } };
    const r2 = buildStudyReport([...gens.map((g, i) => mkSubject(i, g)), onCutoff], { cutoff: CUTOFF, protocol }).groups.at(-1)!;
    expect(r2.ids).toEqual(['X00', 'X02', 'X09']);
    expect(r2.efficacy.orr).toMatchObject({ x: 1, n: 3 });
    expect(r2.efficacy.bor.NE.ids).toEqual(['X02', 'X09']);
    expect(o.efficacy.bor.NE.ids).toEqual(['X02']);
    expect(o.efficacy.orr).toMatchObject({ x: 1, n: 2, display: '50.0 % (1.3–98.7)' });
    checkReport(gens, 'log-log');
  });

  it('empty cohort: no groups but overall, dashes, no response sentence', () => {
    const report = buildStudyReport([], { cutoff: CUTOFF, protocol });
    expect(report.groups.map((g) => g.id)).toEqual(['overall']);
    expect(report.groups[0]!.efficacy.orr.display).toBe('–');
    expect(report.narrative.en).not.toContain('objective response');
    checkReport([], 'log-log');
  });
});

describe('narrative wording of denominators and zero counts', () => {
  const base: Gen = { level: 'DL1', sex: 'F', age: 30, plt: [5, 40, 45, 50, 60, 60, 60, 60, 60, 60], aes: true, late: false };
  it('AEs not collected for one subject: the safety denominator is stated, not "all evaluable for safety" (§1)', () => {
    const inputs = [0, 1, 2, 3].map((i) => mkSubject(i, { ...base, aes: i !== 1 }));
    const report = buildStudyReport(inputs, { cutoff: CUTOFF, protocol });
    expect(report.groups.at(-1)!.safety.crs.any).toMatchObject({ n: 3 });
    expect(report.narrative.en).toContain('four patients had been infused and were evaluable for response, and three for safety');
    expect(report.narrative['zh-CN']).toContain('共4例患者接受输注并完成疗效评估，其中3例完成安全性评估');
    const tables = reportTables(report, 'en');
    expect(cell(tables, 'safety', 'CRS, any grade', report.groups.length)).toBe('3/3 (100.0%)');
  });

  it('zero counts read as "none", and 均 ("all") is used only when all patients expanded', () => {
    const inputs = [0, 1].map((i) => ({
      ...mkSubject(i, base),
      bCellSamples: [{ day: -5, perUl: 150 }, { day: 7, perUl: 0 }, { day: 14, perUl: 0 }, { day: 60, perUl: 150 }, { day: 90, perUl: 160 }],
      gpAntibody: [{ day: -5, positive: true }, { day: 60, positive: true }],
      carSamples: i === 0 ? [{ day: 0, level: 0 }, { day: 10, level: 2000 }] : [{ day: 0, level: 0 }, { day: 10, level: 0 }],
    }));
    const report = buildStudyReport(inputs, { cutoff: CUTOFF, protocol });
    const en = report.narrative.en;
    expect(en).toContain('aplasia was sustained in none and B cells recovered in two');
    expect(en).toContain('GP autoantibodies turned negative after infusion in none of two positive patients.');
    expect(en).not.toMatch(/ in no (and|of) /);
    expect(report.narrative['zh-CN']).toContain('1例患者观察到CAR-T细胞扩增');
    expect(report.narrative['zh-CN']).not.toContain('1例患者均观察到');
  });
});
