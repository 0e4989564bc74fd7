/**
 * The four seed trials as validated protocols.
 *
 * Each `<NCT id>/protocol.json` is parsed with core's schema on first use; a file that does not parse is a
 * programming error in this package and throws with every issue listed.
 *
 * Source: ../../shared/STYLE.md §7 (protocols/: data only, every file parses with core's schema);
 * each folder's SOURCE.md.
 */
import { formatIssues } from '@celltrial/core'
import { parseProtocol, type Protocol } from '@celltrial/core'
import nct05315778 from '../NCT05315778/protocol.json' with { type: 'json' }
import nct06337474 from '../NCT06337474/protocol.json' with { type: 'json' }
import nct06352281 from '../NCT06352281/protocol.json' with { type: 'json' }
import nct06826430 from '../NCT06826430/protocol.json' with { type: 'json' }

/** The raw JSON of each seed protocol, keyed by registry id. */
export const SEED_PROTOCOL_FILES: Readonly<Record<string, unknown>> = Object.freeze({
  NCT06352281: nct06352281,
  NCT05315778: nct05315778,
  NCT06826430: nct06826430,
  NCT06337474: nct06337474,
})

let cache: Protocol[] | undefined

/**
 * @returns the four seed protocols, parsed (defaults filled in), in registry-id order
 * @throws Error listing every schema issue when a seed file is invalid
 */
export function loadSeedProtocols(): Protocol[] {
  if (!cache) {
    cache = Object.entries(SEED_PROTOCOL_FILES)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, json]) => {
        const r = parseProtocol(json)
        if (!r.ok) throw new Error(`seed protocol ${id} is invalid:\n${formatIssues(r.issues)}`)
        return r.value
      })
  }
  return cache
}

/**
 * Find a seed protocol by registry id (case-insensitive).
 * @example findProtocol('nct06352281')?.identification.targetAntigen // 'CD19'
 */
export function findProtocol(id: string): Protocol | undefined {
  const key = id.trim().toUpperCase()
  return loadSeedProtocols().find((p) => p.identification.registryId === key)
}
