/// <reference lib="webworker" />
import { simulateBoin, simulateThreePlusThree, formatIssues } from '@celltrial/core'
import type { OcRequest, OcResponse } from './oc-request'

/**
 * Runs an operating-characteristics simulation off the main thread (dose-escalation.md §3), so the page
 * stays responsive. Core is pure and seeded: the same request gives the same numbers as the CLI.
 */
self.onmessage = (e: MessageEvent<OcRequest>) => {
  const q = e.data
  const r =
    q.design === 'BOIN'
      ? simulateBoin({ target: q.target, pTrue: q.pTrue, cohortSize: q.cohortSize, nCohort: q.nCohort, nTrial: q.nTrial, seed: q.seed })
      : simulateThreePlusThree({ pTrue: q.pTrue, target: q.target, nTrial: q.nTrial, seed: q.seed })
  const out: OcResponse = r.ok ? { ok: true, oc: r.value } : { ok: false, message: formatIssues(r.issues) }
  self.postMessage(out)
}
