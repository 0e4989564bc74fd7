/**
 * `celltrial export` on the SYNTHETIC demo SDTM: a well-formed ODM 1.3.2 Snapshot and a FHIR R4 Bundle that
 * core's reader takes back without issues (interchange/ctgov-fhir-odm.md §2-§3).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
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
const run = async (format: string, out: string, extra: string[] = [], sdtm = SDTM) => {
  const io = { out: '', err: '', cwd: '/', env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) }
  const code = await runCli(['export', '--protocol', 'NCT06352281', '--sdtm', sdtm, '--format', format, '--out', join(work, out), ...extra], io, [exportCommand])
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

  it('writes lab times with the site offset given (an R4 dateTime with a time needs its zone), else the date alone', async () => {
    // the demo with its first platelet count timed 08:30 (LBDTC as collected, local time)
    const timed = join(work, 'timed-sdtm')
    await cp(SDTM, timed, { recursive: true })
    const lb = await readFile(join(timed, 'lb.csv'), 'utf8')
    await writeFile(join(timed, 'lb.csv'), lb.replace(/,2024-02-19\r?\n/, ',2024-02-19T08:30\n'))
    const firstPlatelets = async (file: string) => {
      const bundle = JSON.parse(await readFile(join(work, file), 'utf8')) as { entry: { resource: { resourceType: string; code?: { text?: string; coding?: { code: string }[] }; effectiveDateTime?: string } }[] }
      return bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'Observation')?.effectiveDateTime
    }
    expect((await run('fhir', 'timed-z.json', ['--utc-offset', '+08:00'], timed)).code).toBe(0)
    expect(await firstPlatelets('timed-z.json')).toBe('2024-02-19T08:30:00+08:00')
    expect((await run('fhir', 'timed.json', [], timed)).code).toBe(0)
    expect(await firstPlatelets('timed.json')).toBe('2024-02-19')
    const bad = await run('fhir', 'bad.json', ['--utc-offset', '8'], timed)
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('--utc-offset must be Z or ±hh:mm (-14:00 to +14:00), got "8"')])
    expect((await run('odm', 'timed.xml', ['--utc-offset', 'Z'], timed)).code).toBe(2)
  })

  it('rejects an unknown format with exit 2', async () => {
    expect((await run('xml', 'x')).code).toBe(2)
  })
})
