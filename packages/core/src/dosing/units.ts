/**
 * Branded units for dose calculation. A brand marks numbers that share a runtime form but not a meaning,
 * so a weight cannot be passed where a height is expected.
 *
 * Source: /work/shared/STYLE.md §5 and §8.5 ("Do brand units"); regimen-and-dosing.md §1-§3 (units of each formula).
 * The constructors only brand: every calculator validates its inputs and returns an Issue when one is out of range.
 */

/** Body weight in kilograms. */
export type Kg = number & { readonly __unit: 'kg' }
/** Body height in centimetres. */
export type Cm = number & { readonly __unit: 'cm' }
/** Body surface area in square metres. */
export type SquareMetres = number & { readonly __unit: 'm2' }
/** A cell-therapy dose in cells per kilogram of body weight. */
export type CellsPerKg = number & { readonly __unit: 'cells/kg' }
/** A number of cells. */
export type CellCount = number & { readonly __unit: 'cells' }
/** A chemotherapy dose intensity in mg per m2 per day. */
export type MgPerM2 = number & { readonly __unit: 'mg/m2' }
/** A mass of drug in milligrams. */
export type Mg = number & { readonly __unit: 'mg' }

export const kilograms = (n: number): Kg => n as Kg
export const centimetres = (n: number): Cm => n as Cm
export const squareMetres = (n: number): SquareMetres => n as SquareMetres
export const cellsPerKg = (n: number): CellsPerKg => n as CellsPerKg
export const cellCount = (n: number): CellCount => n as CellCount
export const mgPerM2 = (n: number): MgPerM2 => n as MgPerM2
export const milligrams = (n: number): Mg => n as Mg
