import { parseProtocol, type Protocol, type Result } from '@celltrial/core'
import { deepFreeze } from '../db/row-version-cache.js'

/**
 * Parsed protocol versions by content digest, shared by the requests of one server process.
 *
 * The subject page needs the subject's protocol on most of its reads (visit schedule, response thresholds,
 * DLT window). Reading the stored JSON (~26 KB for a seed protocol) and parsing it with core's schema cost
 * about 1 ms of CPU each time, several times per page (bench/load, issue 10 item 5). Callers select the
 * database's MD5 of the stored JSON instead (`md5(protocol::text)`: 32 characters, kept in the row's
 * `protocol_md5` since migration 0013) and load the JSON only when this process has not parsed that content yet.
 *
 * Keyed by content, not by row id: one process may use several databases (the tests do), and the same JSON
 * always parses to the same result. Rows of `study_protocol_version` are never updated (an amendment is a
 * new row), but content keys would stay right even if they were. The parsed value is deep-frozen because
 * every caller shares it. At most `MAX_ENTRIES` versions are kept (least recently used dropped).
 */
const MAX_ENTRIES = 200
const byDigest = new Map<string, Result<Protocol>>()

/**
 * The parse of the protocol JSON whose stored text has MD5 `digest`; `load` reads that JSON from the database
 * and runs only on a miss.
 */
export async function parsedByDigest(digest: string, load: () => Promise<unknown>): Promise<Result<Protocol>> {
  const hit = byDigest.get(digest)
  if (hit) {
    byDigest.delete(digest)
    byDigest.set(digest, hit)
    return hit
  }
  const json = await load()
  const parsed = deepFreeze(parseProtocol(typeof json === 'string' ? JSON.parse(json) : json))
  byDigest.set(digest, parsed)
  if (byDigest.size > MAX_ENTRIES) byDigest.delete(byDigest.keys().next().value!)
  return parsed
}
