/**
 * CAR cellular kinetics from one subject's samples: Cmax, Tmax, AUC0-28d (linear trapezoidal), Clast, Tlast.
 *
 * Source: regimen-and-dosing.md §7. Mueller KT et al. Clinical pharmacology of tisagenlecleucel in B-cell ALL.
 * Clin Cancer Res 2018;24(24):6175-6184. Awasthi R et al. Tisagenlecleucel cellular kinetics ... in r/r DLBCL.
 * Blood Adv 2020;4(3):560-572.
 * - Cmax = maximum observed level after infusion; Tmax = its protocol day (first occurrence if tied).
 * - AUC0-28d = sum of (t[i+1] - t[i]) x (C[i] + C[i+1]) / 2 over Day 0-28 (units: level x day).
 * - Clast / Tlast = last quantifiable level / its day (a level of 0 is below any LLOQ, hence BLQ).
 * PROTOCOL DECISIONS (§7 defaults, parameters here): pre-infusion level set to 0; values below LLOQ before
 * Tmax = 0, after Tmax = excluded from AUC and Tlast; AUC0-28d requires a sample within Day 28 +- 2 and no
 * interpolation beyond the last sample; actual sampling day is used.
 * Reading of the rules: samples on Day <= 0 are pre-infusion; the curve starts at (Day 0, pre-infusion level);
 * the AUC ends at the sample closest to Day 28 within the window (tie -> earlier, as in §6) and a BLQ sample
 * there still satisfies the window (the area then ends at the last quantifiable level before it).
 */
import { fail, ok, type Issue, type Result } from '../result.js'

export interface KineticsSample {
  /** actual sampling day from infusion (Day 0); fractions allowed */
  day: number
  /** level (e.g. copies/ug gDNA), or `BLQ` when reported below the limit of quantification */
  level: number | 'BLQ'
}

export interface CarKineticsOptions {
  /** numeric levels strictly below are BLQ; null = only `BLQ` entries are BLQ */
  lloq?: number | null
  /** PROTOCOL DECISION, default 0 */
  preInfusionLevel?: number
  /** PROTOCOL DECISION, default 28 */
  aucEndDay?: number
  /** PROTOCOL DECISION, default 2 (a sample within Day 28 +- 2 is required) */
  aucEndWindowDays?: number
  /** BLQ sample before Tmax (or with no quantifiable level): `zero` (PROTOCOL DECISION, default) or `exclude` from the AUC */
  blqBeforeTmax?: 'zero' | 'exclude'
  /** BLQ sample at/after Tmax: `exclude` from the AUC (PROTOCOL DECISION, default) or `zero` */
  blqAfterTmax?: 'exclude' | 'zero'
}

export interface CarKinetics {
  cmax: number | null
  tmax: number | null
  clast: number | null
  tlast: number | null
  /** null when no sample lies in the end window */
  auc: number | null
  /** day the AUC ends (last point used), null with auc */
  aucEndDay: number | null
  /** the points integrated, in order */
  aucPoints: { day: number; level: number }[]
  /** one area per interval between consecutive points */
  trapezoids: number[]
  notes: string[]
}

const SOURCE = 'regimen-and-dosing.md §7 (CAR kinetics)'

/** A sample's protocol day that is not a number (sample `i`, 0-based), as an issue; undefined when it is one. */
export function invalidDayIssue(day: number, i: number, source: string): Issue | undefined {
  if (Number.isFinite(day)) return undefined
  return { code: 'kinetics.invalid_day', path: [i, 'day'], message: `sample ${i + 1}: day must be a number, got ${String(day)}`, source }
}

/**
 * @example carKinetics([{ day: 0, level: 0 }, { day: 4, level: 1200 }, ..., { day: 28, level: 2100 }])
 *   // cmax 42000, tmax 10, auc 337550, tlast 28
 */
export function carKinetics(
  samples: readonly KineticsSample[],
  {
    lloq = null,
    preInfusionLevel = 0,
    aucEndDay = 28,
    aucEndWindowDays = 2,
    blqBeforeTmax = 'zero',
    blqAfterTmax = 'exclude',
  }: CarKineticsOptions = {},
): Result<CarKinetics> {
  const issues: Issue[] = []
  samples.forEach((s, i) => {
    const day = invalidDayIssue(s.day, i, SOURCE)
    if (day) issues.push(day)
    if (s.level !== 'BLQ' && !(Number.isFinite(s.level) && s.level >= 0)) {
      issues.push({
        code: 'kinetics.invalid_level',
        path: [i, 'level'],
        message: `sample ${i + 1}: level must be a number >= 0 or BLQ, got ${String(s.level)}`,
        source: SOURCE,
      })
    }
  })
  const post = samples.filter((s) => s.day > 0).sort((a, b) => a.day - b.day)
  post.forEach((s, i) => {
    if (i > 0 && post[i - 1]?.day === s.day)
      issues.push({
        code: 'kinetics.duplicate_day',
        path: [],
        message: `two samples on day ${s.day}`,
        source: SOURCE,
      })
  })
  // §7 PROTOCOL DECISIONS are numbers compared raw: a NaN LLOQ made every level BLQ (`level >= NaN` is false), a
  // NaN pre-infusion level made the AUC NaN, a NaN or negative end window silently dropped the AUC.
  const option = (key: string, v: number | null, valid: boolean, want: string) => {
    if (!valid)
      issues.push({
        code: 'kinetics.invalid_option',
        path: [key],
        message: `${key} must be a number ${want}, got ${String(v)}`,
        source: SOURCE,
      })
  }
  const finite = Number.isFinite
  option('lloq', lloq, lloq === null || (finite(lloq) && lloq > 0), '> 0 or null')
  option('preInfusionLevel', preInfusionLevel, finite(preInfusionLevel) && preInfusionLevel >= 0, '>= 0')
  option('aucEndDay', aucEndDay, finite(aucEndDay) && aucEndDay > 0, '> 0')
  option('aucEndWindowDays', aucEndWindowDays, finite(aucEndWindowDays) && aucEndWindowDays >= 0, '>= 0')
  if (issues.length > 0) return fail(issues)
  const notes: string[] = []
  // §7: Clast/Tlast = last *quantifiable* level; persistence = detectable (>= LLOQ). An LLOQ is positive, so a
  // reported level of 0 is below it whatever the configured LLOQ: it is BLQ (0 before Tmax, excluded after).
  const quantifiable = (s: KineticsSample): s is { day: number; level: number } =>
    s.level !== 'BLQ' && s.level > 0 && (lloq === null || s.level >= lloq)
  const quant = post.filter(quantifiable)
  let cmax: number | null = null
  let tmax: number | null = null
  for (const s of quant) if (cmax === null || s.level > cmax) [cmax, tmax] = [s.level, s.day]
  const last = quant[quant.length - 1]
  if (cmax === null) notes.push('no quantifiable level after infusion')
  // §7 defaults: BLQ before Tmax counts as 0; BLQ after Tmax is dropped (no quantifiable level: every BLQ is "before")
  const usable = post.flatMap((s) =>
    quantifiable(s)
      ? [{ day: s.day, level: s.level }]
      : (tmax === null || s.day < tmax ? blqBeforeTmax : blqAfterTmax) === 'zero'
        ? [{ day: s.day, level: 0 }]
        : [],
  )
  let end: KineticsSample | undefined
  for (const s of post) {
    const d = Math.abs(s.day - aucEndDay)
    if (d <= aucEndWindowDays && (!end || d < Math.abs(end.day - aucEndDay))) end = s
  }
  let auc: number | null = null
  let aucPoints: { day: number; level: number }[] = []
  const trapezoids: number[] = []
  if (!end) {
    notes.push(`no sample within Day ${aucEndDay} +- ${aucEndWindowDays}: AUC0-${aucEndDay} not computed`)
  } else {
    const endDay = end.day
    aucPoints = [{ day: 0, level: preInfusionLevel }, ...usable.filter((p) => p.day <= endDay)]
    auc = 0
    for (let i = 0; i + 1 < aucPoints.length; i++) {
      const a = aucPoints[i] as { day: number; level: number }
      const b = aucPoints[i + 1] as { day: number; level: number }
      const area = ((b.day - a.day) * (a.level + b.level)) / 2
      trapezoids.push(area)
      auc += area
    }
  }
  return ok({
    cmax,
    tmax,
    clast: last?.level ?? null,
    tlast: last?.day ?? null,
    auc,
    aucEndDay: auc === null ? null : (aucPoints[aucPoints.length - 1]?.day ?? null),
    aucPoints,
    trapezoids,
    notes,
  })
}
