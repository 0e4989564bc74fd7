/**
 * Property-based fuzzing of the ODM and FHIR importers (issue 10 item 4): random, truncated, oversized, wrongly
 * typed, injected (SQL, script) and odd-Unicode input never throws; the result is a list of located errors, or
 * records that pass the form schemas and platform limits.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runEditChecks, splitIssues } from '../../forms/index.js'
import { buildOdmCaptureExport } from './odm-capture-export.js'
import { readOdmClinicalData, type OdmImportResult } from './odm-capture-import.js'
import { readFhirLabBundle } from './fhir-lab-import.js'
import { capturedStudy } from './odm-capture-fixture.js'

const options = { existingSubjects: new Map([['KUN01-001', 'KUN01']]), siteCodes: ['KUN01'], createSubjects: true }
const valid = buildOdmCaptureExport(capturedStudy, { fileOid: 'CT.F.1', creationDateTime: '2025-03-21T08:00:00Z' })
const INJECTIONS = [
  `'; DROP TABLE subject; --`, `" OR 1=1 --`, `Robert'); DELETE FROM audit_event;--`, '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
  '\u202Eevil', '\uFEFF', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'e\u0301', '血小板', '\u0000', '\uD800', '&#0;', '&#xD800;', '&xxe;', ']]>', '<!ENTITY x "y">', '%00', '${7*7}', '{{7*7}}',
]
const odd = fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }))

/** The contract: no throw; errors carry a code and a message; ok results hold only valid records. */
function checkOdm(r: OdmImportResult) {
  if (!r.ok) {
    expect(r.issues.length).toBeGreaterThan(0)
    for (const i of r.issues) {
      expect(i.code).toMatch(/^(xml|odm)\./)
      expect(typeof i.message).toBe('string')
    }
    return
  }
  for (const rec of r.value.records) expect(splitIssues(runEditChecks(rec.formType, rec.data)).errors).toEqual([])
  for (const l of r.value.labs) {
    expect(l.testCode).toMatch(/^[A-Z0-9]{2,8}$/)
    expect(l.value >= 0 && l.value <= 1e7).toBe(true)
  }
}

describe('ODM importer fuzz', () => {
  it('random text and odd Unicode', () => {
    fc.assert(fc.property(fc.oneof(odd, fc.string({ unit: 'binary', maxLength: 2000 })), (s) => checkOdm(readOdmClinicalData(s, options))), { numRuns: 300 })
  })

  it('wrongly typed input', () => {
    fc.assert(fc.property(fc.anything(), (v) => checkOdm(readOdmClinicalData(v, options))), { numRuns: 200 })
  })

  it('truncated documents', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: valid.length - 8 }), (n) => {
      const r = readOdmClinicalData(valid.slice(0, n), options)
      expect(r.ok).toBe(false)
      checkOdm(r)
    }), { numRuns: 80 })
  }, 60_000)

  it('injected text at random places, and injected attribute values', () => {
    const values = [...valid.matchAll(/Value="([^"]*)"/g)].map((m) => m.index)
    fc.assert(fc.property(fc.integer({ min: 0, max: valid.length }), odd, (at, s) => checkOdm(readOdmClinicalData(valid.slice(0, at) + s + valid.slice(at), options))), { numRuns: 60 })
    fc.assert(fc.property(fc.constantFrom(...values), odd, (at, s) => {
      const esc = s.replace(/&(?!#)/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
      const end = valid.indexOf('"', at + 7)
      checkOdm(readOdmClinicalData(`${valid.slice(0, at)}Value="${esc}${valid.slice(end)}`, options))
    }), { numRuns: 80 })
  }, 120_000)

  it('oversized input is refused by size before parsing', () => {
    const r = readOdmClinicalData(valid + `<!--${'x'.repeat(5000)}-->`, { ...options, maxBytes: valid.length + 100 })
    expect(r.issues?.[0]?.code).toBe('xml.too_large')
  })

  it('entity expansion (billion laughs, external entities) is refused, never expanded', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><ODM>&lol2;</ODM>`
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ODM>&xxe;</ODM>`
    expect(readOdmClinicalData(lol, options).issues![0]!.code).toBe('xml.doctype')
    expect(readOdmClinicalData(xxe, options).issues![0]!.code).toBe('xml.doctype')
    expect(readOdmClinicalData('<ODM>&xxe;</ODM>', options).issues![0]!.code).toBe('xml.entity')
  })
})

describe('FHIR lab importer fuzz', () => {
  const base = () => ({
    resourceType: 'Bundle', type: 'collection',
    entry: [
      { resource: { resourceType: 'Patient', id: 'p', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'S-1' }] } },
      { resource: { resourceType: 'Observation', id: 'o', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '777-3' }] }, subject: { reference: 'Patient/p' }, effectiveDateTime: '2025-01-02', valueQuantity: { value: 30, system: 'http://unitsofmeasure.org', code: '10*9/L' } } },
    ],
  })
  const check = (v: unknown) => {
    const r = readFhirLabBundle(v, { subjectCode: 'S-1' })
    if (!r.ok) {
      expect(r.issues.length).toBeGreaterThan(0)
      for (const i of r.issues) expect(i.code).toMatch(/^fhir\./)
      return
    }
    for (const l of r.value.labs) {
      expect(Number.isFinite(l.value) && l.value >= 0 && l.value <= 1e7).toBe(true)
      expect(l.collectedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  }

  it('wrongly typed and random JSON', () => {
    fc.assert(fc.property(fc.anything(), check), { numRuns: 300 })
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 300 })
  })

  it('random values put into every element of a valid Bundle', () => {
    const paths: string[][] = [
      ['resourceType'], ['type'], ['entry'], ['entry', '0', 'resource', 'identifier'], ['entry', '1', 'resource', 'status'], ['entry', '1', 'resource', 'code'],
      ['entry', '1', 'resource', 'subject', 'reference'], ['entry', '1', 'resource', 'effectiveDateTime'], ['entry', '1', 'resource', 'valueQuantity', 'value'],
      ['entry', '1', 'resource', 'valueQuantity', 'code'], ['entry', '1', 'resource', 'referenceRange'], ['entry', '1', 'resource', 'id'],
    ]
    const value = fc.oneof(fc.anything(), odd, fc.double(), fc.constantFrom(1e308, -1, Number.NaN, Infinity, '12', null))
    fc.assert(fc.property(fc.constantFrom(...paths), value, (path, v) => {
      const b = base() as unknown as Record<string, unknown>
      let o = b
      for (const p of path.slice(0, -1)) o = o[p] as Record<string, unknown>
      o[path.at(-1)!] = v
      check(b)
    }), { numRuns: 400 })
  })
})
