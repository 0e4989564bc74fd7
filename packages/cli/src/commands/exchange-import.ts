/**
 * `celltrial import odm|fhir`: load CDISC ODM 1.3.2 clinical data into a study, or a FHIR R4 Bundle of labs into a
 * subject, through the server's own import code (validated whole first, then one audited transaction; nothing
 * partial), acting as a named user so the access policy and the audit trail apply as through the API.
 * Source: interchange/ctgov-fhir-odm.md §2-§3.
 */
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ODM_MAX_BYTES } from '@celltrial/core'
import type { AppError } from '@celltrial/server'
import { DataError, EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.js'
import { DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'
import { openConfiguredDbForCli } from './open-db.js'
import { serverApi } from './server-api.js'

const FLAGS = { ...DB_FLAGS, study: { type: 'string' }, as: { type: 'string' }, subject: { type: 'string' }, 'create-subjects': { type: 'boolean' } } as const

async function readInput(io: CliIo, positionals: string[]): Promise<{ file: string; text: string }> {
  if (positionals.length !== 1) throw new UsageError('give exactly one input FILE')
  const file = resolve(io.cwd, positionals[0]!)
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) throw new UsageError(`no such file: ${file}`)
  if (info.size > ODM_MAX_BYTES) throw new DataError(`${file}: ${info.size} bytes, over the import limit of ${ODM_MAX_BYTES} bytes`)
  return { file, text: await readFile(file, 'utf8') }
}

/** An AppError from the import as a DataError listing every detail. */
function asDataError(file: string, e: unknown, appError: typeof AppError): unknown {
  if (!(e instanceof appError)) return e
  return new DataError(`${file}: ${e.message}${e.details.map((d) => `\n  ${d.message}`).join('')}`)
}

const odm: Command = {
  name: 'import odm',
  summary: 'import CDISC ODM 1.3.2 clinical data into a study (all or nothing, audited)',
  help: `Usage: celltrial import odm FILE --study ID --as USERNAME [--create-subjects] [--data-dir DIR | --database-url URL]

Validates every FormData of FILE against the study's forms (form, item group and item OIDs, data types, code
lists, mandatory items, edit checks) and subject keys, then writes every subject, record and lab result in one
transaction, each with an audit record naming USERNAME. Any error: nothing is written, every error is listed
with its line, element path and OID. A DOCTYPE or ENTITY declaration is refused (no entity expansion).
  --study ID            the study: numeric id or registry id (NCT...)
  --as USERNAME         the data manager or administrator performing the import
  --create-subjects     create subjects the study does not have yet (their SiteRef names a site of the study)
${DB_FLAGS_HELP}

Exit 0 on success, 1 when the file has errors or the user may not import, 2 on a usage error.
`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, FLAGS, { positionals: true })
    if (!values.study) throw new UsageError('--study is required')
    if (!values.as) throw new UsageError('--as is required (the user the import is audited as)')
    if (values.subject !== undefined) throw new UsageError('--subject is for `import fhir`')
    const { file, text } = await readInput(io, positionals)
    const { AppError, importOdmAs } = await serverApi()
    const db = await openConfiguredDbForCli(io, values)
    try {
      const r = await importOdmAs(db.kysely, { username: values.as, study: values.study, xml: text, createSubjects: values['create-subjects'] === true }).catch((e: unknown) => {
        throw asDataError(file, e, AppError)
      })
      io.stdout(`Imported ODM file ${r.fileOid}: ${r.subjectsCreated} new subject(s), ${r.records} form record(s), ${r.labs} lab result(s).\n`)
      return EXIT.ok
    } finally {
      await db.close()
    }
  },
}

const fhir: Command = {
  name: 'import fhir',
  summary: "import a FHIR R4 Bundle (Patient + lab Observations) into a subject's labs (all or nothing, audited)",
  help: `Usage: celltrial import fhir FILE --study ID --subject CODE --as USERNAME [--data-dir DIR | --database-url URL]

Reads a FHIR R4 Bundle (JSON) of one Patient and their laboratory Observations: LOINC codes of the lab table
(platelets 777-3 and the others) mapped to the platform's tests, UCUM units converted to the platform's units.
Any error: nothing is written, every error is listed with its Bundle entry index and path.
  --study ID            the study: numeric id or registry id (NCT...)
  --subject CODE        the subject's code in the study
  --as USERNAME         the user entering the labs (site staff of the subject's site, or an administrator)
${DB_FLAGS_HELP}

Exit 0 on success, 1 when the Bundle has errors or the user may not import, 2 on a usage error.
`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, FLAGS, { positionals: true })
    for (const f of ['study', 'subject', 'as'] as const) if (!values[f]) throw new UsageError(`--${f} is required`)
    if (values['create-subjects']) throw new UsageError('--create-subjects is for `import odm`')
    const { file, text } = await readInput(io, positionals)
    let bundle: unknown
    try {
      bundle = JSON.parse(text)
    } catch (e) {
      throw new DataError(`${file}: not JSON: ${e instanceof Error ? e.message : String(e)}`)
    }
    const { AppError, importFhirAs } = await serverApi()
    const db = await openConfiguredDbForCli(io, values)
    try {
      const r = await importFhirAs(db.kysely, { username: values.as!, study: values.study!, subjectCode: values.subject!, bundle }).catch((e: unknown) => {
        throw asDataError(file, e, AppError)
      })
      io.stdout(`Imported ${r.labs} lab result(s) into subject ${values.subject}${r.alerts > 0 ? ` (${r.alerts} safety alert(s) raised)` : ''}.\n`)
      return EXIT.ok
    } finally {
      await db.close()
    }
  },
}

/** The commands of this file, for the registry. */
export const commands: Command[] = [odm, fhir]
