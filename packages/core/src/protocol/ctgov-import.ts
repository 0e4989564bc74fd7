/**
 * Draft protocol from a ClinicalTrials.gov API v2 study record.
 *
 * Imports identification, status and dates, design (phase, enrolment), arms and interventions, outcome
 * measures with their time frames (window read from the text), the structured age and sex limits as
 * computable criteria, and the free-text eligibility split into numbered inclusion/exclusion criteria
 * marked `needs-encoding`. Everything the record does not give is filled with the domain-doc default and
 * tagged as a PROTOCOL DECISION, and listed on `reviewList`. The draft always validates against
 * ProtocolSchema, so `protocol validate` works on it.
 *
 * Source: ../shared/interchange/ctgov-fhir-odm.md §1; ../shared/registry/README.md (criteria numbered in
 * registry order).
 */
import { fail, ok, type Result } from '../result.js'
import type { Criterion } from '../eligibility/criterion-schema.js'
import { splitEligibilityText } from './ctgov-eligibility-text.js'
import { CTGOV_AGE, CtgovStudySchema, type CtgovStudy } from './ctgov-study-schema.js'
import { readTimeFrame } from './ctgov-time-frame.js'
import { parseProtocol, zodIssuesToIssues } from './parse-protocol.js'
import type { Protocol } from './protocol-schema.js'
import { defaultVisitTemplate } from './visit-template.js'

const API = 'ClinicalTrials.gov API v2 record'
const note = (ref: string, quote?: string, decision?: string) => ({
  ref,
  ...(quote ? { quote } : {}),
  ...(decision ? { decision } : {}),
})

function ageYears(age: string): number | undefined {
  const m = CTGOV_AGE.exec(age)
  if (!m) return undefined
  const n = Number(m[1])
  const unit = (m[2] ?? '').replace(/s$/, '')
  return unit === 'Year'
    ? n
    : unit === 'Month'
      ? n / 12
      : unit === 'Week'
        ? n / 52.1775
        : unit === 'Day'
          ? n / 365.25
          : 0
}

function structuredCriteria(e: NonNullable<CtgovStudy['protocolSection']['eligibilityModule']>): Criterion[] {
  const out: Criterion[] = []
  const ref = `${API} eligibilityModule`
  if (e.minimumAge || e.maximumAge) {
    const parts = [
      ...(e.minimumAge
        ? [{ op: 'age' as const, cmp: '>=' as const, years: ageYears(e.minimumAge) ?? 0 }]
        : []),
      ...(e.maximumAge
        ? [{ op: 'age' as const, cmp: '<=' as const, years: ageYears(e.maximumAge) ?? 0 }]
        : []),
    ]
    const text = `Age ${e.minimumAge ?? 'no minimum'} to ${e.maximumAge ?? 'no maximum'}`
    out.push({
      id: 'AGE',
      type: 'inclusion',
      text,
      rule: { kind: 'computable', expr: parts.length === 1 ? parts[0]! : { op: 'all', of: parts } },
      sources: [
        note(
          ref,
          `minimumAge: ${e.minimumAge ?? '(absent)'}; maximumAge: ${e.maximumAge ?? '(absent)'}`,
          'maximumAge is inclusive of the whole year of age (completed years <= maximum)',
        ),
      ],
    })
  }
  if (e.sex === 'FEMALE' || e.sex === 'MALE')
    out.push({
      id: 'SEX',
      type: 'inclusion',
      text: `Sex: ${e.sex}`,
      rule: { kind: 'computable', expr: { op: 'sex', in: [e.sex === 'FEMALE' ? 'female' : 'male'] } },
      sources: [note(ref, `sex: ${e.sex}`)],
    })
  return out
}

/**
 * @param json a ClinicalTrials.gov API v2 `Study` (parsed JSON)
 * @param options.asOf the draft's version effective date `YYYY-MM-DD` (the clock is an argument)
 * @returns the draft protocol, or every problem in the record with its path
 */
export function importCtgovStudy(json: unknown, options: { asOf: string }): Result<Protocol> {
  const parsed = CtgovStudySchema.safeParse(json)
  if (!parsed.success) return fail(zodIssuesToIssues(parsed.error.issues, 'ctgov-fhir-odm.md §1'))
  const ps = parsed.data.protocolSection
  const id = ps.identificationModule
  const review: string[] = []
  const interventions = ps.armsInterventionsModule?.interventions ?? []
  const text = [
    id.briefTitle,
    id.officialTitle ?? '',
    ...interventions.map((i) => `${i.name} ${i.description ?? ''}`),
    ps.descriptionModule?.briefSummary ?? '',
  ].join(' ')
  const product =
    interventions.find((i) => i.type === 'BIOLOGICAL' || i.type === 'GENETIC' || /CAR/i.test(i.name)) ??
    interventions[0]
  const antigen = /\b(CD19|BCMA|CD20|CD22|CD38|CD7)\b/i.exec(text)?.[1]?.toUpperCase()
  if (!antigen) review.push('Target antigen not found in the record.')
  const decided = (what: string) => note(`${API} (silent)`, undefined, what)
  const enrollment = ps.designModule.enrollmentInfo
  const locations = ps.contactsLocationsModule?.locations ?? []
  if (locations.length === 0) review.push('No site in the record: a placeholder site must be replaced.')

  const armGroups = ps.armsInterventionsModule?.armGroups ?? []
  // no arm groups listed (absent or empty): one arm, as for a single-arm trial
  const arms = (
    armGroups.length > 0 ? armGroups : [{ label: 'Single arm', description: undefined, type: undefined }]
  ).map((a, i) => ({
    id: `ARM-${i + 1}`,
    label: a.label,
    type: a.type ?? 'EXPERIMENTAL',
    description: a.description ?? a.label,
    doseLevels: [
      {
        id: `ARM-${i + 1}-DL1`,
        label: 'Dose level 1 (to be encoded)',
        dose: { kind: 'unspecified', note: 'dose levels are free text in the record' },
        sources: [decided('dose levels must be encoded from the intervention text')],
      },
    ],
    infusions: 1,
    sources: [note(`${API} armsInterventionsModule.armGroups[${i}]`, a.description ?? a.label)],
  }))
  review.push(
    'Dose levels, lymphodepletion doses and days, escalation design and visit schedule are defaults: encode them from the record text.',
  )

  const ld = interventions.filter((i) => /fludarabine|cyclophosphamide/i.test(i.name))
  const outcomes = (['primaryOutcomes', 'secondaryOutcomes', 'otherOutcomes'] as const).flatMap((k) =>
    (ps.outcomesModule?.[k] ?? []).map((o, i) => ({
      o,
      i,
      k,
      kind: k === 'primaryOutcomes' ? 'primary' : k === 'secondaryOutcomes' ? 'secondary' : 'unlabelled',
    })),
  )
  const measures = outcomes.map(({ o, i, k, kind }, n) => {
    const tf = o.timeFrame ?? ''
    const w = readTimeFrame(tf)
    if (!w.understood)
      review.push(
        `Outcome "${o.measure}": time frame ${JSON.stringify(tf)} not understood; window set to Day 0 onward.`,
      )
    return {
      id: `M${n + 1}`,
      kind,
      measure: o.measure,
      description: o.description ?? null,
      timeFrame: tf || '(not stated)',
      window: { startDay: w.startDay, endDay: w.endDay },
      sources: [
        note(
          `${API} outcomesModule.${k}[${i}]`,
          `${o.measure} — ${tf || '(no time frame)'}`,
          'window read from the free-text time frame (ctgov-time-frame.ts)',
        ),
      ],
    }
  })

  const split = splitEligibilityText(ps.eligibilityModule?.eligibilityCriteria ?? '')
  for (const r of split.review) review.push(`Eligibility text not placed: ${r}`)
  const freeText = (list: string[], type: 'inclusion' | 'exclusion'): Criterion[] =>
    list.map((t, i) => ({
      id: `${type === 'inclusion' ? 'INC' : 'EXC'}-${i + 1}`,
      type,
      text: t,
      rule: { kind: 'needs-encoding' },
      sources: [note(`${API} eligibilityModule.eligibilityCriteria ${type} ${i + 1}`, t)],
    }))
  const eligibility = [
    ...structuredCriteria(ps.eligibilityModule ?? {}),
    ...freeText(split.inclusion, 'inclusion'),
    ...freeText(split.exclusion, 'exclusion'),
  ]
  if (split.inclusion.length + split.exclusion.length > 0)
    review.push(`${split.inclusion.length + split.exclusion.length} eligibility criteria need encoding.`)
  if (eligibility.length === 0) {
    // a protocol has at least one criterion: a placeholder to encode, so the draft still validates
    review.push('The record has no eligibility criteria: encode them from the protocol document.')
    eligibility.push({
      id: 'INC-1',
      type: 'inclusion',
      text: 'No eligibility criteria in the registry record (to be encoded from the protocol document).',
      rule: { kind: 'needs-encoding' },
      sources: [decided('placeholder: the record has neither age limits nor eligibility text')],
    })
  }

  const draft = {
    schemaVersion: 1,
    identification: {
      registryId: id.nctId,
      otherIds: id.orgStudyIdInfo ? [id.orgStudyIdInfo.id] : [],
      briefTitle: id.briefTitle,
      officialTitle: id.officialTitle ?? null,
      phases: ps.designModule.phases && ps.designModule.phases.length > 0 ? ps.designModule.phases : ['NA'],
      overallStatus: ps.statusModule.overallStatus,
      startDate: ps.statusModule.startDateStruct ?? null,
      primaryCompletionDate: ps.statusModule.primaryCompletionDateStruct ?? null,
      completionDate: ps.statusModule.completionDateStruct ?? null,
      conditions: ps.conditionsModule?.conditions?.length ? ps.conditionsModule.conditions : ['(not stated)'],
      sponsor: ps.sponsorCollaboratorsModule.leadSponsor,
      collaborators: ps.sponsorCollaboratorsModule.collaborators ?? [],
      sites:
        locations.length > 0
          ? locations.map((l) => ({
              facility: l.facility,
              ...(l.city ? { city: l.city } : {}),
              ...(l.state ? { state: l.state } : {}),
              country: l.country ?? '(not stated)',
              ...(l.status ? { status: l.status } : {}),
            }))
          : [{ facility: '(not stated)', country: '(not stated)' }],
      targetEnrollment: {
        count: Math.max(1, enrollment?.count ?? 1),
        ...(enrollment?.type ? { type: enrollment.type } : {}),
      },
      productName: product?.name ?? '(not stated)',
      targetAntigen: antigen ?? 'not stated',
      cellType: /\bNK\b|CAR[- ]?NK/i.test(text) ? 'CAR-NK' : 'CAR-T',
      cellSource: /allogeneic/i.test(text)
        ? 'allogeneic'
        : /autologous/i.test(text)
          ? 'autologous'
          : 'not stated',
      sources: [
        note(
          `${API} identificationModule, statusModule, sponsorCollaboratorsModule, designModule`,
          `${id.nctId}: ${id.briefTitle}`,
          'product, target antigen and cell type read from titles and intervention text',
        ),
      ],
    },
    version: {
      number: '0.1',
      effectiveDate: options.asOf,
      status: 'draft',
      supersedes: null,
      summary: `Draft imported from the ClinicalTrials.gov API v2 record of ${id.nctId}.`,
    },
    arms,
    lymphodepletion: {
      drugs: ld.map((i) => ({
        name: i.name.toLowerCase(),
        doseMgPerM2PerDay: null,
        days: [-5, -4, -3],
        renalAdjustment: null,
        sources: [
          note(
            `${API} interventions`,
            i.name,
            'days: typical Days -5 to -3 (regimen-and-dosing.md §5); dose not structured in the record',
          ),
        ],
      })),
      sources: [decided('BSA Mosteller, 2 decimals, no cap (regimen-and-dosing.md §1 defaults)')],
    },
    escalation: {
      design: 'none',
      maxSampleSize: Math.max(1, enrollment?.count ?? 1),
      sources: [decided('escalation design not structured in the record; none until encoded')],
    },
    visitSchedule: {
      visits: defaultVisitTemplate({ assessments: ['platelet count', 'adverse events (CTCAE v5.0)'], lastMonth: 6 }),
      sources: [note('domain/regimen-and-dosing.md §6', undefined, 'default template to Month 6')],
    },
    screening: { sources: [decided('lab lookback 28 days (default)')] },
    eligibility,
    endpoints: { response: {}, responseSources: {}, measures },
    reviewList: review,
  }
  const r = parseProtocol(draft)
  return r.ok ? ok(r.value) : fail(r.issues)
}
