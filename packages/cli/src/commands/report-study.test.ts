/**
 * `celltrial report --study`: the report from a migrated embedded database holding the seed protocols and the
 * SYNTHETIC demo cohort, compared with the seed abstract's figures (shared/seeds/004_*.txt); clear errors
 * for an unknown study and for a protocol that does not match the study.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSeedProtocols } from '@celltrial/protocols'
import { loadDemoCohort, loadProtocols } from '@celltrial/server'
import type { CliIo } from '../command.js'
import { runCli } from '../main.js'
import { openConfiguredDbForCli } from './open-db.js'
import { report } from './report.js'

let work: string
let dataDir: string
let studyId: number
let otherStudy: { id: number; registry_id: string }

const run = async (args: string[]) => {
  const io = { out: '', err: '', cwd: work, env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) } satisfies CliIo & { out: string; err: string }
  const code = await runCli(['report', ...args], io, [report])
  return { code, ...io }
}
const base = (format: string, out: string, study = studyId, protocol = 'NCT06352281') =>
  ['--protocol', protocol, '--study', String(study), '--data-dir', dataDir, '--cutoff', '2025-06-15', '--format', format, '--out', join(work, out)]

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'celltrial-report-study-'))
  dataDir = join(work, 'data')
  const io = { cwd: work, env: {}, stdout: () => {}, stderr: () => {} } satisfies CliIo
  const db = await openConfiguredDbForCli(io, { 'data-dir': dataDir })
  try {
    const now = new Date('2025-06-15T08:00:00Z')
    await loadProtocols(db.kysely, loadSeedProtocols(), now)
    expect(await loadDemoCohort(db.kysely, now)).toBe(4)
    const studies = await db.kysely.selectFrom('study').select(['id', 'registry_id']).orderBy('id').execute()
    studyId = studies.find((s) => s.registry_id === 'NCT06352281')!.id
    otherStudy = studies.find((s) => s.registry_id !== 'NCT06352281')!
  } finally {
    await db.close()
  }
}, 120_000)
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('celltrial report --study', () => {
  it('builds the JSON model from the captured data with the abstract figures', async () => {
    const r = await run(base('json', 'study.json'))
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('Protocol NCT06352281; data cut-off 2025-06-15; 4 subjects; ORR 3/4 75.0 % (19.4–99.4)')
    const model = JSON.parse(await readFile(join(work, 'study.json'), 'utf8'))
    const all = model.groups.at(-1)
    expect([all.baseline.age.median, all.baseline.female.x, all.baseline.baselinePlatelets.median]).toEqual([12.5, 3, 9])
    expect([all.baseline.diseaseDurationYears.median, all.baseline.priorTherapies.median, all.baseline.gpAutoantibodyPositive.x]).toEqual([7.5, 4, 3])
    expect([all.safety.crs.byGrade[1].x, all.safety.icans.byGrade[3].x]).toEqual([3, 2])
    expect([all.efficacy.crRate.x, all.efficacy.bor.NR.x, all.efficacy.ttcr.median]).toEqual([1, 1, 90])
    expect([all.correlatives.carTmax.median, all.correlatives.sustainedAplasia.x, all.correlatives.bCellRecovery.x]).toEqual([10, 3, 1])
    expect([all.correlatives.gpTurnedNegative.x, all.correlatives.gpTurnedNegative.n]).toEqual([3, 3])
  }, 60_000)

  it('writes the HTML page marked as synthetic, its numbers linked to the subjects', async () => {
    const r = await run(base('html', 'study.html'))
    expect(r.code, r.err).toBe(0)
    const html = await readFile(join(work, 'study.html'), 'utf8')
    expect(html).toContain('<p class="demo" role="note">Synthetic demo data</p>')
    const narrative = /<p class="narrative">([\s\S]*?)<\/p>/.exec(html)![1]!
    expect(narrative.replace(/<a class="n" href="#ids-\d+">([^<]*)<\/a>/g, '$1')).toContain('Three of four patients (75.0%; 95% CI 19.4–99.4) achieved an objective response')
    const orr = /<a class="n" href="#(ids-\d+)">Three<\/a>/.exec(narrative)
    expect(orr).not.toBeNull()
    expect(new RegExp(`<li id="${orr![1]}" data-ids="([^"]+)"`).exec(html)![1]!.split(' ')).toHaveLength(3)
  }, 60_000)

  it('names an unknown study and a protocol that does not match the study (exit 1)', async () => {
    const unknown = await run(base('json', 'x.json', 987654))
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('--study 987654: no such study in the database (studies: ')
    expect(unknown.err).toContain(`${studyId} NCT06352281`)
    const mismatch = await run(base('json', 'x.json', studyId, otherStudy.registry_id))
    expect(mismatch.code).toBe(1)
    expect(mismatch.err).toContain(`--protocol ${otherStudy.registry_id} does not match --study ${studyId}, which runs NCT06352281`)
  }, 60_000)

  it('rejects mixed or missing sources with exit 2', async () => {
    expect((await run(['--protocol', 'NCT06352281', '--format', 'json', '--out', 'x.json'])).code).toBe(2)
    expect((await run([...base('json', 'x.json'), '--sdtm', work])).code).toBe(2)
    expect((await run(['--protocol', 'NCT06352281', '--study', 'abc', '--format', 'json', '--out', 'x.json'])).code).toBe(2)
  })
})
