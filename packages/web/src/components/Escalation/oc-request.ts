import type { OperatingCharacteristics } from '@celltrial/core'

/** Largest number of simulated trials the page accepts (a few seconds in a browser worker). */
export const MAX_OC_TRIALS = 20000

export interface OcRequest {
  design: 'BOIN' | '3+3'
  pTrue: number[]
  target: number
  cohortSize: number
  nCohort: number
  nTrial: number
  seed: number
}

export type OcResponse = { ok: true; oc: OperatingCharacteristics } | { ok: false; message: string }
