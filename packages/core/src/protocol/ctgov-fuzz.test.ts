import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import nct05315778 from '../../../protocols/ctgov/NCT05315778.json' with { type: 'json' }
import nct06337474 from '../../../protocols/ctgov/NCT06337474.json' with { type: 'json' }
import nct06352281 from '../../../protocols/ctgov/NCT06352281.json' with { type: 'json' }
import nct06826430 from '../../../protocols/ctgov/NCT06826430.json' with { type: 'json' }
import { importCtgovStudy } from './ctgov-import.js'
import { CtgovStudySchema } from './ctgov-study-schema.js'

/**
 * Issue "Trustworthy under attack", item 4: property-based fuzzing of the ClinicalTrials.gov API v2 importer.
 * The four seed records are mutated (values replaced by hostile or wrongly typed ones, keys deleted, strings
 * truncated or blown up, arrays emptied or repeated), and random JSON is fed as a whole. The importer never
 * throws; it imports only records the CT.gov schema accepts; a refusal explains itself in terms of the record
 * (every issue has a code, a message and a path that leads into the record, never a path into the draft:
 * ctgov-import.ts promises that the draft always validates). Reproduce a failure with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122)
const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
/** The source of issues found in a draft by the protocol schema (parse-protocol.ts). */
const DRAFT_SCHEMA = 'packages/core/src/protocol/protocol-schema.ts'
const RECORDS: unknown[] = [nct05315778, nct06337474, nct06352281, nct06826430]

const HOSTILE = [
  '', ' ', "' OR '1'='1", '1; DROP TABLE study; --', '<script>alert(1)</script>', '\u0000', '\ud800', '\u202eevil\u202c', '\ufeff', '𝕏',
  'NaN', '-1 Years', '999999999999 Years', '0 Years', '18 years', '18 Year', '2024-02-30', '2024-13', '9999', 'NCT', 'NCT123', '__proto__',
  'Inclusion Criteria:\n\n* \n\nExclusion Criteria:', 'Exclusion Criteria:\n* x\nInclusion Criteria:\n* y', 'Day -5 to Day 99999999', '28 days', 'x'.repeat(20_000),
] as const
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2_147_483_648),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
)

type Json = unknown
type Path = (string | number)[]

/** Every path to a value inside `v` (the root excluded). */
function paths(v: Json, prefix: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...prefix, i], ...paths(x, [...prefix, i])])
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...paths(x, [...prefix, k])])
  return []
}

interface Mutation {
  pick: number
  op: 'set' | 'delete' | 'truncate' | 'blow-up' | 'empty' | 'repeat'
  value: unknown
}

/** Apply one mutation to a deep copy of `record`. */
function mutate(record: Json, m: Mutation): Json {
  const copy = structuredClone(record)
  const all = paths(copy)
  if (all.length === 0) return m.value
  const path = all[m.pick % all.length]!
  const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Record<string | number, Json>)[k], copy) as Record<string | number, Json>
  const key = path[path.length - 1]!
  const current = parent[key]
  if (m.op === 'set') parent[key] = m.value
  else if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1)
    else delete parent[key]
  } else if (typeof current === 'string') parent[key] = m.op === 'truncate' ? current.slice(0, m.pick % (current.length + 1)) : m.op === 'blow-up' ? current.repeat(Math.max(1, Math.floor(100_000 / (current.length + 1)))) : ''
  else if (Array.isArray(current)) parent[key] = m.op === 'empty' ? [] : m.op === 'repeat' ? [...current, ...current, ...current] : current.slice(0, 1)
  else parent[key] = m.value
  return copy
}

const mutation: fc.Arbitrary<Mutation> = fc.record({ pick: fc.nat(), op: fc.constantFrom('set', 'delete', 'truncate', 'blow-up', 'empty', 'repeat'), value: hostile })
const mutatedRecord = fc
  .tuple(fc.constantFrom(...RECORDS), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([record, ms]) => ms.reduce<Json>((r, m) => mutate(r, m), record))
const input: fc.Arbitrary<Json> = fc.oneof({ weight: 8, arbitrary: mutatedRecord }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) })

/** Whether `path` leads into `v`, or names a key missing from an object that is there (a required field). */
function leadsInto(v: Json, path: Path): boolean {
  let node = v
  for (const [i, key] of path.entries()) {
    if (node === null || typeof node !== 'object') return false
    const next = (node as Record<string | number, Json>)[key]
    if (next === undefined) return i === path.length - 1
    node = next
  }
  return true
}

describe(`fuzzing the ClinicalTrials.gov importer (seed ${SEED})`, () => {
  it('imports the four seed records', () => {
    for (const r of RECORDS) expect(importCtgovStudy(r, { asOf: '2025-11-21' }).ok).toBe(true)
  })

  it('never throws; imports only what the CT.gov schema accepts; every issue has a code, a message and a path into the record', () => {
    fc.assert(
      fc.property(input, (json) => {
        const r = importCtgovStudy(json, { asOf: '2025-11-21' })
        const schemaOk = CtgovStudySchema.safeParse(json).success
        if (r.ok) {
          expect(schemaOk, 'imported a record the CT.gov schema refuses').toBe(true)
          return
        }
        expect(r.issues.length).toBeGreaterThan(0)
        const draftIssues = r.issues.filter((i) => i.source === DRAFT_SCHEMA)
        expect(draftIssues, 'the draft of a record failed the protocol schema: the refusal names draft paths, not record paths').toEqual([])
        for (const issue of r.issues) {
          expect(issue.code.trim(), JSON.stringify(issue)).not.toBe('')
          expect(issue.message.trim(), JSON.stringify(issue)).not.toBe('')
          expect(leadsInto(json, issue.path), `issue path does not lead into the record: ${JSON.stringify(issue)}`).toBe(true)
        }
      }),
      { seed: SEED, numRuns: RUNS },
    )
  }, 60_000)
})
