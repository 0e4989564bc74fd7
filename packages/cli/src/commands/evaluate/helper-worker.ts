/**
 * Worker thread body of `celltrial evaluate`'s helper (see evaluate-helper.ts): it answers one request at a
 * time, reading the second part of a large `lb.csv` (read-lb.ts) and then evaluating the second part of the
 * cohort (evaluate-part.ts), so the modules are loaded once for both. Column buffers are transferred, not copied.
 */
import { parentPort } from 'node:worker_threads'
import type { SdtmResponseSubjectBatch } from '@celltrial/core'
import type { EvaluatedPartMessage, HelperRequest } from './evaluate-helper.js'
import { evaluatePart } from './evaluate-part.js'
import { readLbRange } from './read-lb.js'

parentPort?.on('message', (req: HelperRequest) => {
  void (async () => {
    if (req.kind === 'lb-range') {
      const result = await readLbRange(req.path, req.start, req.end)
      const c = result.ok ? result.columns : null
      const transfer = c
        ? [c.line, c.subject, c.date, c.time, c.value, c.counted].map((a) => a.buffer as ArrayBuffer)
        : []
      parentPort?.postMessage(result, transfer)
    } else {
      const part = evaluatePart(
        { subjects: JSON.parse(req.subjects) as SdtmResponseSubjectBatch['subjects'], counts: req.counts },
        req.params,
        req.cutoff,
      )
      const answer: EvaluatedPartMessage = { ...part, cohort: JSON.stringify(part.cohort) }
      parentPort?.postMessage(answer)
    }
  })()
})
