/**
 * Worker thread body: run one contiguous range of trials and post the totals back.
 * Started by run-in-workers.ts; receives { job, range } as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { TrialRange } from '@celltrial/core'
import { runJobRange, type SimulationJob } from './simulation-job.js'

const { job, range } = workerData as { job: SimulationJob; range: TrialRange }
parentPort?.postMessage(runJobRange(job, range))
