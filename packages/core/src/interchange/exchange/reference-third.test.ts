/**
 * Third independent reference check of the exchange formats against /work/shared/interchange/ctgov-fhir-odm.md:
 * ClinicalTrials.gov API v2 records (§1: import into a draft protocol, eligibility text convention, free-text time
 * frames), FHIR R4 (§2: Bundle export, both importers) and CDISC ODM 1.3.2 (§3: Snapshot export, Transactional
 * capture export and import). The reference functions below were written from the doc prose before the engine was
 * read; expected codes, URIs and maps are copied from the doc text, never imported from the engine.
 * Focus: what the two earlier checks left open: valid inputs they did not try (optional record sections absent,
 * decimal and mixed time frames, FHIR references by fullUrl, Quantities with a UCUM code only, effectivePeriod,
 * components, several ClinicalData, ItemData TransactionType, repeated Snapshot instructions), dates and their
 * precision, and errors that name their location.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { importCtgovStudy, readTimeFrame, splitEligibilityText } from '../../protocol/index.js'
import type { ExchangeStudy } from './exchange-study.js'
import { buildFhirBundle, readFhirBundle } from './fhir-r4.js'
import { readFhirLabBundle } from './fhir-lab-import.js'
import { buildOdmSnapshot } from './odm-1-3-2.js'
import { buildOdmCaptureExport, type OdmCapturedLab, type OdmCapturedStudy } from './odm-capture-export.js'
import { readOdmClinicalData } from './odm-capture-import.js'
import { validateOdmStructure } from './odm-structure.js'
import { readOdmXml, type OdmNode } from './odm-xml.js'

const SEED = 20261208

// =============================================================================================================
// Reference (from the doc prose only)
// =============================================================================================================

/** §1 "Eligibility text layout", convention: heading lines, item markers, continuation lines, review list. */
function refSplit(text: string): { inclusion: string[]; exclusion: string[]; review: string[] } {
  const out = { inclusion: [] as string[], exclusion: [] as string[], review: [] as string[] }
  let section: 'inclusion' | 'exclusion' | null = null
  let open: { list: string[]; at: number } | null = null
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '') continue
    const h = /^(inclusion|exclusion) criteria:?$/i.exec(line)
    if (h) {
      section = h[1]!.toLowerCase() === 'inclusion' ? 'inclusion' : 'exclusion'
      open = null
      continue
    }
    // text before the first heading goes on the review list, never dropped
    if (section === null) {
      out.review.push(line)
      continue
    }
    const list = out[section]
    const m = /^(?:\*|-|\d+\.)\s*(.*)$/.exec(line)
    if (m) {
      list.push(m[1]!)
      open = { list, at: list.length - 1 }
    } else if (open) open.list[open.at] = `${open.list[open.at]!} ${line}`
    else {
      list.push(line)
      open = { list, at: list.length - 1 }
    }
  }
  return out
}

/** §1 PartialDate: yyyy, yyyy-MM or yyyy-MM-dd, a real calendar day. */
function refPartialDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s)
  if (!m) return false
  const y = Number(m[1])
  if (m[2] === undefined) return true
  const mo = Number(m[2])
  if (mo < 1 || mo > 12) return false
  if (m[3] === undefined) return true
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!
  const d = Number(m[3])
  return d >= 1 && d <= days
}

/** §1 minimumAge / maximumAge pattern. */
const REF_AGE = /^\d+ (Year|Years|Month|Months|Week|Weeks|Day|Days|Hour|Hours|Minute|Minutes)$/

/**
 * Lab unit conversions to the platform unit: §2 (platelets 10*9/L and 10*3/uL are the same number), sdtm-adam.md
 * lb.csv (/uL and /mm3 x 0.001), safety-grading.md LAB-6 (g/L <-> g/dL, umol/L <-> mg/dL with 17.1 and 88.4).
 */
const REF_UNITS: Record<string, Record<string, (v: number) => number>> = {
  PLAT: { '10*9/L': (v) => v, '10*3/uL': (v) => v, '/uL': (v) => v / 1000, '/mm3': (v) => v / 1000 },
  WBC: { '10*9/L': (v) => v, '10*3/uL': (v) => v, '/uL': (v) => v / 1000 },
  HGB: { 'g/dL': (v) => v, 'g/L': (v) => v / 10 },
  BILI: { 'mg/dL': (v) => v, 'umol/L': (v) => v / 17.1 },
  CREAT: { 'mg/dL': (v) => v, 'umol/L': (v) => v / 88.4 },
  IGG: { 'g/L': (v) => v, 'mg/dL': (v) => v / 100 },
  ALT: { 'U/L': (v) => v },
}
const REF_LOINC: Record<string, string> = { PLAT: '777-3', WBC: '6690-2', HGB: '718-7', BILI: '1975-2', CREAT: '2160-0', IGG: '2465-3', ALT: '1742-6' }

const UCUM = 'http://unitsofmeasure.org'
const LOINC = 'http://loinc.org'
const USUBJID = 'https://celltrial.example/fhir/sid/usubjid'

// =============================================================================================================
// §1 ClinicalTrials.gov API v2 record -> draft protocol
// =============================================================================================================

/** The §1 example record, verbatim. */
const docRecord = () => ({
  protocolSection: {
    identificationModule: {
      nctId: 'NCT99999901',
      briefTitle: 'CD19 CAR-T Cells for Refractory Immune Thrombocytopenia (EXAMPLE-ITP)',
      officialTitle:
        'A Single-Arm, Open-Label, Dose-Escalation Study of Autologous CD19-Directed CAR-T Cells in Adults With Chronic Refractory Primary Immune Thrombocytopenia',
    },
    statusModule: { overallStatus: 'RECRUITING', startDateStruct: { date: '2025-03', type: 'ACTUAL' } },
    sponsorCollaboratorsModule: { leadSponsor: { name: 'Example University Hospital', class: 'OTHER' } },
    conditionsModule: { conditions: ['Immune Thrombocytopenia'] },
    designModule: {
      studyType: 'INTERVENTIONAL', phases: ['EARLY_PHASE1'],
      designInfo: { allocation: 'NA', interventionModel: 'SINGLE_GROUP', primaryPurpose: 'TREATMENT', maskingInfo: { masking: 'NONE' } },
      enrollmentInfo: { count: 12, type: 'ESTIMATED' },
    },
    armsInterventionsModule: {
      armGroups: [
        {
          label: 'CAR-T dose escalation', type: 'EXPERIMENTAL',
          description: 'Fludarabine/cyclophosphamide lymphodepletion, then one CAR-T infusion on Day 0 (3 dose levels).',
          interventionNames: ['Biological: CD19 CAR-T cells', 'Drug: Fludarabine', 'Drug: Cyclophosphamide'],
        },
      ],
      interventions: [
        { type: 'BIOLOGICAL', name: 'CD19 CAR-T cells', armGroupLabels: ['CAR-T dose escalation'] },
        { type: 'DRUG', name: 'Fludarabine', armGroupLabels: ['CAR-T dose escalation'] },
        { type: 'DRUG', name: 'Cyclophosphamide', armGroupLabels: ['CAR-T dose escalation'] },
      ],
    },
    outcomesModule: {
      primaryOutcomes: [{ measure: 'Incidence of dose-limiting toxicities', description: 'Adverse events graded by CTCAE v5.0; CRS and ICANS by ASTCT 2019 criteria.', timeFrame: 'Day 0 to Day 28' }],
      secondaryOutcomes: [{ measure: 'Overall platelet response', description: 'Platelet count >= 30 x 10^9/L and at least doubling of baseline, without rescue therapy.', timeFrame: 'Week 12' }],
    },
    eligibilityModule: {
      eligibilityCriteria:
        'Inclusion Criteria:\n\n* Primary ITP for at least 12 months\n* Platelet count < 30 x 10^9/L on two occasions\n* Failure of at least two prior ITP therapies\n\nExclusion Criteria:\n\n* Secondary thrombocytopenia\n* Active uncontrolled infection',
      healthyVolunteers: false, sex: 'ALL', minimumAge: '18 Years', maximumAge: '70 Years', stdAges: ['ADULT', 'OLDER_ADULT'],
    },
    contactsLocationsModule: { locations: [{ facility: 'Example University Hospital', status: 'RECRUITING', city: 'Springfield', state: 'Illinois', country: 'United States' }] },
  },
  hasResults: false,
})
type Rec = ReturnType<typeof docRecord>
const AS_OF = { asOf: '2025-06-01' }
const paths = (r: ReturnType<typeof importCtgovStudy>) => (r.ok ? [] : r.issues.map((i) => i.path.join('.')))

describe('§1 ClinicalTrials.gov record import', () => {
  it('the doc example record: identification, dates at their precision, arms, outcome windows, criteria', () => {
    const r = importCtgovStudy(docRecord(), AS_OF)
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    const p = r.value
    expect(p.identification).toMatchObject({
      registryId: 'NCT99999901', briefTitle: docRecord().protocolSection.identificationModule.briefTitle,
      phases: ['EARLY_PHASE1'], overallStatus: 'RECRUITING',
      // yyyy-MM stays yyyy-MM: the registry's precision is kept, never padded to a day
      startDate: { date: '2025-03', type: 'ACTUAL' }, primaryCompletionDate: null, completionDate: null,
      conditions: ['Immune Thrombocytopenia'], sponsor: { name: 'Example University Hospital', class: 'OTHER' },
      sites: [{ facility: 'Example University Hospital', city: 'Springfield', state: 'Illinois', country: 'United States', status: 'RECRUITING' }],
      targetEnrollment: { count: 12, type: 'ESTIMATED' }, productName: 'CD19 CAR-T cells', targetAntigen: 'CD19', cellType: 'CAR-T', cellSource: 'autologous',
    })
    expect(p.arms.map((a) => [a.label, a.type])).toEqual([['CAR-T dose escalation', 'EXPERIMENTAL']])
    expect(p.endpoints.measures.map((m) => [m.kind, m.measure, m.timeFrame, m.window])).toEqual([
      ['primary', 'Incidence of dose-limiting toxicities', 'Day 0 to Day 28', { startDay: 0, endDay: 28 }],
      ['secondary', 'Overall platelet response', 'Week 12', { startDay: 0, endDay: 84 }],
    ])
    const split = refSplit(docRecord().protocolSection.eligibilityModule.eligibilityCriteria)
    expect(p.eligibility.filter((c) => c.rule.kind === 'needs-encoding').map((c) => [c.type, c.text])).toEqual([
      ...split.inclusion.map((t) => ['inclusion', t]), ...split.exclusion.map((t) => ['exclusion', t]),
    ])
    // the structured age limits become one computable criterion; sex ALL gives no criterion
    expect(p.eligibility.filter((c) => c.rule.kind === 'computable').map((c) => c.rule)).toEqual([
      { kind: 'computable', expr: { op: 'all', of: [{ op: 'age', cmp: '>=', years: 18 }, { op: 'age', cmp: '<=', years: 70 }] } },
    ])
  })

  it('optional sections absent (any subset of the optional modules): the draft still validates and lists what is missing', () => {
    const optional = ['conditionsModule', 'descriptionModule', 'armsInterventionsModule', 'outcomesModule', 'eligibilityModule', 'contactsLocationsModule'] as const
    fc.assert(
      fc.property(fc.subarray([...optional]), fc.boolean(), fc.boolean(), (drop, dropDates, dropDesignParts) => {
        const rec = docRecord() as unknown as { protocolSection: Record<string, Record<string, unknown>> }
        for (const k of drop) delete rec.protocolSection[k]
        if (dropDates) delete rec.protocolSection.statusModule!.startDateStruct
        if (dropDesignParts) rec.protocolSection.designModule = { studyType: 'INTERVENTIONAL' }
        const r = importCtgovStudy(rec, AS_OF)
        if (!r.ok) throw new Error(JSON.stringify(r.issues))
        const p = r.value
        expect(p.identification.startDate).toEqual(dropDates ? null : { date: '2025-03', type: 'ACTUAL' })
        expect(p.eligibility.length).toBeGreaterThan(0)
        if (drop.includes('contactsLocationsModule')) expect(p.reviewList.some((t) => /site/i.test(t))).toBe(true)
        if (drop.includes('eligibilityModule')) expect(p.eligibility.map((c) => c.rule.kind)).toEqual(['needs-encoding'])
        if (drop.includes('outcomesModule')) expect(p.endpoints.measures).toEqual([])
      }),
      { seed: SEED, numRuns: 60 },
    )
  })

  it('PartialDate: yyyy, yyyy-MM and real yyyy-MM-dd keep their precision; anything else is an issue at its path', () => {
    const year = fc.integer({ min: 1990, max: 2040 }).map(String)
    const two = (n: number) => String(n).padStart(2, '0')
    const date = fc.oneof(
      year,
      fc.tuple(year, fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${y}-${two(m)}`),
      fc.tuple(year, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${two(m)}-${two(d)}`),
      fc.constantFrom('2024-02-29', '2023-02-29', '2100-02-29', '2000-02-29', '2025-1', '2025-01-1', '25-01-01', '2025/01/01', '2025-01-01T00:00', ''),
    )
    const key = fc.constantFrom('startDateStruct', 'primaryCompletionDateStruct', 'completionDateStruct')
    fc.assert(
      fc.property(date, key, fc.constantFrom(undefined, 'ACTUAL', 'ESTIMATED'), (d, k, type) => {
        const rec = docRecord() as unknown as { protocolSection: { statusModule: Record<string, unknown> } }
        rec.protocolSection.statusModule[k] = type === undefined ? { date: d } : { date: d, type }
        const r = importCtgovStudy(rec, AS_OF)
        const field = k === 'startDateStruct' ? 'startDate' : k === 'completionDateStruct' ? 'completionDate' : 'primaryCompletionDate'
        if (refPartialDate(d)) {
          if (!r.ok) throw new Error(`${d}: ${JSON.stringify(r.issues)}`)
          expect(r.value.identification[field]).toEqual(type === undefined ? { date: d } : { date: d, type })
        } else expect(paths(r)).toEqual([`protocolSection.statusModule.${k}.date`])
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('minimumAge / maximumAge: exactly the §1 pattern; months, weeks and days read as fractions of a year', () => {
    const units = ['Year', 'Years', 'Month', 'Months', 'Week', 'Weeks', 'Day', 'Days', 'Hour', 'Hours', 'Minute', 'Minutes']
    const age = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 120 }), fc.constantFrom(...units)).map(([n, u]) => `${n} ${u}`),
      fc.constantFrom('18 years', '18  Years', '18Years', ' 18 Years', '18 Years ', '18.5 Years', '-1 Years', '18 Yrs', 'Years', ''),
    )
    fc.assert(
      fc.property(age, fc.constantFrom('minimumAge', 'maximumAge'), (a, k) => {
        const rec = docRecord() as unknown as { protocolSection: { eligibilityModule: Record<string, unknown> } }
        delete rec.protocolSection.eligibilityModule.minimumAge
        delete rec.protocolSection.eligibilityModule.maximumAge
        rec.protocolSection.eligibilityModule[k] = a
        const r = importCtgovStudy(rec, AS_OF)
        if (!REF_AGE.test(a)) {
          expect(paths(r)).toEqual([`protocolSection.eligibilityModule.${k}`])
          return
        }
        if (!r.ok) throw new Error(JSON.stringify(r.issues))
        const n = Number(a.split(' ')[0])
        const u = a.split(' ')[1]!.replace(/s$/, '')
        const years = u === 'Year' ? n : u === 'Month' ? n / 12 : u === 'Week' ? n / 52.1775 : u === 'Day' ? n / 365.25 : 0
        const c = r.value.eligibility.find((x) => x.id === 'AGE')
        expect(c?.rule).toEqual({ kind: 'computable', expr: { op: 'age', cmp: k === 'minimumAge' ? '>=' : '<=', years } })
      }),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('enumerations and the NCT number: a bad value is an issue naming its exact path', () => {
    const cases: [(r: Rec) => void, string][] = [
      [(r) => void (r.protocolSection.statusModule.overallStatus = 'Recruiting'), 'protocolSection.statusModule.overallStatus'],
      [(r) => void (r.protocolSection.statusModule.startDateStruct.type = 'ANTICIPATED'), 'protocolSection.statusModule.startDateStruct.type'],
      [(r) => void (r.protocolSection.designModule.phases = ['PHASE1', 'PHASE1/PHASE2']), 'protocolSection.designModule.phases.1'],
      [(r) => void (r.protocolSection.designModule.studyType = 'INTERVENTION'), 'protocolSection.designModule.studyType'],
      [(r) => void (r.protocolSection.designModule.enrollmentInfo.type = 'ANTICIPATED'), 'protocolSection.designModule.enrollmentInfo.type'],
      [(r) => void (r.protocolSection.designModule.enrollmentInfo.count = 12.5), 'protocolSection.designModule.enrollmentInfo.count'],
      [(r) => void (r.protocolSection.armsInterventionsModule.armGroups[0]!.type = 'EXPERIMENTAL_ARM'), 'protocolSection.armsInterventionsModule.armGroups.0.type'],
      [(r) => void (r.protocolSection.eligibilityModule.sex = 'BOTH'), 'protocolSection.eligibilityModule.sex'],
      [(r) => void (r.protocolSection.identificationModule.nctId = 'NCT1234567'), 'protocolSection.identificationModule.nctId'],
      [(r) => void (r.protocolSection.identificationModule.nctId = 'nct99999901'), 'protocolSection.identificationModule.nctId'],
      [(r) => void (r.protocolSection.identificationModule.nctId = 'NCT999999012'), 'protocolSection.identificationModule.nctId'],
    ]
    for (const [mutate, path] of cases) {
      const rec = docRecord()
      mutate(rec)
      expect(paths(importCtgovStudy(rec, AS_OF)), path).toEqual([path])
    }
    // every Status, Phase and Sex value of §1 is accepted
    for (const s of ['ACTIVE_NOT_RECRUITING', 'COMPLETED', 'ENROLLING_BY_INVITATION', 'NOT_YET_RECRUITING', 'RECRUITING', 'SUSPENDED', 'TERMINATED', 'WITHDRAWN', 'AVAILABLE', 'NO_LONGER_AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'APPROVED_FOR_MARKETING', 'WITHHELD', 'UNKNOWN']) {
      const rec = docRecord()
      rec.protocolSection.statusModule.overallStatus = s
      expect(importCtgovStudy(rec, AS_OF).ok, s).toBe(true)
    }
    for (const phases of [['NA'], ['EARLY_PHASE1'], ['PHASE1'], ['PHASE1', 'PHASE2'], ['PHASE2'], ['PHASE2', 'PHASE3'], ['PHASE3'], ['PHASE4']]) {
      const rec = docRecord()
      rec.protocolSection.designModule.phases = phases
      const r = importCtgovStudy(rec, AS_OF)
      expect(r.ok ? r.value.identification.phases : r.issues).toEqual(phases)
    }
    for (const sex of ['FEMALE', 'MALE']) {
      const rec = docRecord()
      rec.protocolSection.eligibilityModule.sex = sex
      const r = importCtgovStudy(rec, AS_OF)
      expect(r.ok ? r.value.eligibility.find((c) => c.id === 'SEX')?.rule : r.issues).toEqual({ kind: 'computable', expr: { op: 'sex', in: [sex.toLowerCase()] } })
    }
  })
})

// =============================================================================================================
// §1 timeFrame is free text: the window the draft reads from it
// =============================================================================================================

describe('§1 outcome time frames (free text) -> evaluation window', () => {
  // Engine decisions (ctgov-time-frame.ts, cited there): weeks x 7, months floor(n x 30.4375), years floor(n x 365.25)
  const days = (n: number, unit: string) => {
    const u = unit.toLowerCase().replace(/s$/, '')
    return Math.floor(u === 'day' ? n : u === 'week' ? n * 7 : u === 'month' ? n * 30.4375 : n * 365.25)
  }

  it.each([
    ['Up to 2 years', 0, 730],
    ['Day 28', 0, 28],
    ['12 weeks', 0, 84],
    ['Week 12', 0, 84],
    ['Month 6', 0, 182],
    ['6 months', 0, 182],
    ['1 year', 0, 365],
    ['24 months', 0, 730],
    ['18 months', 0, 547],
    ['3 months', 0, 91],
    ['Day 0 to Day 28', 0, 28],
    ['Baseline, Week 4, Week 12 and Month 6', 0, 182],
    ['Through study completion, an average of 1 year', 0, 365],
    ['From infusion up to 2-year follow-up', 0, 730],
    ['Up to 28 days after infusion', 0, 28],
    ['At least 2 weeks after infusion', 14, null],
    ['at least 12 weeks', 84, null],
  ] as const)('%j -> Day %i to %s', (text, start, end) => {
    expect(readTimeFrame(text)).toEqual({ startDay: start, endDay: end, understood: true })
  })

  it('"at least" with a later bound: the window runs from the first duration to the last, never starts at the last', () => {
    // a start after the end of the follow-up is no window at all; the old reading gave { startDay: 182, endDay: null }
    expect(readTimeFrame('At least 2 weeks after infusion, up to 6 months')).toEqual({ startDay: 14, endDay: 182, understood: true })
    expect(readTimeFrame('At least 4 weeks and up to 2 years')).toEqual({ startDay: 28, endDay: 730, understood: true })
  })

  it('decimal days and weeks give whole protocol days (the draft must validate: window days are integers)', () => {
    expect(readTimeFrame('Up to 1.5 weeks')).toEqual({ startDay: 0, endDay: 10, understood: true })
    expect(readTimeFrame('2.5 days')).toEqual({ startDay: 0, endDay: 2, understood: true })
    const rec = docRecord()
    rec.protocolSection.outcomesModule.primaryOutcomes[0]!.timeFrame = 'Up to 2.5 weeks post-infusion'
    const r = importCtgovStudy(rec, AS_OF)
    expect(r.ok ? r.value.endpoints.measures[0]?.window : r.issues).toEqual({ startDay: 0, endDay: 17 })
  })

  it('texts with no duration are not understood: window Day 0 onward, and the draft lists the outcome for review', () => {
    for (const t of ['', 'Baseline', 'Through study completion', '48 hours', 'six months']) expect(readTimeFrame(t), t).toEqual({ startDay: 0, endDay: null, understood: false })
    const rec = docRecord()
    rec.protocolSection.outcomesModule.secondaryOutcomes[0]!.timeFrame = '48 hours'
    const r = importCtgovStudy(rec, AS_OF)
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    expect(r.value.endpoints.measures[1]?.window).toEqual({ startDay: 0, endDay: null })
    expect(r.value.reviewList.some((t) => t.includes('Overall platelet response') && t.includes('48 hours'))).toBe(true)
  })

  it('"n unit(s)", "Unit n", "Up to n units" and "n-unit" give the same end day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.constantFrom('day', 'week', 'month', 'year'), fc.constantFrom('lower', 'Title', 'UPPER'), (n, unit, kase) => {
        const u = kase === 'lower' ? unit : kase === 'UPPER' ? unit.toUpperCase() : unit[0]!.toUpperCase() + unit.slice(1)
        const want = { startDay: 0, endDay: days(n, unit), understood: true }
        for (const text of [`${n} ${u}s`, `${n} ${u}`, `${u} ${n}`, `Up to ${n} ${u}s post-infusion`, `${n}-${u} follow-up`]) expect(readTimeFrame(text), text).toEqual(want)
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})

// =============================================================================================================
// §1 eligibility text convention
// =============================================================================================================

describe('§1 eligibility text: layout variants', () => {
  it('CRLF, tabs, numbering past 9, dashes, nested bullets, paragraphs between items, headings in any case', () => {
    const text = [
      'Key facts first', '', 'INCLUSION CRITERIA', '', '1. Age 18-65 years', '2.\tITP for at least', '   12 months', '10. ECOG <= 1',
      '11.Platelets < 30 x 10^9/L', '  * nested: prior TPO-RA', 'A paragraph between items.', '', 'exclusion criteria:', '- HIV', '-HBV', '*  HCV',
    ].join('\r\n')
    expect(splitEligibilityText(text)).toEqual(refSplit(text))
    expect(splitEligibilityText(text)).toEqual({
      inclusion: ['Age 18-65 years', 'ITP for at least 12 months', 'ECOG <= 1', 'Platelets < 30 x 10^9/L', 'nested: prior TPO-RA A paragraph between items.'],
      exclusion: ['HIV', 'HBV', 'HCV'],
      review: ['Key facts first'],
    })
  })

  it('Chinese text and punctuation: items keep their text; a heading the convention does not match goes to review, never dropped', () => {
    const text = '入选标准：\n1. 年龄≥18岁；\n2. 血小板计数<30×10^9/L。\n\nInclusion Criteria:\n\n1. 原发免疫性血小板减少症（ITP）病史≥12个月；\n* 既往至少二线治疗失败，\n  或复发。\n\nExclusion Criteria:\n\n1. 继发性血小板减少；'
    const got = splitEligibilityText(text)
    expect(got).toEqual(refSplit(text))
    expect(got).toEqual({
      inclusion: ['原发免疫性血小板减少症（ITP）病史≥12个月；', '既往至少二线治疗失败， 或复发。'],
      exclusion: ['继发性血小板减少；'],
      review: ['入选标准：', '1. 年龄≥18岁；', '2. 血小板计数<30×10^9/L。'],
    })
  })

  it('markers outside the convention (•, 1), 1、) continue the open item; nothing is dropped (property against the reference)', () => {
    const word = fc.constantFrom('platelet', 'ITP', '≥18', '岁', '治疗；', '（1）', 'x10^9/L', '30%', 'and/or', '，', '。', 'a-b')
    const line = fc.tuple(fc.constantFrom('* ', '- ', '1. ', '12. ', '', '• ', '1) ', '1、', '  * ', '\t- '), fc.array(word, { minLength: 1, maxLength: 4 })).map(([m, w]) => m + w.join(' '))
    const block = fc.array(fc.oneof({ weight: 6, arbitrary: line }, { weight: 1, arbitrary: fc.constant('') }), { maxLength: 8 })
    fc.assert(
      fc.property(block, block, block, fc.constantFrom('\n', '\r\n'), fc.constantFrom('Inclusion Criteria:', 'inclusion criteria', 'INCLUSION CRITERIA:'), (pre, inc, exc, nl, head) => {
        const text = [...pre, head, ...inc, 'Exclusion Criteria:', ...exc].join(nl)
        const got = splitEligibilityText(text)
        expect(got).toEqual(refSplit(text))
        // nothing dropped: every word of the input is somewhere in the output
        const all = [...got.inclusion, ...got.exclusion, ...got.review].join(' ')
        for (const l of [...pre, ...inc, ...exc]) for (const w of l.replace(/^\s*(\*|-|\d+\.)/, '').split(/\s+/).filter(Boolean)) expect(all).toContain(w)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

// =============================================================================================================
// §2 FHIR R4
// =============================================================================================================

const patient = (id: string, usubjid: string) => ({ resourceType: 'Patient', id, identifier: [{ system: USUBJID, value: usubjid }], gender: 'female' })
const obs = (id: string, subjectRef: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation', id, status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
  code: { coding: [{ system: LOINC, code: '777-3' }], text: 'PLAT' },
  subject: { reference: subjectRef }, effectiveDateTime: '2025-04-02T08:30:00+08:00',
  valueQuantity: { value: 12, unit: '10^9/L', system: UCUM, code: '10*9/L' },
  ...extra,
})
const bundle = (entries: { fullUrl?: string; resource: unknown }[], type = 'collection') => ({ resourceType: 'Bundle', type, entry: entries })

describe('§2 FHIR import: references, several Observations, units, effective[x], components', () => {
  it('references resolve through the entry fullUrl too (absolute URL, urn:uuid of a transaction Bundle)', () => {
    const uuid = 'urn:uuid:0c3e8a2e-6c2b-4d53-9b7a-3f1a2c9e1d01'
    const b = bundle(
      [
        { fullUrl: uuid, resource: { ...patient('p1', 'EXITP-01-003') } },
        { fullUrl: 'urn:uuid:aa', resource: obs('o1', uuid) },
        { fullUrl: 'https://example.org/fhir/Patient/p2', resource: patient('p2', 'EXITP-01-004') },
        { fullUrl: 'https://example.org/fhir/Observation/o2', resource: obs('o2', 'https://example.org/fhir/Patient/p2', { valueQuantity: { value: 86, system: UCUM, code: '10*3/uL' } }) },
        { resource: obs('o3', 'Patient/p2', { effectiveDateTime: '2025-06-25' }) },
      ],
      'transaction',
    )
    const got = readFhirBundle(b)
    expect(got.issues).toEqual([])
    expect(got.study.subjects.map((s) => [s.usubjid, s.labs.map((l) => [l.testCode, l.value, l.date])])).toEqual([
      ['EXITP-01-003', [['PLAT', 12, '2025-04-02']]],
      ['EXITP-01-004', [['PLAT', 86, '2025-04-02'], ['PLAT', 12, '2025-06-25']]],
    ])
    // the lab importer resolves the same references
    const one = readFhirLabBundle(bundle([{ fullUrl: uuid, resource: patient('p1', 'EXITP-01-003') }, { resource: obs('o1', uuid) }]), { subjectCode: 'EXITP-01-003' })
    expect(one.ok ? one.value.labs.map((l) => l.value) : one.issues).toEqual([12])
  })

  it('a Quantity with its UCUM code and no display unit keeps its unit (§2: the UCUM code goes in .code, the text in .unit)', () => {
    const b = bundle([
      { resource: patient('p', 'S-1') },
      { resource: obs('h', 'Patient/p', { code: { coding: [{ system: LOINC, code: '718-7' }] }, valueQuantity: { value: 10.5, system: UCUM, code: 'g/dL' } }) },
      { resource: obs('w', 'Patient/p', { code: { coding: [{ system: LOINC, code: '6690-2' }] }, valueQuantity: { value: 4.2, system: UCUM, code: '10*9/L' } }) },
    ])
    const got = readFhirBundle(b)
    expect(got.issues).toEqual([])
    const labs = got.study.subjects[0]!.labs
    expect(labs.map((l) => [l.testCode, l.value, l.unit])).toEqual([['HGB', 10.5, 'g/dL'], ['WBC', 4.2, '10*9/L']])
    // and goes out again with the same UCUM code (round trip)
    const again = buildFhirBundle({ ...got.study, registryId: 'NCT99999901', title: 'T', subjects: got.study.subjects.map((s) => ({ ...s, siteId: '01' })) })
    const qs = (again.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === 'Observation').map((r) => (r as { valueQuantity?: unknown }).valueQuantity)
    expect(qs).toEqual([
      { value: 10.5, unit: 'g/dL', system: UCUM, code: 'g/dL' },
      { value: 4.2, unit: '10*9/L', system: UCUM, code: '10*9/L' },
    ])
  })

  it('effectiveDateTime: the date is the local clinical date; an impossible or partial date is an issue at entry.N.effectiveDateTime', () => {
    const when = ['2025-04-02T23:30:00-05:00', '2025-04-02', '2024-02-29T00:00:00Z', '2025-02-30', '2025-02-30T08:00:00Z', '2025-04', '2025', '02/04/2025']
    const b = bundle([{ resource: patient('p', 'S-1') }, ...when.map((w, k) => ({ resource: obs(`o${k}`, 'Patient/p', { effectiveDateTime: w }) }))])
    const got = readFhirBundle(b)
    expect(got.study.subjects[0]!.labs.map((l) => l.date)).toEqual(['2025-04-02', '2025-04-02', '2024-02-29'])
    expect(got.issues.map((i) => [i.code, i.path.join('.')])).toEqual([3, 4, 5, 6, 7].map((k) => ['fhir.no_date', `entry.${k + 1}.effectiveDateTime`]))
    const lab = readFhirLabBundle(b, { subjectCode: 'S-1' })
    expect(lab.ok ? [] : lab.issues.filter((i) => i.code === 'fhir.no_date').map((i) => i.path.join('.'))).toEqual([3, 4, 5, 6, 7].map((k) => `entry.${k + 1}.resource.effectiveDateTime`))
  })

  it('effectivePeriod (R4 effective[x]): the start is the collection date (SDTM LBDTC); a period without a full start date is an issue', () => {
    const period = (p: unknown) => {
      const o: Record<string, unknown> = obs('o', 'Patient/p', { effectivePeriod: p })
      delete o.effectiveDateTime
      return o
    }
    const ok = bundle([{ resource: patient('p', 'S-1') }, { resource: period({ start: '2025-04-02T08:00:00+08:00', end: '2025-04-03T08:00:00+08:00' }) }])
    expect(readFhirBundle(ok).study.subjects[0]!.labs.map((l) => [l.date, l.time, l.value])).toEqual([['2025-04-02', '08:00', 12]])
    const lab = readFhirLabBundle(ok, { subjectCode: 'S-1' })
    expect(lab.ok ? lab.value.labs.map((l) => l.collectedOn) : lab.issues).toEqual(['2025-04-02'])
    for (const p of [{ end: '2025-04-03' }, { start: '2025-04' }, { start: '2025-02-30' }]) {
      const bad = bundle([{ resource: patient('p', 'S-1') }, { resource: period(p) }])
      expect(readFhirBundle(bad).issues.map((i) => [i.code, i.path.join('.')]), JSON.stringify(p)).toEqual([['fhir.no_date', 'entry.1.effectivePeriod.start']])
      const l = readFhirLabBundle(bad, { subjectCode: 'S-1' })
      expect(l.ok ? [] : l.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['fhir.no_date', 'entry.1.resource.effectivePeriod.start']])
    }
  })

  it('components: a panel code with component values is refused at its code (never read as a guess); a known code ignores its components', () => {
    const component = [{ code: { coding: [{ system: LOINC, code: '777-3' }] }, valueQuantity: { value: 30, system: UCUM, code: '10*9/L' } }]
    const panel = obs('panel', 'Patient/p', { code: { coding: [{ system: LOINC, code: '58410-2' }] }, component })
    delete (panel as Record<string, unknown>).valueQuantity
    const withComp = obs('plat', 'Patient/p', { component })
    const b = bundle([{ resource: patient('p', 'S-1') }, { resource: panel }, { resource: withComp }])
    const got = readFhirBundle(b)
    expect(got.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['fhir.unknown_code', 'entry.1.code']])
    expect(got.study.subjects[0]!.labs.map((l) => l.value)).toEqual([12])
    const lab = readFhirLabBundle(b, { subjectCode: 'S-1' })
    expect(lab.ok ? [] : lab.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['fhir.unknown_code', 'entry.1.resource.code.coding'],
      ['fhir.no_value', 'entry.1.resource.valueQuantity'],
    ])
  })

  it('several Observations in several UCUM units convert to the platform unit exactly; any other unit is an issue at its entry (property)', () => {
    const accepted = fc.constantFrom(...Object.entries(REF_UNITS).flatMap(([t, us]) => Object.keys(us).map((u) => [t, u] as const)))
    const refused = fc.constantFrom(['PLAT', '10*6/L'], ['PLAT', '10*9/l'], ['HGB', 'mmol/L'], ['BILI', 'mg/L'], ['ALT', 'IU/L'], ['CREAT', 'mmol/L'], ['IGG', 'g/dL'])
    const item = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(accepted, fc.double({ min: 0, max: 5000, noNaN: true }), fc.constant(true)) },
      { weight: 1, arbitrary: fc.tuple(refused, fc.double({ min: 0, max: 5000, noNaN: true }), fc.constant(false)) },
    )
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), (items) => {
        const entries = [
          { resource: patient('p', 'S-1') },
          ...items.map(([[t, u], v], k) => ({ resource: obs(`o${k}`, 'Patient/p', { code: { coding: [{ system: LOINC, code: REF_LOINC[t] }] }, valueQuantity: { value: v, system: UCUM, code: u } }) })),
        ]
        const r = readFhirLabBundle(bundle(entries), { subjectCode: 'S-1' })
        const bad = items.flatMap(([, , good], k) => (good ? [] : [`entry.${k + 1}.resource.valueQuantity.code`]))
        if (bad.length > 0) {
          expect(r.ok ? [] : r.issues.map((i) => i.path.join('.'))).toEqual(bad)
          return
        }
        if (!r.ok) throw new Error(JSON.stringify(r.issues))
        expect(r.value.labs.map((l) => [l.entry, l.testCode, l.value])).toEqual(items.map(([[t, u], v], k) => [k + 1, t, REF_UNITS[t]![u]!(v)]))
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})

// =============================================================================================================
// §3 ODM 1.3.2
// =============================================================================================================

const AUDIT = '<AuditRecord><UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.KUN01"/><DateTimeStamp>2025-04-02T10:14:00Z</DateTimeStamp></AuditRecord>'
const LB_ITEMS = (v = '12', date = '2025-04-02') =>
  `<ItemData ItemOID="IT.LB.LBTESTCD" Value="PLAT"/><ItemData ItemOID="IT.LB.LBORRES" Value="${v}"/><ItemData ItemOID="IT.LB.LBORRESU" Value="10^9/L"/><ItemData ItemOID="IT.LB.LBDTC" Value="${date}"/>`
const odm = (fileType: 'Snapshot' | 'Transactional', clinical: string[]) =>
  `<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="${fileType}" FileOID="F.3" CreationDateTime="2025-06-15T08:00:00Z">\n${clinical
    .map((c) => `<ClinicalData StudyOID="ST.X" MetaDataVersionOID="MDV.1">\n${c}\n</ClinicalData>`)
    .join('\n')}\n</ODM>`
const subjectData = (key: string, forms: string) => `<SubjectData SubjectKey="${key}"><StudyEventData StudyEventOID="SE.CAPTURE">\n${forms}\n</StudyEventData></SubjectData>`
const lbForm = (key: string, attrs = '', body = LB_ITEMS(), head = '') =>
  `<FormData FormOID="F.LB" FormRepeatKey="${key}"${attrs}>${head}<ItemGroupData ItemGroupOID="IG.LB">${body}</ItemGroupData></FormData>`
const OPTS = { existingSubjects: new Map([['KUN01-001', 'KUN01'], ['KUN01-002', 'KUN01']]), siteCodes: ['KUN01'] }
const lineOf = (xml: string, needle: string) => xml.slice(0, xml.indexOf(needle)).split('\n').length

describe('§3 ODM import: several ClinicalData, ItemData TransactionType, Remove descendants, Snapshot instructions', () => {
  it('several ClinicalData: read in document order; an Update in the second changes what the first inserted', () => {
    const xml = odm('Transactional', [
      subjectData('KUN01-001', [lbForm('1', ' TransactionType="Insert"', LB_ITEMS('12'), AUDIT), lbForm('2', ' TransactionType="Insert"', LB_ITEMS('20', '2025-04-09'), AUDIT)].join('\n')),
      subjectData('KUN01-002', lbForm('1', ' TransactionType="Insert"', LB_ITEMS('7'), AUDIT)),
      subjectData('KUN01-001', lbForm('1', ' TransactionType="Update"', '<ItemData ItemOID="IT.LB.LBORRES" Value="13"/><ItemData ItemOID="IT.LB.LBORNRLO" Value="125"/>', AUDIT)),
    ])
    const r = readOdmClinicalData(xml, OPTS)
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    expect(r.value.labs.map((l) => [l.subjectKey, l.value, l.date, l.refLow])).toEqual([
      ['KUN01-001', 13, '2025-04-02', 125],
      ['KUN01-001', 20, '2025-04-09', null],
      ['KUN01-002', 7, '2025-04-02', null],
    ])
  })

  it('ItemData TransactionType: Remove clears an optional item, a mandatory one is then missing, an unknown type is an issue with its line', () => {
    const ins = lbForm('1', ' TransactionType="Insert"', `${LB_ITEMS()}<ItemData ItemOID="IT.LB.LBORNRLO" Value="125"/>`, AUDIT)
    const upd = (items: string) => lbForm('1', ' TransactionType="Update"', items, AUDIT)
    const run = (items: string) => readOdmClinicalData(odm('Transactional', [subjectData('KUN01-001', `${ins}\n${upd(items)}`)]), OPTS)
    const cleared = run('<ItemData ItemOID="IT.LB.LBORNRLO" TransactionType="Remove"/>')
    expect(cleared.ok ? cleared.value.labs.map((l) => [l.value, l.refLow]) : cleared.issues).toEqual([[12, null]])
    const upserted = run('<ItemData ItemOID="IT.LB.LBORNRHI" TransactionType="Upsert" Value="350"/>')
    expect(upserted.ok ? upserted.value.labs.map((l) => [l.refLow, l.refHigh]) : upserted.issues).toEqual([[125, 350]])
    const missing = run('<ItemData ItemOID="IT.LB.LBORRES" TransactionType="Remove"/>')
    expect(missing.ok ? [] : missing.issues.map((i) => [i.code, i.oid])).toEqual([['odm.mandatory', 'IT.LB.LBORRES']])
    const xml = odm('Transactional', [subjectData('KUN01-001', `${ins}\n${upd('<ItemData ItemOID="IT.LB.LBORRES" TransactionType="Replace" Value="9"/>')}`)])
    const bogus = readOdmClinicalData(xml, OPTS)
    expect(bogus.ok ? [] : bogus.issues.map((i) => [i.code, i.line])).toEqual([['odm.enumeration', lineOf(xml, 'TransactionType="Replace"')]])
  })

  it('descendants of a Remove are Remove or omit the attribute, also under a removed FormData (§3 Transactional)', () => {
    const ins = lbForm('1', ' TransactionType="Insert"', LB_ITEMS(), AUDIT)
    const removeWith = (body: string) => odm('Transactional', [subjectData('KUN01-001', `${ins}\n${lbForm('1', ' TransactionType="Remove"', body, AUDIT)}`)])
    const fine = readOdmClinicalData(removeWith('<ItemData ItemOID="IT.LB.LBORRES" TransactionType="Remove"/><ItemData ItemOID="IT.LB.LBTESTCD"/>'), OPTS)
    expect(fine.ok ? fine.value.labs : fine.issues).toEqual([])
    const xml = removeWith('<ItemData ItemOID="IT.LB.LBORRES" TransactionType="Insert" Value="5"/>')
    const bad = readOdmClinicalData(xml, OPTS)
    expect(bad.ok ? [] : bad.issues.map((i) => [i.code, i.line])).toEqual([['odm.remove_descendant', lineOf(xml, 'TransactionType="Insert" Value="5"')]])
    // the structural validator agrees (it already walked every level)
    expect(validateOdmStructure(xml).filter((i) => i.code === 'odm.remove_descendant').map((i) => i.line)).toEqual([lineOf(xml, 'TransactionType="Insert" Value="5"')])
    // a Remove on the subject covers the whole subject
    const subj = odm('Transactional', [
      subjectData('KUN01-001', ins),
      `<SubjectData SubjectKey="KUN01-001" TransactionType="Remove">${AUDIT}<StudyEventData StudyEventOID="SE.CAPTURE">${lbForm('1', '', '<ItemData ItemOID="IT.LB.LBORRES" TransactionType="Update" Value="1"/>')}</StudyEventData></SubjectData>`,
    ])
    const r = readOdmClinicalData(subj, OPTS)
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['odm.remove_descendant'])
  })

  it('Snapshot: one instruction per data point; an item given twice for the same form (two FormData, two ClinicalData) is an issue', () => {
    const first = lbForm('1')
    const again = lbForm('1', '', '<ItemData ItemOID="IT.LB.LBORRES" Value="99"/>')
    const other = lbForm('2', '', LB_ITEMS('99'))
    for (const xml of [odm('Snapshot', [subjectData('KUN01-001', `${first}\n${again}`)]), odm('Snapshot', [subjectData('KUN01-001', first), subjectData('KUN01-001', again)])]) {
      const r = readOdmClinicalData(xml, OPTS)
      expect(r.ok ? [] : r.issues.map((i) => [i.code, i.oid, i.line])).toEqual([['odm.duplicate_item', 'IT.LB.LBORRES', lineOf(xml, 'Value="99"')]])
    }
    // two form repeats are two data points each, and a Transactional file may set an item again
    const ok = readOdmClinicalData(odm('Snapshot', [subjectData('KUN01-001', `${first}\n${other}`)]), OPTS)
    expect(ok.ok ? ok.value.labs.map((l) => l.value) : ok.issues).toEqual([12, 99])
    const tx = readOdmClinicalData(odm('Transactional', [subjectData('KUN01-001', `${lbForm('1', ' TransactionType="Insert"', LB_ITEMS(), AUDIT)}\n${lbForm('1', ' TransactionType="Update"', '<ItemData ItemOID="IT.LB.LBORRES" Value="99"/>', AUDIT)}`)]), OPTS)
    expect(tx.ok ? tx.value.labs.map((l) => l.value) : tx.issues).toEqual([99])
  })

  it('repeating item groups: the lab item group does not repeat, the second ItemGroupData is an issue at its line', () => {
    const xml = odm('Snapshot', [subjectData('KUN01-001', `<FormData FormOID="F.LB" FormRepeatKey="1"><ItemGroupData ItemGroupOID="IG.LB">${LB_ITEMS()}</ItemGroupData>\n<ItemGroupData ItemGroupOID="IG.LB" ItemGroupRepeatKey="2">${LB_ITEMS('5')}</ItemGroupData></FormData>`)])
    const r = readOdmClinicalData(xml, OPTS)
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.line])).toEqual([['odm.repeat', lineOf(xml, 'ItemGroupRepeatKey="2"')]])
  })
})

describe('§3 ODM round trips and the Snapshot export', () => {
  const study = (labs: OdmCapturedLab[]): OdmCapturedStudy => ({
    registryId: 'NCT99999901', title: 'EXAMPLE-ITP', protocolVersion: '1.0', sites: [{ code: 'KUN01', name: 'Site 01' }],
    users: [{ oid: 'USR.1', loginName: 'a', displayName: 'A' }],
    subjects: [{ key: 'KUN01-001', siteCode: 'KUN01', sex: 'F', age: 44, audit: { userOid: 'USR.1', at: '2025-03-01T08:00Z', reason: null, sourceId: '1' }, records: [], labs }],
  })
  const day = fc.integer({ min: 0, max: 2000 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10))
  const lab = fc.record({
    testCode: fc.constantFrom('PLAT', 'WBC', 'HGB', 'CARCN', 'CD19'),
    value: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.constantFrom(0.1 + 0.2, 1e-7, 5e-324)),
    unit: fc.constantFrom('10^9/L', 'g/dL', 'copies/ug gDNA', '/uL', 'x10^9/L & "µ"'),
    date: day,
    refLow: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: null }),
    refHigh: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
    voided: fc.boolean(),
  })

  it('capture export -> import gives the same labs (any value, unit text, date), voided ones removed (property)', () => {
    fc.assert(
      fc.property(fc.array(lab, { maxLength: 6 }), (ls) => {
        const labs: OdmCapturedLab[] = ls.map((l, k) => ({
          repeatKey: String(k + 1), testCode: l.testCode, value: l.value, unit: l.unit, date: l.date, refLow: l.refLow, refHigh: l.refHigh,
          audit: { userOid: 'USR.1', at: `${l.date}T08:00:00+08:00`, reason: null, sourceId: `a${k}` },
          voided: l.voided ? { userOid: 'USR.1', at: `${l.date}T09:00:00+08:00`, reason: 'duplicate', sourceId: `v${k}` } : null,
        }))
        const xml = buildOdmCaptureExport(study(labs), { fileOid: 'F.RT', creationDateTime: '2025-06-15T08:00:00Z' })
        expect(validateOdmStructure(xml)).toEqual([])
        const r = readOdmClinicalData(xml, { existingSubjects: new Map([['KUN01-001', 'KUN01']]), siteCodes: ['KUN01'] })
        if (!r.ok) throw new Error(JSON.stringify(r.issues))
        expect(r.value.labs.map((l) => [l.testCode, l.value, l.unit, l.date, l.refLow, l.refHigh])).toEqual(
          labs.filter((l) => !l.voided).map((l) => [l.testCode, l.value, l.unit, l.date, l.refLow, l.refHigh]),
        )
        expect(r.value.subjects.map((s) => [s.key, s.sex, s.age])).toEqual([['KUN01-001', 'F', 44]])
      }),
      { seed: SEED, numRuns: 100 },
    )
  })

  it('Snapshot export: repeating LB / AE item groups keyed 1..n, dates as ODM date, times with seconds, no audit data', () => {
    const s: ExchangeStudy = {
      registryId: 'NCT99999901', title: 'T',
      subjects: [{
        usubjid: 'EXITP-01-003', siteId: '01', age: 44, sex: 'F', armCode: 'DL1', infusionDate: '2025-03-20',
        labs: [
          { testCode: 'PLAT', value: 12, text: '12', unit: '10^9/L', date: '2025-04-02', time: '08:30', refLow: 125, refHigh: 350 },
          { testCode: 'HGB', value: 10.5, text: '10.5', unit: 'g/dL', date: '2025-04-02', time: null, refLow: null, refHigh: null },
          { testCode: 'CARCN', value: null, text: '<LLOQ', textUnit: 'copies/ug gDNA', unit: null, date: '2025-04-09', time: '07:05:30', refLow: null, refHigh: null },
        ],
        adverseEvents: [{ term: 'Cytokine release syndrome', grade: 2, gradingSystem: 'ASTCT 2019', serious: false, startDate: '2025-03-21', endDate: '2025-03-24' }],
      }],
    }
    const xml = buildOdmSnapshot(s, { fileOid: 'F.S', creationDateTime: '2025-07-01T09:00+08:00' })
    expect(validateOdmStructure(xml)).toEqual([])
    const read = readOdmXml(xml)
    if (!read.ok) throw new Error(JSON.stringify(read.issues))
    const all = (n: OdmNode): OdmNode[] => [n, ...n.children.flatMap(all)]
    const nodes = all(read.root)
    expect(read.root.attrs.CreationDateTime).toBe('2025-07-01T09:00:00+08:00')
    const groups = (oid: string) => nodes.filter((n) => n.name === 'ItemGroupData' && n.attrs.ItemGroupOID === oid)
    expect(groups('IG.LB').map((g) => g.attrs.ItemGroupRepeatKey)).toEqual(['1', '2', '3'])
    expect(groups('IG.AE').map((g) => g.attrs.ItemGroupRepeatKey)).toEqual(['1'])
    const v = (g: OdmNode, item: string) => g.children.find((c) => c.attrs.ItemOID === item)?.attrs.Value
    expect(groups('IG.LB').map((g) => [v(g, 'IT.LB.LBDTC'), v(g, 'IT.LB.LBTIM'), v(g, 'IT.LB.LBORRES'), v(g, 'IT.LB.LBORRESU'), v(g, 'IT.LB.LBSTRESN')])).toEqual([
      ['2025-04-02', '08:30:00', '12', '10^9/L', '12'],
      ['2025-04-02', undefined, '10.5', 'g/dL', '10.5'],
      ['2025-04-09', '07:05:30', '<LLOQ', 'copies/ug gDNA', undefined],
    ])
    expect(groups('IG.AE').map((g) => [v(g, 'IT.AE.AETOXGR'), v(g, 'IT.AE.AESER'), v(g, 'IT.AE.AESTDTC'), v(g, 'IT.AE.AEENDTC')])).toEqual([['2', 'N', '2025-03-21', '2025-03-24']])
    expect(nodes.some((n) => n.name === 'AuditRecord' || n.attrs.TransactionType !== undefined)).toBe(false)
  })
})
