/**
 * A worker thread that runs the second half of `celltrial evaluate`'s two heavy steps, on the machine's
 * other core: reading the second part of a large `lb.csv`, then evaluating the second part of the cohort.
 * One worker serves both (loading the TypeScript modules in a worker costs about a second of CPU). Any
 * failure of the worker answers null: the caller then does that work itself, so the results never depend
 * on the worker.
 */
import type { Worker } from 'node:worker_threads'
import type { Issue, ResponseParams, SdtmLbValueColumns, SdtmRecordCounts, SdtmResponseSubjectBatch } from '@celltrial/core'
import { startSourceWorker } from '../../source-worker.js'
import type { EvaluatedPart } from './evaluate-part.js'

/** What the worker read from the second part of the file (`ok: false`: it could not be read apart). */
export type LbRangeResult =
  | {
      ok: true
      /** the line number its reader gave the first line of the part */
      firstLine: number
      /** issues of the part's records (not of the header) */
      issues: Issue[]
      counts: SdtmRecordCounts
      columns: SdtmLbValueColumns
    }
  | { ok: false }

/** A request to the helper worker (helper-worker.ts). */
export type HelperRequest =
  | { kind: 'lb-range'; path: string; start: number; end: number }
  | {
      kind: 'evaluate'
      /** `batch.subjects` as JSON: parsing JSON is about twice as fast as a structured clone of 50,000 small object graphs */
      subjects: string
      counts: SdtmResponseSubjectBatch['counts']
      params: ResponseParams
      cutoff: string | null
    }

/**
 * `EvaluatedPart` as the worker posts it: the per-subject cohort figures as JSON (strings, finite numbers,
 * booleans and null), which is much cheaper to pass than a structured clone of 50,000 small objects.
 */
export type EvaluatedPartMessage = Omit<EvaluatedPart, 'cohort'> & { cohort: string }

/** The helper worker; one request at a time. */
export interface EvaluateHelper {
  readLbRange(path: string, start: number, end: number): Promise<LbRangeResult | null>
  evaluate(
    batch: SdtmResponseSubjectBatch,
    params: ResponseParams,
    cutoff: string | null,
  ): Promise<EvaluatedPart | null>
  /** end the worker (an unanswered request answers null) */
  stop(): void
}

export function startEvaluateHelper(): EvaluateHelper {
  let worker: Worker | null = null
  let answer: ((value: unknown) => void) | null = null
  const fail = () => {
    worker = null
    answer?.(null)
    answer = null
  }
  try {
    // a larger young generation (as node's --max-semi-space-size): fewer scavenges of the short-lived
    // per-row and per-subject objects
    worker = startSourceWorker(new URL('./helper-worker.ts', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    })
    worker.on('message', (value: unknown) => {
      const a = answer
      answer = null
      a?.(value)
    })
    worker.on('error', fail)
    worker.on('exit', fail)
  } catch {
    worker = null
  }
  const request = <T>(req: HelperRequest, transfer: ArrayBuffer[] = []): Promise<T | null> =>
    new Promise((resolve) => {
      if (worker === null || answer !== null) return resolve(null)
      answer = resolve as (value: unknown) => void
      worker.postMessage(req, transfer)
    })
  return {
    readLbRange: (path, start, end) => request<LbRangeResult>({ kind: 'lb-range', path, start, end }),
    evaluate(batch, params, cutoff) {
      const c = batch.counts
      // plain SDTM values only (strings, finite numbers, null): JSON keeps them exactly
      const req: HelperRequest = {
        kind: 'evaluate',
        subjects: JSON.stringify(batch.subjects),
        counts: c,
        params,
        cutoff,
      }
      return request<EvaluatedPartMessage>(
        req,
        [c.start, c.date, c.time, c.value].map((a) => a.buffer as ArrayBuffer),
      ).then((m) => m && { ...m, cohort: JSON.parse(m.cohort) as EvaluatedPart['cohort'] })
    },
    stop() {
      const w = worker
      fail()
      void w?.terminate()
    },
  }
}
