import { createHmac, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createPseudonyms, deidentifyTable, formatAdamCsvRecord, numberOfShiftDays, readSdtmCsvText, type TextTable } from '@celltrial/core'
import { DataError, numberFlag, parseFlags, UsageError, type Command } from '../command.js'

/** The per-subject date offset: HMAC-SHA256(key, USUBJID) mapped to 1..max days, forward or back. */
export function offsetFromKey(key: Buffer, maxDays: number) {
  return (usubjid: string) => numberOfShiftDays(createHmac('sha256', key).update(usubjid).digest().readUInt32BE(0), maxDays)
}

export const deidentify: Command = {
  name: 'deidentify',
  summary: 'write a de-identified copy of an SDTM directory (dates shifted, ages capped, free text removed)',
  help: `Usage: celltrial deidentify --sdtm DIR --out DIR --key-file FILE [--max-shift-days N]

Writes a de-identified copy of every CSV file of an SDTM directory:
  - each subject's dates (--DTC, --DT, --DTM, and ISO dates in --STTPT / --ENTPT) shifted by the same secret
    offset (1 to N days, forward or back; intervals kept); the offset comes from HMAC-SHA256 of the key file
    and the subject id, and is written nowhere; a date that cannot be shifted exactly is removed;
  - AGE over 89 capped at 90 (an AGE that is not a number removed); free-text columns (verbatim terms,
    comments, birth dates) emptied;
  - USUBJID / SUBJID replaced by site-coded pseudonyms, numbered per site in an order keyed by the secret.
See HIPAA Safe Harbor, 45 CFR 164.514(b)(2). A missing key file is created (mode 0600): keep it secret,
and keep it to produce later exports with the same shifts.
  --max-shift-days N    largest shift in days (default 180)`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { sdtm: { type: 'string' }, out: { type: 'string' }, 'key-file': { type: 'string' }, 'max-shift-days': { type: 'string' } })
    if (!values.sdtm || !values.out || !values['key-file']) throw new UsageError('--sdtm, --out and --key-file are required')
    const maxDays = numberFlag('max-shift-days', values['max-shift-days'], 180)
    if (!Number.isInteger(maxDays) || maxDays < 1) throw new UsageError(`--max-shift-days must be a whole number of days >= 1, got ${maxDays}`)
    const dir = resolve(io.cwd, values.sdtm)
    const out = resolve(io.cwd, values.out)
    const keyFile = resolve(io.cwd, values['key-file'])
    if (!existsSync(dir)) throw new UsageError(`no such directory: ${dir}`)
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600 })
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex')
    if (key.length < 16) throw new DataError(`${keyFile}: not a key (expected at least 32 hex characters)`)
    // dm first, so every table finds each subject's site for its pseudonym
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort((a, b) => (a === 'dm.csv' ? -1 : b === 'dm.csv' ? 1 : a.localeCompare(b)))
    const tables = new Map<string, TextTable>()
    const problems: string[] = []
    for (const f of files) {
      const { records, problems: p } = readSdtmCsvText(readFileSync(join(dir, f), 'utf8'))
      for (const x of p) problems.push(`${f}:${x.line}: ${x.message}`)
      const [header, ...rows] = records.map((r) => r.fields)
      if (header) tables.set(f, { header, rows })
    }
    if (problems.length > 0) throw new DataError(`cannot read the SDTM files:\n${problems.join('\n')}`)
    const pseudonyms = createPseudonyms()
    // Safe Harbor (R) and 164.514(c): codes numbered in order of first appearance would follow the (sorted) subject
    // ids, so the new SUBJID would equal the old one (CT-01-01 -> 01-001). Register every subject first, per site,
    // in an order keyed by the secret (domain-separated from the date offsets), so a code is not translatable.
    const siteOf = new Map<string, string>()
    for (const withSite of [true, false]) {
      for (const { header, rows } of tables.values()) {
        // names and ids read trimmed, as deidentifyTable (and the SDTM reader) read them
        const u = header.findIndex((h) => h.trim() === 'USUBJID')
        const s = header.findIndex((h) => h.trim() === 'SITEID')
        if (u < 0 || (s >= 0) !== withSite) continue
        for (const r of rows) {
          const id = (r[u] ?? '').trim()
          if (id !== '' && !siteOf.has(id)) siteOf.set(id, s >= 0 ? (r[s] ?? '').trim() : '')
        }
      }
    }
    const rank = (id: string) => createHmac('sha256', key).update('pseudonym-order\0').update(id).digest('hex')
    for (const id of [...siteOf.keys()].sort((a, b) => rank(a).localeCompare(rank(b)))) {
      pseudonyms.siteOf.set(id, siteOf.get(id) ?? '')
      pseudonyms.codeFor(id, siteOf.get(id) ?? '')
    }
    const options = { offsetDays: offsetFromKey(key, maxDays) }
    mkdirSync(out, { recursive: true })
    for (const [f, table] of tables) {
      const t = deidentifyTable(table, pseudonyms, options)
      writeFileSync(join(out, f), [t.header, ...t.rows].map((r) => formatAdamCsvRecord(r)).join('\r\n') + '\r\n')
    }
    io.stdout(`De-identified ${tables.size} files into ${out} (dates shifted up to ${maxDays} days; key ${keyFile}).\n`)
    return 0
  },
}

export const commands: Command[] = [deidentify]
