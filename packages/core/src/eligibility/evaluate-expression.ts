/**
 * Evaluate an eligibility expression with Kleene three-valued logic.
 *
 * `all`: false if any child is false, else unknown if any is unknown, else true. `any`: true if any child is
 * true, else unknown if any is unknown, else false. `not`: swaps true and false, keeps unknown. Missing
 * fields are reported only when the value is unknown.
 *
 * Source: expression-schema.ts; ../shared/STYLE.md §8.2.
 */
import { evalConcomitantUse, evalOnMedication, evalStableDose } from './atoms-medication.js'
import { evalLab, evalLabRef } from './atoms-labs.js'
import {
  evalAge,
  evalDiagnosis,
  evalDiseaseDuration,
  evalEcog,
  evalEventWithin,
  evalFinding,
  evalLvef,
  evalSerology,
  evalSex,
} from './atoms-person.js'
import { evalDaysSinceTherapy, evalPriorTherapy } from './atoms-therapy.js'
import type { EligibilityExpression } from './expression-schema.js'
import type { EligibilityEvaluation, EligibilityContext } from './tri-state.js'

function combine(children: EligibilityEvaluation[], decisive: boolean): EligibilityEvaluation {
  const used = Object.assign({}, ...children.map((c) => c.used)) as Record<string, unknown>
  if (children.some((c) => c.value === decisive)) return { value: decisive, missing: [], used }
  const open = children.filter((c) => c.value === null)
  if (open.length > 0) return { value: null, missing: [...new Set(open.flatMap((c) => c.missing))], used }
  return { value: !decisive, missing: [], used }
}

/**
 * @returns true / false / null (missing data, with the fields named) and the facts read
 * @example evaluateExpression({ op: 'age', cmp: '>=', years: 18 }, { profile, asOf: '2025-01-01', labLookbackDays: 28 })
 */
export function evaluateExpression(e: EligibilityExpression, ctx: EligibilityContext): EligibilityEvaluation {
  switch (e.op) {
    case 'all':
      return combine(
        e.of.map((c) => evaluateExpression(c, ctx)),
        false,
      )
    case 'any':
      return combine(
        e.of.map((c) => evaluateExpression(c, ctx)),
        true,
      )
    case 'not': {
      const r = evaluateExpression(e.of, ctx)
      return { ...r, value: r.value === null ? null : !r.value }
    }
    case 'age':
      return evalAge(e, ctx)
    case 'sex':
      return evalSex(e, ctx)
    case 'diagnosis':
      return evalDiagnosis(e, ctx)
    case 'diseaseDuration':
      return evalDiseaseDuration(e, ctx)
    case 'lab':
      return evalLab(e, ctx)
    case 'labRef':
      return evalLabRef(e, ctx)
    case 'priorTherapy':
      return evalPriorTherapy(e, ctx)
    case 'daysSinceTherapy':
      return evalDaysSinceTherapy(e, ctx)
    case 'concomitantUse':
      return evalConcomitantUse(e, ctx)
    case 'onMedication':
      return evalOnMedication(e, ctx)
    case 'stableDose':
      return evalStableDose(e, ctx)
    case 'finding':
      return evalFinding(e, ctx)
    case 'serology':
      return evalSerology(e, ctx)
    case 'ecog':
      return evalEcog(e, ctx)
    case 'lvef':
      return evalLvef(e, ctx)
    case 'eventWithin':
      return evalEventWithin(e, ctx)
  }
}
