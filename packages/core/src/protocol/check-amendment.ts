/**
 * Check that `next` is a valid amendment of `previous` and list what it changes.
 *
 * Rules: same registry id; `next.version.supersedes` names `previous.version.number`; the version number
 * increases; the effective date is not before the previous version's (an amendment may take effect on the
 * same day; the later version then applies from that day).
 *
 * Source: task brief ("amendments make a new version"); ../shared/domain/README.md "Configuration".
 */
import { daysBetween } from '../dates/index.js'
import { fail, ok, type Issue, type Result } from '../result.js'
import { diffProtocolVersions, type ProtocolChange } from './diff-versions.js'
import type { Protocol } from './protocol-schema.js'
import { compareProtocolVersionNumbers } from './version.js'

/**
 * @returns the changes (excluding the `version` block itself), or every rule broken
 */
export function checkAmendment(previous: Protocol, next: Protocol): Result<ProtocolChange[]> {
  const issues: Issue[] = []
  const pv = previous.version
  const nv = next.version
  if (previous.identification.registryId !== next.identification.registryId)
    issues.push({
      code: 'registry_id_changed',
      path: ['identification', 'registryId'],
      message: `an amendment keeps the registry id ${previous.identification.registryId}, got ${next.identification.registryId}`,
    })
  if (nv.supersedes !== pv.number)
    issues.push({
      code: 'supersedes_mismatch',
      path: ['version', 'supersedes'],
      message: `expected supersedes ${JSON.stringify(pv.number)}, got ${JSON.stringify(nv.supersedes)}`,
    })
  if (compareProtocolVersionNumbers(nv.number, pv.number) <= 0)
    issues.push({
      code: 'version_not_increased',
      path: ['version', 'number'],
      message: `version ${nv.number} is not after ${pv.number}`,
    })
  if (daysBetween(pv.effectiveDate, nv.effectiveDate) < 0)
    issues.push({
      code: 'effective_date_before_previous',
      path: ['version', 'effectiveDate'],
      message: `effective date ${nv.effectiveDate} is before ${pv.effectiveDate}, the effective date of version ${pv.number}`,
    })
  if (issues.length > 0) return fail(issues)
  return ok(diffProtocolVersions(previous, next).filter((c) => c.path[0] !== 'version'))
}
