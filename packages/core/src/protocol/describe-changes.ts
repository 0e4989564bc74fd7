/**
 * The differences between two protocol versions in words, grouped by what a reviewer of an amendment reads:
 * eligibility criteria, arms and dose levels, the lymphodepletion regimen, escalation, the visit schedule,
 * screening settings, endpoint parameters and outcome measures, safety grading settings, identification. Each change carries the old
 * and the new value as text, so "rThreshold: 30 -> 50" reads the same in the viewer and in the audit trail.
 *
 * Items with ids (criteria, arms, dose levels, visits, measures) are matched by id; LD drugs by name. The
 * `version` block is not a change of content (it is the amendment's label) and is left out; source notes
 * are reported as "sources changed" without their text.
 *
 * Source: task brief item 1 ("amendments make a new version"), item 7 ("the differences between protocol
 * versions"); ../shared/domain/response-itp.md §3.2 (the endpoint parameters compared here);
 * ../shared/domain/regimen-and-dosing.md §1-§4 (regimen and dose fields), §6 (visit windows).
 */
import type { Criterion } from '../eligibility/criterion-schema.js'
import type { Arm, ProtocolCellDose, ProtocolDoseLevel } from './arms.js'
import { diffProtocolVersions } from './diff-versions.js'
import type { LdDrug, RenalAdjustment } from './lymphodepletion.js'
import type { OutcomeMeasure } from './endpoints.js'
import type { Protocol } from './protocol-schema.js'
import type { ProtocolVisit } from './visits.js'

export type ProtocolChangeArea =
  | 'identification'
  | 'eligibility'
  | 'arms'
  | 'regimen'
  | 'escalation'
  | 'visits'
  | 'screening'
  | 'endpoints'
  | 'safety'
  | 'review'

/** One change between two versions. `old` is null for an addition, `new` null for a removal. */
export interface ProtocolChangeDescription {
  area: ProtocolChangeArea
  kind: 'added' | 'removed' | 'changed'
  /** what changed, e.g. `INC-5`, `DL2 dose`, `rThreshold`, `visit D28 window` */
  item: string
  old: string | null
  new: string | null
  /** the change as one English sentence */
  text: string
}

type Out = ProtocolChangeDescription[]

const same = (a: unknown, b: unknown): boolean => diffProtocolVersions(a, b).length === 0

/** A value as short text: strings verbatim, numbers in plain notation, null as "none", objects as JSON. */
export function formatProtocolValue(v: unknown): string {
  if (v === null || v === undefined) return 'none'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.length === 0 ? 'none' : v.join(', ')
  return JSON.stringify(v)
}

const sci = (n: number): string => {
  if (n === 0) return '0'
  const e = Math.floor(Math.log10(Math.abs(n)))
  if (e < 4) return String(n)
  return `${Number((n / 10 ** e).toPrecision(3))}x10^${e}`
}

/** A cell dose in words (regimen-and-dosing.md §3). */
export function formatCellDose(d: ProtocolCellDose): string {
  if (d.kind === 'per-kg') return `${sci(d.cellsPerKg)} cells/kg${d.maxWeightKg === null ? '' : ` (weight capped at ${d.maxWeightKg} kg)`}`
  if (d.kind === 'flat') return `${sci(d.cells)} cells (flat)`
  return `unspecified: ${d.note}`
}

const renalText = (r: RenalAdjustment | null): string =>
  r === null
    ? 'none'
    : r.bands
        .map((b) => `${b.min ?? 0}-${b.max === null ? 'inf' : `<${b.max}`}: ${b.factor === null ? 'not given' : `x${b.factor}`}`)
        .join('; ')

const drugDoseText = (d: LdDrug): string =>
  `${d.doseMgPerM2PerDay === null ? 'dose not stated' : `${d.doseMgPerM2PerDay} mg/m2/day`} on days ${d.days.join(', ')}`

const visitText = (v: ProtocolVisit): string =>
  `Day ${v.day}, window -${v.windowBefore}/+${v.windowAfter}: ${v.assessments.join(', ')}`

const windowText = (m: OutcomeMeasure): string => `Day ${m.window.startDay} to ${m.window.endDay === null ? 'data cut-off' : `Day ${m.window.endDay}`}`

function push(out: Out, area: ProtocolChangeArea, kind: ProtocolChangeDescription['kind'], item: string, old: string | null, next: string | null, text: string) {
  out.push({ area, kind, item, old, new: next, text })
}

/** `label: old -> new` for one field. */
function changed(out: Out, area: ProtocolChangeArea, item: string, label: string, a: unknown, b: unknown) {
  if (same(a, b)) return
  const o = formatProtocolValue(a)
  const n = formatProtocolValue(b)
  push(out, area, 'changed', item, o, n, `${label}: ${o} -> ${n}`)
}

/** Leaf-by-leaf changes of a nested value, each as `label path: old -> new` (source notes summarised). */
function leaves(out: Out, area: ProtocolChangeArea, item: string, label: string, a: unknown, b: unknown) {
  let sourcesChanged = false
  for (const c of diffProtocolVersions(a, b)) {
    if (c.path.includes('sources')) {
      sourcesChanged = true
      continue
    }
    const where = c.path.map(String).join('.')
    changed(out, area, where ? `${item} ${where}` : item, where ? `${label} ${where}` : label, c.old, c.new)
  }
  if (sourcesChanged) push(out, area, 'changed', `${item} sources`, null, null, `${label}: sources changed`)
}

/** Match two lists by key: call `onAdd`, `onRemove`, `onBoth` in the order of `b` then the removed of `a`. */
function matchBy<T>(a: readonly T[], b: readonly T[], key: (x: T) => string, on: { add: (x: T) => void; remove: (x: T) => void; both: (x: T, y: T) => void }) {
  const byA = new Map(a.map((x) => [key(x), x]))
  const keysB = new Set(b.map(key))
  for (const y of b) {
    const x = byA.get(key(y))
    if (x === undefined) on.add(y)
    else on.both(x, y)
  }
  for (const x of a) if (!keysB.has(key(x))) on.remove(x)
}

function eligibility(out: Out, a: readonly Criterion[], b: readonly Criterion[]) {
  const label = (c: Criterion) => `${c.type} criterion ${c.id}`
  matchBy(a, b, (c) => c.id, {
    add: (c) => push(out, 'eligibility', 'added', c.id, null, c.text, `Eligibility ${label(c)} added: "${c.text}"`),
    remove: (c) => push(out, 'eligibility', 'removed', c.id, c.text, null, `Eligibility ${label(c)} removed: "${c.text}"`),
    both: (x, y) => {
      changed(out, 'eligibility', `${y.id} type`, `Eligibility criterion ${y.id} type`, x.type, y.type)
      if (x.text !== y.text) push(out, 'eligibility', 'changed', `${y.id} text`, x.text, y.text, `Eligibility ${label(y)} text: "${x.text}" -> "${y.text}"`)
      if (x.rule.kind !== y.rule.kind) changed(out, 'eligibility', `${y.id} rule`, `Eligibility ${label(y)} rule`, x.rule.kind, y.rule.kind)
      else leaves(out, 'eligibility', `${y.id} rule`, `Eligibility ${label(y)} rule`, x.rule, y.rule)
      if (!same(x.sources, y.sources)) push(out, 'eligibility', 'changed', `${y.id} sources`, null, null, `Eligibility ${label(y)}: sources changed`)
    },
  })
}

function arms(out: Out, a: readonly Arm[], b: readonly Arm[]) {
  matchBy(a, b, (x) => x.id, {
    add: (arm) =>
      push(out, 'arms', 'added', arm.id, null, arm.label, `Arm ${arm.id} added: ${arm.label} (${arm.doseLevels.map((l) => `${l.id} ${formatCellDose(l.dose)}`).join('; ')})`),
    remove: (arm) => push(out, 'arms', 'removed', arm.id, arm.label, null, `Arm ${arm.id} removed: ${arm.label}`),
    both: (x, y) => {
      changed(out, 'arms', `${y.id} label`, `Arm ${y.id} label`, x.label, y.label)
      changed(out, 'arms', `${y.id} type`, `Arm ${y.id} type`, x.type, y.type)
      changed(out, 'arms', `${y.id} description`, `Arm ${y.id} description`, x.description, y.description)
      changed(out, 'arms', `${y.id} infusions`, `Arm ${y.id} infusions per patient`, x.infusions, y.infusions)
      // regimen-and-dosing.md §3 cell-dose PROTOCOL DECISIONS
      leaves(out, 'arms', `${y.id} cellDosing`, `Arm ${y.id} cell dosing`, x.cellDosing, y.cellDosing)
      if (!same(x.sources, y.sources)) push(out, 'arms', 'changed', `${y.id} sources`, null, null, `Arm ${y.id}: sources changed`)
      matchBy<ProtocolDoseLevel>(x.doseLevels, y.doseLevels, (l) => l.id, {
        add: (l) => push(out, 'arms', 'added', l.id, null, formatCellDose(l.dose), `Dose level ${l.id} (${l.label}) added to arm ${y.id}: ${formatCellDose(l.dose)}`),
        remove: (l) => push(out, 'arms', 'removed', l.id, formatCellDose(l.dose), null, `Dose level ${l.id} (${l.label}) removed from arm ${y.id}: was ${formatCellDose(l.dose)}`),
        both: (p, q) => {
          if (!same(p.dose, q.dose)) {
            const o = formatCellDose(p.dose)
            const n = formatCellDose(q.dose)
            push(out, 'arms', 'changed', `${q.id} dose`, o, n, `Dose level ${q.id} dose: ${o} -> ${n}`)
          }
          changed(out, 'arms', `${q.id} label`, `Dose level ${q.id} label`, p.label, q.label)
          if (!same(p.sources, q.sources)) push(out, 'arms', 'changed', `${q.id} sources`, null, null, `Dose level ${q.id}: sources changed`)
        },
      })
      const order = (arm: Arm) => arm.doseLevels.map((l) => l.id).filter((id) => x.doseLevels.some((l) => l.id === id) && y.doseLevels.some((l) => l.id === id))
      changed(out, 'arms', `${y.id} dose order`, `Arm ${y.id} dose level order`, order(x), order(y))
    },
  })
}

function regimen(out: Out, a: Protocol['lymphodepletion'], b: Protocol['lymphodepletion']) {
  matchBy(a.drugs, b.drugs, (d) => d.name, {
    add: (d) => push(out, 'regimen', 'added', d.name, null, drugDoseText(d), `Lymphodepletion drug ${d.name} added: ${drugDoseText(d)}`),
    remove: (d) => push(out, 'regimen', 'removed', d.name, drugDoseText(d), null, `Lymphodepletion drug ${d.name} removed: was ${drugDoseText(d)}`),
    both: (x, y) => {
      changed(out, 'regimen', `${y.name} dose`, `${y.name} dose (mg/m2/day)`, x.doseMgPerM2PerDay, y.doseMgPerM2PerDay)
      changed(out, 'regimen', `${y.name} days`, `${y.name} protocol days`, x.days, y.days)
      if (!same(x.renalAdjustment, y.renalAdjustment)) {
        const bandsSame = same(x.renalAdjustment?.bands ?? null, y.renalAdjustment?.bands ?? null)
        if (!bandsSame || x.renalAdjustment === null || y.renalAdjustment === null)
          changed(out, 'regimen', `${y.name} renal adjustment`, `${y.name} renal adjustment`, renalText(x.renalAdjustment), renalText(y.renalAdjustment))
        if (x.renalAdjustment && y.renalAdjustment) {
          const { bands: _a, ...ra } = x.renalAdjustment
          const { bands: _b, ...rb } = y.renalAdjustment
          leaves(out, 'regimen', `${y.name} renal adjustment`, `${y.name} renal adjustment`, ra, rb)
        }
      }
      if (!same(x.sources, y.sources)) push(out, 'regimen', 'changed', `${y.name} sources`, null, null, `${y.name}: sources changed`)
    },
  })
  const order = (l: Protocol['lymphodepletion']) => l.drugs.map((d) => d.name)
  if (a.drugs.length === b.drugs.length && a.drugs.every((d) => b.drugs.some((e) => e.name === d.name)))
    changed(out, 'regimen', 'drug order', 'Lymphodepletion drug order', order(a), order(b))
  changed(out, 'regimen', 'bsaFormula', 'BSA formula', a.bsaFormula, b.bsaFormula)
  changed(out, 'regimen', 'bsaDecimals', 'BSA decimals', a.bsaDecimals, b.bsaDecimals)
  changed(out, 'regimen', 'bsaCapM2', 'BSA cap (m2)', a.bsaCapM2, b.bsaCapM2)
  changed(out, 'regimen', 'weightWithinDaysBeforeLd', 'Weight measured within days before LD', a.weightWithinDaysBeforeLd, b.weightWithinDaysBeforeLd)
  // regimen-and-dosing.md §1 dose rounding PROTOCOL DECISIONS
  changed(out, 'regimen', 'prescribedIncrementMg', 'Prescribed dose step (mg)', a.prescribedIncrementMg, b.prescribedIncrementMg)
  changed(out, 'regimen', 'calculatedDisplayDecimals', 'Calculated dose decimals', a.calculatedDisplayDecimals, b.calculatedDisplayDecimals)
  changed(out, 'regimen', 'vialRoundingPercent', 'Vial rounding tolerance (%)', a.vialRoundingPercent, b.vialRoundingPercent)
  if (!same(a.sources, b.sources)) push(out, 'regimen', 'changed', 'sources', null, null, 'Lymphodepletion: sources changed')
}

function visits(out: Out, a: Protocol['visitSchedule'], b: Protocol['visitSchedule']) {
  matchBy(a.visits, b.visits, (v) => v.id, {
    add: (v) => push(out, 'visits', 'added', v.id, null, visitText(v), `Visit ${v.id} (${v.label}) added: ${visitText(v)}`),
    remove: (v) => push(out, 'visits', 'removed', v.id, visitText(v), null, `Visit ${v.id} (${v.label}) removed: was ${visitText(v)}`),
    both: (x, y) => {
      changed(out, 'visits', `${y.id} label`, `Visit ${y.id} label`, x.label, y.label)
      changed(out, 'visits', `${y.id} day`, `Visit ${y.id} protocol day`, x.day, y.day)
      const w = (v: ProtocolVisit) => `-${v.windowBefore}/+${v.windowAfter} days`
      changed(out, 'visits', `${y.id} window`, `Visit ${y.id} window`, w(x), w(y))
      const added = y.assessments.filter((s) => !x.assessments.includes(s))
      const removed = x.assessments.filter((s) => !y.assessments.includes(s))
      if (added.length > 0) push(out, 'visits', 'added', `${y.id} assessments`, null, added.join(', '), `Visit ${y.id} assessments added: ${added.join(', ')}`)
      if (removed.length > 0) push(out, 'visits', 'removed', `${y.id} assessments`, removed.join(', '), null, `Visit ${y.id} assessments removed: ${removed.join(', ')}`)
    },
  })
  if (!same(a.sources, b.sources)) push(out, 'visits', 'changed', 'sources', null, null, 'Visit schedule: sources changed')
}

function endpoints(out: Out, a: Protocol['endpoints'], b: Protocol['endpoints']) {
  const keys = [...new Set([...Object.keys(a.response), ...Object.keys(b.response)])] as (keyof Protocol['endpoints']['response'])[]
  for (const k of keys) {
    const x = a.response[k]
    const y = b.response[k]
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) leaves(out, 'endpoints', k, `Endpoint parameter ${k}`, x, y)
    else changed(out, 'endpoints', k, `Endpoint parameter ${k}`, x, y)
  }
  const sourceKeys = [...new Set([...Object.keys(a.responseSources), ...Object.keys(b.responseSources)])]
  const changedSources = sourceKeys.filter((k) => !same(a.responseSources[k], b.responseSources[k]))
  if (changedSources.length > 0)
    push(out, 'endpoints', 'changed', 'responseSources', null, null, `Endpoint parameter sources changed: ${changedSources.join(', ')}`)
  // regimen-and-dosing.md §7, §8 PROTOCOL DECISIONS
  leaves(out, 'endpoints', 'kinetics', 'CAR kinetics', a.kinetics, b.kinetics)
  leaves(out, 'endpoints', 'bCellAplasia', 'B-cell aplasia', a.bCellAplasia, b.bCellAplasia)
  matchBy(a.measures, b.measures, (m) => m.id, {
    add: (m) => push(out, 'endpoints', 'added', m.id, null, m.measure, `Outcome measure ${m.id} (${m.kind}) added: ${m.measure}, ${windowText(m)}`),
    remove: (m) => push(out, 'endpoints', 'removed', m.id, m.measure, null, `Outcome measure ${m.id} (${m.kind}) removed: ${m.measure}`),
    both: (x, y) => {
      changed(out, 'endpoints', `${y.id} kind`, `Outcome measure ${y.id} kind`, x.kind, y.kind)
      changed(out, 'endpoints', `${y.id} measure`, `Outcome measure ${y.id}`, x.measure, y.measure)
      changed(out, 'endpoints', `${y.id} description`, `Outcome measure ${y.id} description`, x.description, y.description)
      changed(out, 'endpoints', `${y.id} timeFrame`, `Outcome measure ${y.id} time frame`, x.timeFrame, y.timeFrame)
      changed(out, 'endpoints', `${y.id} window`, `Outcome measure ${y.id} evaluation window`, windowText(x), windowText(y))
      if (!same(x.sources, y.sources)) push(out, 'endpoints', 'changed', `${y.id} sources`, null, null, `Outcome measure ${y.id}: sources changed`)
    },
  })
}

function review(out: Out, a: readonly string[], b: readonly string[]) {
  for (const r of b) if (!a.includes(r)) push(out, 'review', 'added', 'reviewList', null, r, `Review item added: ${r}`)
  for (const r of a) if (!b.includes(r)) push(out, 'review', 'removed', 'reviewList', r, null, `Review item removed: ${r}`)
}

/**
 * Describe what changes from protocol version `a` to version `b`, in words.
 * @param a the earlier (or any) version, parsed
 * @param b the later (or any) version, parsed
 * @returns every change, grouped by area in the order: identification, eligibility, arms, regimen,
 *   escalation, visits, screening, endpoints, safety, review; empty when the contents are the same
 * @example describeProtocolChanges(v1, v2)
 * // [{ area: 'endpoints', kind: 'changed', item: 'rThreshold', old: '30', new: '50',
 * //    text: 'Endpoint parameter rThreshold: 30 -> 50' }]
 */
export function describeProtocolChanges(a: Protocol, b: Protocol): ProtocolChangeDescription[] {
  const out: Out = []
  leaves(out, 'identification', 'identification', 'Identification', a.identification, b.identification)
  changed(out, 'identification', 'schemaVersion', 'Schema version', a.schemaVersion, b.schemaVersion)
  eligibility(out, a.eligibility, b.eligibility)
  arms(out, a.arms, b.arms)
  regimen(out, a.lymphodepletion, b.lymphodepletion)
  if (a.escalation.design !== b.escalation.design) changed(out, 'escalation', 'design', 'Escalation design', a.escalation.design, b.escalation.design)
  leaves(out, 'escalation', 'escalation', 'Escalation', { ...a.escalation, design: undefined }, { ...b.escalation, design: undefined })
  visits(out, a.visitSchedule, b.visitSchedule)
  leaves(out, 'screening', 'screening', 'Screening', a.screening, b.screening)
  endpoints(out, a.endpoints, b.endpoints)
  // DORIS / LLDAS PROTOCOL DECISIONs (protocol/lupus.ts): endpoint definitions, so reported with the endpoints
  leaves(out, 'endpoints', 'lupus', 'Lupus setting', a.lupus, b.lupus)
  // safety-grading.md PROTOCOL DECISIONs (protocol/safety.ts): a changed rule changes graded results
  leaves(out, 'safety', 'safety', 'Safety grading', a.safety, b.safety)
  review(out, a.reviewList, b.reviewList)
  return out
}
