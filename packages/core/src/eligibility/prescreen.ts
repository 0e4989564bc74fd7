/**
 * Cross-trial pre-screening: screen one candidate against several protocols and rank the trials, most
 * promising first.
 *
 * Order: `eligible`; then `incomplete` by fewest missing data fields, then fewest pending attestations;
 * then `ineligible` by fewest unmet criteria, then fewest missing fields. Ties: registry id ascending.
 * Decision: missing data (a test to order) ranks before pending attestations (a signature), as the brief
 * asks for "fewest missing".
 *
 * Source: task brief (`prescreen(profile, protocols, {asOf})`).
 */
import type { Protocol } from '../protocol/protocol-schema.js'
import type { ScreeningProfile } from './profile-schema.js'
import { screenSubject, type ScreeningResult } from './screen-subject.js'

const RANK = { eligible: 0, incomplete: 1, ineligible: 2 } as const

function order(a: ScreeningResult, b: ScreeningResult): number {
  const keys = (r: ScreeningResult): number[] =>
    r.verdict === 'ineligible'
      ? [RANK[r.verdict], r.unmet.length, r.missing.length, r.pendingAttestations.length]
      : [RANK[r.verdict], r.missing.length, r.pendingAttestations.length, 0]
  const ka = keys(a)
  const kb = keys(b)
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] ?? 0) - (kb[i] ?? 0)
  return a.protocolId < b.protocolId ? -1 : a.protocolId > b.protocolId ? 1 : 0
}

/**
 * @returns one screening result per protocol, ranked
 * @throws RangeError when `asOf` is not a calendar date
 */
export function prescreen(
  profile: ScreeningProfile,
  protocols: readonly Protocol[],
  options: { asOf: string },
): ScreeningResult[] {
  return protocols.map((p) => screenSubject(profile, p, options)).sort(order)
}
