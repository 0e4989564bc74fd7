import type { Kysely, Transaction } from 'kysely'
import { ResponseParamsSchema, type ResponseInput, type ResponseParams } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { AppError } from '../errors.js'
import { responseEventsFromForms, type CapturedForm, type ResponseFormEvents } from './form-events.js'

type Db = Kysely<Database> | Transaction<Database>

/** The subject columns the response input needs. */
export interface ResponseSubject {
  id: number
  ld_start_date: string | null
  infusion_date: string | null
}

/**
 * The study protocol's response parameters (`endpoints.response`), with the IWG-based defaults filled in
 * for absent keys. Source: ../shared/domain/response-itp.md §3.2; packages/core/src/protocol/endpoints.ts.
 * @throws AppError `conflict` when the stored protocol has no valid response parameters
 */
export function protocolResponseParams(protocol: unknown): ResponseParams {
  const endpoints = (protocol as { endpoints?: { response?: unknown } } | null)?.endpoints
  const parsed = ResponseParamsSchema.safeParse(endpoints?.response)
  if (endpoints?.response === undefined || !parsed.success)
    throw new AppError('conflict', 'the study protocol defines no valid response parameters (endpoints.response)')
  return parsed.data
}

/**
 * Rescue, new ITP therapy and bleeding records of a subject from the data capture forms (`form_record`,
 * migration 0003_data_capture.sql): not voided and saved (drafts have not passed the edit checks yet).
 */
async function capturedForms(db: Db, subjectId: number): Promise<CapturedForm[]> {
  return db
    .selectFrom('form_record')
    .select(['form_type', 'data'])
    .where('subject_id', '=', subjectId)
    .where('voided_at', 'is', null)
    .where('status', '<>', 'draft')
    .where('form_type', 'in', ['medication', 'bleeding_event'])
    .orderBy('id')
    .execute()
}

/** Engine input and what the form records gave. */
export interface BuiltResponseInput {
  input: ResponseInput
  forms: ResponseFormEvents
}

/**
 * Build the response engine's input for one subject from the database (response-itp.md §3.1):
 * Day 0 = infusion date, the LD start date, every platelet count (`lab_result` test `PLAT`, value in
 * x10^9/L) that is not voided, in collection order (lab results carry a date only, so no sample time), and
 * the rescue therapies, new ITP therapy and graded bleeding events of the capture forms.
 * @returns null when the subject has not been infused (no Day 0: the engine cannot run)
 */
export async function buildResponseInput(db: Db, subject: ResponseSubject): Promise<BuiltResponseInput | null> {
  if (subject.infusion_date === null) return null
  const labs = await db
    .selectFrom('lab_result')
    .select(['collected_on', 'value'])
    .where('subject_id', '=', subject.id)
    .where('test_code', '=', 'PLAT')
    .where('voided_at', 'is', null)
    .orderBy('collected_on')
    .orderBy('id')
    .execute()
  const forms = responseEventsFromForms(await capturedForms(db, subject.id))
  return {
    input: {
      infusionDate: subject.infusion_date,
      ldStartDate: subject.ld_start_date,
      plateletCounts: labs.map((l) => ({ date: l.collected_on, value: l.value })),
      rescueEvents: forms.rescueEvents,
      bleedingEvents: forms.bleedingEvents,
      newItpTherapyStartDate: forms.newItpTherapyStartDate,
    },
    forms,
  }
}
