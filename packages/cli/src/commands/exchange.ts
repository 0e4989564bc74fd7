/**
 * `celltrial export`: SDTM CSV in -> CDISC ODM 1.3.2 Snapshot XML or FHIR R4 Bundle JSON out (subjects,
 * laboratory results, adverse events). Source: interchange/ctgov-fhir-odm.md §2-§3; interchange/sdtm-adam.md.
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { buildFhirBundle, buildOdmSnapshot, isUtcOffset, exchangeStudyFromSdtm, formatSdtmIssue, type SdtmAeRecord, type SdtmDmRecord, type SdtmLbRecord } from '@celltrial/core'
import { DataError, EXIT, UsageError, parseFlags, type Command } from '../command.js'
import { loadProtocol } from './evaluate/load-inputs.js'
import { readSdtmDirectory } from './evaluate/read-sdtm-dir.js'

const HELP = `Usage: celltrial export --protocol <NCT id | protocol.json> --sdtm <dir> --format odm|fhir --out <file> [--utc-offset +08:00]

Export the subjects (dm.csv), laboratory results (lb.csv) and adverse events (ae.csv) of an SDTM directory as
a CDISC ODM 1.3.2 Snapshot (XML) or a FHIR R4 Bundle of type collection (JSON: ResearchStudy, Patient,
ResearchSubject, Observation with LOINC / UCUM codes, AdverseEvent with the grade extension).

  --protocol   seed protocol registry id or a protocol JSON file (study identifier and title)
  --sdtm       directory holding the SDTM CSV files
  --format     odm or fhir
  --out        output file
  --utc-offset the site's UTC offset (Z or ±hh:mm) for the times of LBDTC (FHIR only): an R4 dateTime with a time
               must carry its zone, so without this option lab results are written with their date alone

Exit 0 on success, 1 when the data have errors, 2 on a usage error.
`

export const exportCommand: Command = {
  name: 'export',
  summary: 'export SDTM data as CDISC ODM 1.3.2 XML or a FHIR R4 Bundle',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, { protocol: { type: 'string' }, sdtm: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'utc-offset': { type: 'string' } })
    const utcOffset = values['utc-offset'] ?? null
    if (utcOffset !== null && !isUtcOffset(utcOffset)) throw new UsageError(`--utc-offset must be Z or ±hh:mm (-14:00 to +14:00), got ${JSON.stringify(utcOffset)}`)
    if (utcOffset !== null && values.format === 'odm') throw new UsageError('--utc-offset applies to --format fhir only (ODM keeps the times as collected)')
    for (const flag of ['protocol', 'sdtm', 'format', 'out'] as const) if (values[flag] === undefined) throw new UsageError(`--${flag} is required`)
    if (values.format !== 'odm' && values.format !== 'fhir') throw new UsageError(`--format must be odm or fhir, got ${JSON.stringify(values.format)}`)
    const protocol = await loadProtocol(io, values.protocol!)
    const lb: SdtmLbRecord[] = []
    const ae: SdtmAeRecord[] = []
    const read = await readSdtmDirectory(resolve(io.cwd, values.sdtm!), { lb: (r) => lb.push(r), ae: (r) => ae.push(r) })
    if (read.missing.length > 0) throw new DataError(read.missing.map((f) => `${f}: required file not found in ${values.sdtm}`).join('\n'))
    if (read.issues.length > 0) throw new DataError(`${read.issues.length} error(s) in the SDTM data:\n${read.issues.map(formatSdtmIssue).join('\n')}`)
    const dm: SdtmDmRecord[] = read.collector.subjects(null).map((s) => s.dm)
    const registryId = protocol.identification.registryId
    const study = exchangeStudyFromSdtm(registryId, protocol.identification.briefTitle, dm, lb, ae, { overallStatus: protocol.identification.overallStatus, phases: protocol.identification.phases })
    const now = new Date().toISOString()
    const text =
      values.format === 'odm'
        ? buildOdmSnapshot(study, { fileOid: `CT.${registryId}.${now.replace(/[-:.]/g, '')}`, creationDateTime: now, protocolVersion: protocol.version.number })
        : JSON.stringify(buildFhirBundle(study, { utcOffset }), null, 2) + '\n'
    await writeFile(resolve(io.cwd, values.out!), text)
    io.stdout(`Wrote ${values.format === 'odm' ? 'ODM 1.3.2' : 'FHIR R4'} export of ${study.subjects.length} subjects, ${lb.length} lab results, ${ae.length} adverse events to ${values.out}\n`)
    return EXIT.ok
  },
}

/** The commands of this file, for the registry. */
export const commands: Command[] = [exportCommand]
