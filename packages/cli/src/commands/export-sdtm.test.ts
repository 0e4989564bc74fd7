/**
 * `celltrial export sdtm --study`: the SYNTHETIC demo cohort in a migrated embedded database, exported to a
 * temporary directory and evaluated there by `celltrial evaluate` (ORR 3/4, 1 CR, as the in-app report); a
 * non-empty directory is refused without --force; an unknown study and bad flags are named.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSeedProtocols } from '@celltrial/protocols'
import { loadDemoCohort, loadProtocols, studyReportFromDb } from '@celltrial/server'
import type { CliIo } from '../command.js'
import { runCli } from '../main.js'
import { evaluate } from './evaluate.js'
import { exportSdtm } from './export-sdtm.js'
import { openConfiguredDbForCli } from './open-db.js'

let work: string
let dataDir: string
let studyId: number
/** best response per subject code in the in-app report of the database (cut-off 2025-06-15) */
let inApp: Map<string, string>

const run = async (args: string[]) => {
  const io = { out: '', err: '', cwd: work, env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) } satisfies CliIo & { out: string; err: string }
  const code = await runCli(args, io, [exportSdtm, evaluate])
  return { code, ...io }
}
const exportTo = (dir: string, ...more: string[]) => run(['export', 'sdtm', '--study', String(studyId), '--data-dir', dataDir, '--out', dir, ...more])

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'celltrial-export-sdtm-'))
  dataDir = join(work, 'data')
  const io = { cwd: work, env: {}, stdout: () => {}, stderr: () => {} } satisfies CliIo
  const db = await openConfiguredDbForCli(io, { 'data-dir': dataDir })
  try {
    const now = new Date('2025-06-15T08:00:00Z')
    await loadProtocols(db.kysely, loadSeedProtocols(), now)
    expect(await loadDemoCohort(db.kysely, now)).toBe(4)
    studyId = (await db.kysely.selectFrom('study').select('id').where('registry_id', '=', 'NCT06352281').executeTakeFirstOrThrow()).id
    const { report } = await studyReportFromDb(db.kysely, studyId, { cutoff: '2025-06-15' })
    const bor = report.groups.at(-1)!.efficacy.bor
    inApp = new Map((['CR', 'R', 'NR', 'NE'] as const).flatMap((c) => bor[c].ids.map((id) => [id, c] as const)))
  } finally {
    await db.close()
  }
}, 120_000)
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('celltrial export sdtm', () => {
  it('writes the six files, which `celltrial evaluate` reads without errors to the in-app best responses', async () => {
    const r = await exportTo('sdtm')
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain(`Wrote SDTM export of study ${studyId} (NCT06352281), 4 subjects: dm.csv, ex.csv, lb.csv, cm.csv, ce.csv, ae.csv to sdtm`)
    expect((await readdir(join(work, 'sdtm'))).sort()).toEqual(['ae.csv', 'ce.csv', 'cm.csv', 'dm.csv', 'ex.csv', 'lb.csv'])
    const ev = await run(['evaluate', '--protocol', 'NCT06352281', '--sdtm', 'sdtm', '--out', 'adam', '--cutoff', '2025-06-15'])
    expect(ev.code, ev.err).toBe(0)
    const [header, ...lines] = (await readFile(join(work, 'adam', 'adrs.csv'), 'utf8')).trimEnd().split('\n')
    const col = (name: string) => header!.split(',').indexOf(name)
    const bor = new Map(lines.map((l) => l.split(',')).map((f) => [f[col('USUBJID')]!.replace(/^NCT06352281-/, ''), f[col('AVALC')]!]))
    expect(bor.size).toBe(4)
    expect([...bor.keys()].sort()).toEqual([...inApp.keys()].sort())
    // AVALC carries the protocol's category names (interchange/sdtm-adam.md): CR, R or PR, NR, NE
    for (const [id, category] of inApp)
      if (category === 'R') expect(['R', 'PR'], id).toContain(bor.get(id))
      else expect(bor.get(id), id).toBe(category)
    expect([...bor.values()].filter((v) => v === 'CR')).toHaveLength(1)
    expect([...bor.values()].filter((v) => v !== 'NR' && v !== 'NE')).toHaveLength(3)
  }, 60_000)

  it('refuses a non-empty directory without --force, and writes into it with --force', async () => {
    const dir = join(work, 'busy')
    await mkdir(dir)
    await writeFile(join(dir, 'notes.txt'), 'keep me')
    const refused = await exportTo(dir)
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(`--out ${dir}: directory is not empty (1 entry); give --force to write into it`)
    expect(await readdir(dir)).toEqual(['notes.txt'])
    const forced = await exportTo(dir, '--force')
    expect(forced.code, forced.err).toBe(0)
    expect((await readdir(dir)).sort()).toEqual(['ae.csv', 'ce.csv', 'cm.csv', 'dm.csv', 'ex.csv', 'lb.csv', 'notes.txt'])
  }, 60_000)

  it('names an unknown study (exit 1, nothing written) and bad flags (exit 2)', async () => {
    const unknown = await run(['export', 'sdtm', '--study', '987654', '--data-dir', dataDir, '--out', 'none'])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain(`--study 987654: no such study in the database (studies: `)
    await expect(readdir(join(work, 'none'))).rejects.toThrow(/ENOENT/)
    expect((await run(['export', 'sdtm', '--out', 'x'])).code).toBe(2)
    expect((await run(['export', 'sdtm', '--study', 'abc', '--out', 'x'])).code).toBe(2)
  }, 60_000)
})
