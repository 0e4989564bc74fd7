import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, isoDate } from '../dates/index.js'
import {
  allowedJourneyEvents,
  JOURNEY_EVENT_TYPES,
  JOURNEY_TRANSITIONS,
  REASON_REQUIRED_EVENTS,
  startJourney,
  SUBJECT_STATUSES,
  TERMINAL_SUBJECT_STATUSES,
  transitionJourney,
  type JourneyEvent,
  type JourneyEventType,
  type SubjectJourney,
  type SubjectStatus,
} from './subject-lifecycle.js'

const D0 = isoDate('2024-01-02')
function run(types: JourneyEventType[]): SubjectJourney {
  let j = startJourney(D0)
  types.forEach((type, i) => {
    const r = transitionJourney(j, { type, on: addDays(D0, i), reason: 'documented' })
    if (!r.ok) throw new Error(r.issues.map((x) => x.message).join('; '))
    j = r.value
  })
  return j
}
const HAPPY: JourneyEventType[] = [
  'start-screening',
  'enrol',
  'start-apheresis',
  'start-manufacturing',
  'release',
  'start-lymphodepletion',
  'infuse',
  'start-short-term-follow-up',
  'start-long-term-follow-up',
  'complete',
]

describe('subject journey state machine (regimen-and-dosing.md §5)', () => {
  it('walks the ordinary path to completed and records the infusion date', () => {
    const j = run(HAPPY)
    expect(j.status).toBe('completed')
    expect(j.infusionDate).toBe(addDays(D0, 6))
    expect(j.history.map((h) => h.to)).toEqual([
      'screening',
      'enrolled',
      'apheresis',
      'manufacturing',
      'released',
      'lymphodepletion',
      'infused',
      'short-term-follow-up',
      'long-term-follow-up',
      'completed',
    ])
    expect(allowedJourneyEvents(j)).toEqual([])
  })

  it('handles manufacturing failure with re-apheresis and an out-of-specification release', () => {
    const j = run([
      'start-screening',
      'enrol',
      'start-apheresis',
      'start-manufacturing',
      'report-manufacturing-failure',
      're-apheresis',
      'start-manufacturing',
      'report-out-of-specification',
      'release-out-of-specification',
    ])
    expect(j).toMatchObject({
      status: 'released',
      apheresisCount: 2,
      manufacturingCount: 2,
      releasedOutOfSpecification: true,
    })
  })

  it('lists the allowed events per state for the UI', () => {
    expect(allowedJourneyEvents({ status: 'screening' })).toEqual([
      'fail-screening',
      'enrol',
      'withdraw',
      'lose-to-follow-up',
      'die',
    ])
    expect(allowedJourneyEvents({ status: 'out-of-specification' })).toEqual([
      're-apheresis',
      're-manufacture',
      'release-out-of-specification',
      'withdraw',
      'lose-to-follow-up',
      'die',
    ])
  })

  it('refuses an illegal transition with a clear message and leaves no trace', () => {
    const j = run(['start-screening'])
    const r = transitionJourney(j, { type: 'infuse', on: '2024-02-01' })
    expect(r.ok).toBe(false)
    expect(r.issues?.[0]?.code).toBe('journey.illegal_transition')
    expect(r.issues?.[0]?.message).toBe(
      'event "infuse" is not allowed when the subject is "screening"; allowed: fail-screening, enrol, withdraw, lose-to-follow-up, die',
    )
  })

  it('requires a reason to withdraw, and a date not before the last step', () => {
    const j = run(['start-screening', 'enrol'])
    expect(transitionJourney(j, { type: 'withdraw', on: '2024-02-01', reason: '  ' }).issues?.[0]?.code).toBe(
      'journey.reason_required',
    )
    expect(transitionJourney(j, { type: 'start-apheresis', on: '2023-12-01' }).issues?.[0]?.code).toBe(
      'journey.date_before_previous',
    )
    const w = transitionJourney(j, { type: 'withdraw', on: '2024-02-01', reason: 'consent withdrawn' })
    expect(w.value).toMatchObject({ status: 'withdrawn', exitReason: 'consent withdrawn' })
  })
})

describe('state machine properties (fast-check)', () => {
  const eventArb = fc.record({
    type: fc.constantFrom(...JOURNEY_EVENT_TYPES),
    gap: fc.integer({ min: -2, max: 30 }),
    reason: fc.constantFrom(undefined, '', 'why'),
  })
  const inTable = (from: SubjectStatus, type: JourneyEventType, to: SubjectStatus): boolean => {
    if (type === 'withdraw') return to === 'withdrawn'
    if (type === 'lose-to-follow-up') return to === 'lost-to-follow-up'
    if (type === 'die') return to === 'died'
    return (JOURNEY_TRANSITIONS[type] as Partial<Record<SubjectStatus, SubjectStatus>>)[from] === to
  }

  it('no sequence of events reaches an illegal state or an illegal step', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (events) => {
        let j = startJourney(D0)
        for (const e of events) {
          const event: JourneyEvent = {
            type: e.type,
            on: addDays(j.since, e.gap),
            ...(e.reason === undefined ? {} : { reason: e.reason }),
          }
          const allowed = allowedJourneyEvents(j).includes(e.type)
          const valid =
            allowed && e.gap >= 0 && (!REASON_REQUIRED_EVENTS.includes(e.type) || e.reason === 'why')
          const r = transitionJourney(j, event)
          if (r.ok !== valid) return false
          if (r.ok) j = r.value
        }
        // every step follows the table and the chain is continuous
        const chained = j.history.every((s, i) =>
          i === 0 ? s.from === 'consented' : j.history[i - 1]?.to === s.from,
        )
        const legal = j.history.every(
          (s) => inTable(s.from, s.event, s.to) && !TERMINAL_SUBJECT_STATUSES.includes(s.from),
        )
        const infusedOnlyAfterLd = j.history.every((s) => s.to !== 'infused' || s.from === 'lymphodepletion')
        const postInfusion: SubjectStatus[] = [
          'infused',
          'short-term-follow-up',
          'long-term-follow-up',
          'completed',
        ]
        const hasInfusion = !postInfusion.includes(j.status) || j.infusionDate !== null
        const releasedNeedsManufacture =
          !j.history.some((s) => s.to === 'released') || j.manufacturingCount > 0
        return (
          SUBJECT_STATUSES.includes(j.status) &&
          chained &&
          legal &&
          infusedOnlyAfterLd &&
          hasInfusion &&
          releasedNeedsManufacture
        )
      }),
    )
  })

  it('final states allow nothing; every active state allows the three exits', () => {
    for (const s of SUBJECT_STATUSES) {
      const allowed = allowedJourneyEvents({ status: s })
      if (TERMINAL_SUBJECT_STATUSES.includes(s)) expect(allowed).toEqual([])
      else expect(allowed).toEqual(expect.arrayContaining(['withdraw', 'lose-to-follow-up', 'die']))
    }
  })
})
