/**
 * Prednisolone-equivalent daily dose for DORIS D3 and LLDAS L4.
 * Default table (standard pharmacology, **UNVERIFIED** in the docs, configurable): prednisone 5 mg = prednisolone
 * 5 mg = methylprednisolone 4 mg = dexamethasone 0.75 mg. Source: bleeding-and-scores.md §7.
 */
export type SteroidEquivalenceTable = Readonly<Record<string, number>>

/** mg of each drug equivalent to 5 mg prednisolone. */
export const DEFAULT_STEROID_EQUIVALENCE: SteroidEquivalenceTable = { prednisolone: 5, prednisone: 5, methylprednisolone: 4, dexamethasone: 0.75 }

export type PrednisoloneEquivalent = { kind: 'known'; mgPerDay: number } | { kind: 'not-evaluable'; unknownDrugs: string[] }

/** A drug name as the table lookup compares it: lower case, on both the dose's and the table's side. */
const normaliseDrugName = (drug: string): string => drug.toLowerCase()

/**
 * Sum of doses converted to prednisolone mg/day.
 * @example prednisoloneEquivalentMgPerDay([{ drug: 'methylprednisolone', mgPerDay: 8 }]) // { kind: 'known', mgPerDay: 10 } (LL6)
 * @example prednisoloneEquivalentMgPerDay([{ drug: 'hydrocortisone', mgPerDay: 20 }], { Hydrocortisone: 20 }) // { kind: 'known', mgPerDay: 5 }
 * @throws RangeError when two keys of the table differ only in case and give different amounts (ambiguous table)
 */
export function prednisoloneEquivalentMgPerDay(doses: readonly { drug: string; mgPerDay: number }[], table: SteroidEquivalenceTable = DEFAULT_STEROID_EQUIVALENCE): PrednisoloneEquivalent {
  // drug names match case-insensitively on both sides: a protocol's table keyed `Hydrocortisone` matches `hydrocortisone`
  // (own entries only: a drug named `constructor` is not in the table)
  const mgEquivalentTo5 = new Map<string, number>()
  for (const [drug, mg] of Object.entries(table)) {
    const key = normaliseDrugName(drug)
    const earlier = mgEquivalentTo5.get(key)
    if (earlier !== undefined && earlier !== mg) throw new RangeError(`steroid equivalence table: ${drug} is listed twice with different amounts (${earlier} and ${mg} mg)`)
    mgEquivalentTo5.set(key, mg)
  }
  const unknownDrugs = doses.map((d) => normaliseDrugName(d.drug)).filter((d) => !mgEquivalentTo5.has(d))
  if (unknownDrugs.length > 0) return { kind: 'not-evaluable', unknownDrugs }
  const sum = doses.reduce((s, d) => s + (d.mgPerDay * 5) / (mgEquivalentTo5.get(normaliseDrugName(d.drug)) as number), 0)
  // Clear binary floating-point noise (e.g. prednisone 0.4 + methylprednisolone 3.68 mg summed to 5.000000000000001),
  // which would fail DORIS D3 "≤ 5" / LLDAS L4 "≤ 7.5" for a dose that is exactly at the limit (README.md
  // "Comparators": equality is on the limit's side). 1e-12 mg is far below any recorded dose precision; this is not
  // clinical rounding.
  return { kind: 'known', mgPerDay: Math.round(sum * 1e12) / 1e12 }
}
