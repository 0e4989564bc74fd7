/**
 * `celltrial export` on the SYNTHETIC demo SDTM: a well-formed ODM 1.3.2 Snapshot and a FHIR R4 Bundle that
 * core's reader takes back without issues (interchange/ctgov-fhir-odm.md §2-§3).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseXml, readFhirBundle, xmlSelect } from '@celltrial/core'
import { runCli } from '../main.js'
import { exportCommand } from './exchange.js'

const SDTM = fileURLToPath(new URL('../../../protocols/NCT06352281/demo-sdtm/', import.meta.url))
let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'celltrial-export-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})
const run = async (format: string, out: string) => {
  const io = { out: '', err: '', cwd: '/', env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) }
  const code = await runCli(['export', '--protocol', 'NCT06352281', '--sdtm', SDTM, '--format', format, '--out', join(work, out)], io, [exportCommand])
  return { code, ...io }
}

describe('celltrial export', () => {
  it('writes an ODM 1.3.2 Snapshot of the demo cohort', async () => {
    const r = await run('odm', 'demo.xml')
    expect(r.code).toBe(0)
    const odm = parseXml(await readFile(join(work, 'demo.xml'), 'utf8'))
    expect(odm.attrs.ODMVersion).toBe('1.3.2')
    expect(xmlSelect(odm, 'SubjectData')).toHaveLength(4)
    expect(xmlSelect(odm, 'ItemGroupData').filter((g) => g.attrs.ItemGroupOID === 'IG.AE')).toHaveLength(14)
  })

  it('writes a FHIR R4 Bundle that reads back without issues', async () => {
    const r = await run('fhir', 'demo.json')
    expect(r.code).toBe(0)
    const bundle = JSON.parse(await readFile(join(work, 'demo.json'), 'utf8')) as { entry: { resource: { resourceType: string; status?: string; phase?: { coding: { code: string }[] } } }[] }
    // the registry status and phases of the protocol (ctgov-fhir-odm.md §2: RECRUITING -> active; PHASE1 + PHASE2)
    const study = bundle.entry.find((e) => e.resource.resourceType === 'ResearchStudy')!.resource
    expect([study.status, study.phase?.coding[0]?.code]).toEqual(['active', 'phase-1-phase-2'])
    const back = readFhirBundle(bundle)
    expect(back.issues).toEqual([])
    expect(back.study.subjects).toHaveLength(4)
    expect(back.study.subjects[0]!.labs.filter((l) => l.testCode === 'PLAT')).toHaveLength(22)
    expect(back.study.subjects.flatMap((s) => s.adverseEvents).filter((a) => /neurotoxicity/.test(a.term)).map((a) => a.grade)).toEqual([3, 3])
  })

  it('rejects an unknown format with exit 2', async () => {
    expect((await run('xml', 'x')).code).toBe(2)
  })
})
