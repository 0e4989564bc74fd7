/**
 * `celltrial export sdtm`: the captured data of a study in the app's database -> SDTM-shaped CSV files (dm, ex,
 * lb, cm, ce, ae), which `celltrial evaluate` / `celltrial report --sdtm` and any SDTM tool read.
 * Source: interchange/sdtm-adam.md "Input domains"; packages/server/src/exchange/sdtm-export.ts.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { DataError, EXIT, UsageError, parseFlags, type Command } from '../command.js'
import { openConfiguredDbForCli } from './open-db.js'
import { serverApi } from './server-api.js'
import { DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'

const HELP = `Usage: celltrial export sdtm --study <id> --out <dir> [--force] [--data-dir DIR | --database-url URL]

Export the captured data of every infused subject of a study as SDTM CSV files, one per domain: dm.csv (RFXSTDTC
= infusion = Day 0), ex.csv (lymphodepletion, cell infusion), lb.csv (platelets and the other lab results, CAR
copies, CD19+ B cells, GP autoantibodies), cm.csv (rescue, new ITP therapy), ce.csv (ITP diagnosis, bleeding),
ae.csv (CTCAE v5.0 / ASTCT 2019). Conventions: interchange/sdtm-adam.md. Nothing is written unless every file
could be built.

  --study     study id in the database (as in the app's address /studies/<id>)
  --out       output directory (created when missing; must be empty unless --force)
  --force     write into a non-empty directory, replacing files of the same names
${DB_FLAGS_HELP}

Exit 0 on success, 1 when the study is unknown or its data cannot be exported, 2 on a usage error.
`

/** The entries of `dir`, or null when it does not exist. */
async function entries(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw new DataError(`--out ${dir}: not a directory`)
    throw e
  }
}

export const exportSdtm: Command = {
  name: 'export sdtm',
  summary: "export a study's captured data from the database as SDTM CSV files",
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, { study: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, ...DB_FLAGS })
    for (const flag of ['study', 'out'] as const) if (values[flag] === undefined) throw new UsageError(`--${flag} is required`)
    if (!/^[1-9]\d{0,9}$/.test(values.study!)) throw new UsageError(`--study must be a study id (a positive whole number), got ${JSON.stringify(values.study)}`)
    const studyId = Number(values.study)
    const out = resolve(io.cwd, values.out!)
    const existing = await entries(out)
    if (existing !== null && existing.length > 0 && values.force !== true)
      throw new DataError(`--out ${values.out}: directory is not empty (${existing.length} entr${existing.length === 1 ? 'y' : 'ies'}); give --force to write into it`)

    const { AppError, exportStudySdtm } = await serverApi()
    const db = await openConfiguredDbForCli(io, values)
    let files: Record<string, string>
    let registryId: string
    try {
      const study = await db.kysely.selectFrom('study').select(['id', 'registry_id']).where('id', '=', studyId).executeTakeFirst()
      if (!study) {
        const known = await db.kysely.selectFrom('study').select(['id', 'registry_id']).orderBy('id').execute()
        throw new DataError(`--study ${studyId}: no such study in the database${known.length > 0 ? ` (studies: ${known.map((s) => `${s.id} ${s.registry_id}`).join(', ')})` : ' (it holds no study)'}`)
      }
      registryId = study.registry_id
      files = await exportStudySdtm(db.kysely, studyId)
    } catch (e) {
      if (e instanceof AppError) throw new DataError(`--study ${studyId}: ${e.message}`)
      throw e
    } finally {
      await db.close()
    }

    // every file was built: only now touch the directory
    await mkdir(out, { recursive: true })
    for (const [name, text] of Object.entries(files)) await writeFile(join(out, name), text)
    const subjects = files['dm.csv']!.trimEnd().split('\n').length - 1
    io.stdout(`Wrote SDTM export of study ${studyId} (${registryId}), ${subjects} subjects: ${Object.keys(files).join(', ')} to ${values.out}\n`)
    return EXIT.ok
  },
}

/** The commands of this file, for the registry. */
export const commands: Command[] = [exportSdtm]
