/**
 * The subject journey as an explicit state machine: consent, screening, enrolment, apheresis, manufacturing,
 * release, lymphodepletion, infusion, follow-up, completion; withdrawal, loss to follow-up and death from any
 * active state with a required reason.
 *
 * Source: regimen-and-dosing.md §5 (autologous workflow: screening & consent, enrolment & COI assignment,
 * leukapheresis "repeat if collection fails", manufacturing, release testing, LD, infusion, monitoring; §3
 * product below target: "infuse as out-of-specification, re-manufacture, or lower dose level"), §4 follow-up
 * (short-term, then long-term, e.g. NCT06352281 >= 12 months if durable remission at week 12).
 * The transition table is data (`JOURNEY_TRANSITIONS`) so the UI can list allowed actions.
 */
import { daysBetween, isIsoDate, type IsoDate } from '../dates/index.js'
import { fail, ok, type Issue, type Result } from '../result.js'

export const SUBJECT_STATUSES = [
  'consented',
  'screening',
  'screen-failed',
  'enrolled',
  'apheresis',
  'manufacturing',
  'manufacturing-failed',
  'out-of-specification',
  'released',
  'lymphodepletion',
  'infused',
  'short-term-follow-up',
  'long-term-follow-up',
  'completed',
  'withdrawn',
  'lost-to-follow-up',
  'died',
] as const
export type SubjectStatus = (typeof SUBJECT_STATUSES)[number]

/** States with no way out. */
export const TERMINAL_SUBJECT_STATUSES: readonly SubjectStatus[] = [
  'screen-failed',
  'completed',
  'withdrawn',
  'lost-to-follow-up',
  'died',
]

/** Exits reachable from every active (non-terminal) state; each needs a reason. */
const EXITS = { withdraw: 'withdrawn', 'lose-to-follow-up': 'lost-to-follow-up', die: 'died' } as const

/** Events of the ordinary path: type -> (from -> to). */
export const JOURNEY_TRANSITIONS = {
  'start-screening': { consented: 'screening' },
  'fail-screening': { screening: 'screen-failed' },
  enrol: { screening: 'enrolled' },
  'start-apheresis': { enrolled: 'apheresis' },
  /** collection failed: a new collection (§5 "repeat if collection fails") */
  'repeat-apheresis': { apheresis: 'apheresis' },
  'start-manufacturing': { apheresis: 'manufacturing' },
  release: { manufacturing: 'released' },
  'report-manufacturing-failure': { manufacturing: 'manufacturing-failed' },
  'report-out-of-specification': { manufacturing: 'out-of-specification' },
  're-apheresis': { 'manufacturing-failed': 'apheresis', 'out-of-specification': 'apheresis' },
  're-manufacture': { 'manufacturing-failed': 'manufacturing', 'out-of-specification': 'manufacturing' },
  /** the protocol allows infusing an out-of-specification product (§3 PROTOCOL DECISION) */
  'release-out-of-specification': { 'out-of-specification': 'released' },
  'start-lymphodepletion': { released: 'lymphodepletion' },
  infuse: { lymphodepletion: 'infused' },
  'start-short-term-follow-up': { infused: 'short-term-follow-up' },
  'start-long-term-follow-up': { 'short-term-follow-up': 'long-term-follow-up' },
  complete: { 'short-term-follow-up': 'completed', 'long-term-follow-up': 'completed' },
} as const satisfies Record<string, Partial<Record<SubjectStatus, SubjectStatus>>>

export type JourneyEventType = keyof typeof JOURNEY_TRANSITIONS | keyof typeof EXITS
export const JOURNEY_EVENT_TYPES = [
  ...Object.keys(JOURNEY_TRANSITIONS),
  ...Object.keys(EXITS),
] as JourneyEventType[]

/** Events whose record must say why. */
export const REASON_REQUIRED_EVENTS: readonly JourneyEventType[] = [
  'fail-screening',
  'repeat-apheresis',
  'report-manufacturing-failure',
  'report-out-of-specification',
  're-apheresis',
  're-manufacture',
  'release-out-of-specification',
  'withdraw',
  'lose-to-follow-up',
  'die',
]

export interface JourneyEvent {
  type: JourneyEventType
  /** calendar date of the event, YYYY-MM-DD */
  on: string
  reason?: string
}

export interface JourneyStep {
  from: SubjectStatus
  to: SubjectStatus
  event: JourneyEventType
  on: IsoDate
  reason: string | null
}

export interface SubjectJourney {
  status: SubjectStatus
  /** date of the last transition (consent date at first) */
  since: IsoDate
  apheresisCount: number
  manufacturingCount: number
  /** the product was released out of specification */
  releasedOutOfSpecification: boolean
  infusionDate: IsoDate | null
  /** reason of a terminal exit (screen failure, withdrawal, loss, death) */
  exitReason: string | null
  history: readonly JourneyStep[]
}

const SOURCE = 'regimen-and-dosing.md §5 (workflow)'

/** A new journey at consent. */
export function startJourney(consentDate: IsoDate): SubjectJourney {
  return {
    status: 'consented',
    since: consentDate,
    apheresisCount: 0,
    manufacturingCount: 0,
    releasedOutOfSpecification: false,
    infusionDate: null,
    exitReason: null,
    history: [],
  }
}

/** Target status of `type` from `status`, or undefined when not allowed. */
function target(status: SubjectStatus, type: JourneyEventType): SubjectStatus | undefined {
  // own keys only: `type in EXITS` and `row[status]` also found inherited names, so an event read from data as
  // "constructor" or "toString" moved the subject into a function instead of being refused
  if (!SUBJECT_STATUSES.includes(status) || TERMINAL_SUBJECT_STATUSES.includes(status)) return undefined
  if (Object.hasOwn(EXITS, type)) return EXITS[type as keyof typeof EXITS]
  if (!Object.hasOwn(JOURNEY_TRANSITIONS, type)) return undefined
  const row: Partial<Record<SubjectStatus, SubjectStatus>> = JOURNEY_TRANSITIONS[type as keyof typeof JOURNEY_TRANSITIONS]
  return Object.hasOwn(row, status) ? row[status] : undefined
}

/** Events allowed from the journey's current status (for UI buttons), in table order. */
export function allowedJourneyEvents(journey: Pick<SubjectJourney, 'status'>): JourneyEventType[] {
  return JOURNEY_EVENT_TYPES.filter((t) => target(journey.status, t) !== undefined)
}

/**
 * Apply one event.
 * @returns the new journey, or issues: `journey.illegal_transition` (names the status and the allowed events),
 *   `journey.reason_required`, `journey.invalid_date`, `journey.date_before_previous`
 * @example transitionJourney(startJourney('2024-01-02'), { type: 'start-screening', on: '2024-01-02' }) // status screening
 */
export function transitionJourney(journey: SubjectJourney, event: JourneyEvent): Result<SubjectJourney> {
  const to = target(journey.status, event.type)
  const issues: Issue[] = []
  if (to === undefined) {
    const allowed = allowedJourneyEvents(journey)
    issues.push({
      code: 'journey.illegal_transition',
      path: ['type'],
      message: `event "${String(event.type)}" is not allowed when the subject is "${journey.status}"; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none (final state)'}`,
      source: SOURCE,
    })
  }
  const reason = typeof event.reason === 'string' ? event.reason.trim() : ''
  if (REASON_REQUIRED_EVENTS.includes(event.type) && reason === '') {
    issues.push({
      code: 'journey.reason_required',
      path: ['reason'],
      message: `event "${event.type}" needs a reason`,
      source: SOURCE,
    })
  }
  if (!isIsoDate(event.on)) {
    issues.push({
      code: 'journey.invalid_date',
      path: ['on'],
      message: `event date is not YYYY-MM-DD: ${String(event.on)}`,
      source: SOURCE,
    })
  } else if (daysBetween(journey.since, event.on) < 0) {
    issues.push({
      code: 'journey.date_before_previous',
      path: ['on'],
      message: `event date ${event.on} is before the previous step on ${journey.since}`,
      source: SOURCE,
    })
  }
  if (issues.length > 0 || to === undefined || !isIsoDate(event.on)) return fail(issues)
  const on = event.on
  return ok({
    status: to,
    since: on,
    apheresisCount: journey.apheresisCount + (to === 'apheresis' ? 1 : 0),
    manufacturingCount: journey.manufacturingCount + (to === 'manufacturing' ? 1 : 0),
    releasedOutOfSpecification:
      event.type === 'release-out-of-specification' ||
      (journey.releasedOutOfSpecification && event.type !== 'release'),
    infusionDate: event.type === 'infuse' ? on : journey.infusionDate,
    exitReason: TERMINAL_SUBJECT_STATUSES.includes(to) && reason !== '' ? reason : journey.exitReason,
    history: [
      ...journey.history,
      { from: journey.status, to, event: event.type, on, reason: reason === '' ? null : reason },
    ],
  })
}
