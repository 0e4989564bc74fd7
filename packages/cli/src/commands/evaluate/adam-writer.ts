/**
 * Write the ADaM datasets of `celltrial evaluate` subject by subject with buffered appends, so that the
 * rows of 100,000 subjects are never held at once. Each dataset goes to a temporary file next to its target
 * and is renamed into place by `commit()`; `abort()` removes the temporary files (nothing is written then).
 *
 * The text is byte-identical to formatting every row at once with core's `formatAdslCsv` / `formatAdrsCsv`
 * / `formatAdtteCsv`: the header line (`formatAdamCsvRecord` of the variables), then `formatAdamCsvRow` of
 * each row, which is what those functions write.
 *
 * Source: interchange/sdtm-adam.md "Output datasets" (adsl.csv, adrs.csv, adtte.csv).
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import {
  ADRS_VARIABLES,
  ADSL_VARIABLES,
  ADTTE_VARIABLES,
  formatAdamCsvRecord,
  formatAdamCsvRow,
  type AdamSubjectRows,
  type AdrsRow,
  type AdslRow,
  type AdtteRow,
} from '@celltrial/core'

/** Text buffered per file before a write (a few large writes instead of many small ones). */
const FLUSH_CHARS = 1 << 20

class DatasetFile<R> {
  private text: string
  count = 0
  constructor(
    readonly path: string,
    readonly tmp: string,
    private readonly fh: FileHandle,
    private readonly variables: readonly (keyof R & string)[],
  ) {
    this.text = formatAdamCsvRecord(variables) + '\n'
  }

  /** Buffer a row; true when enough text is buffered for a `flush`. */
  add(row: R): boolean {
    this.text += formatAdamCsvRow(this.variables, row as { [V in keyof R & string]?: string | number | null })
    this.count++
    return this.text.length >= FLUSH_CHARS
  }

  /** Buffer `n` rows already formatted with `formatAdamCsvRow` (e.g. by a worker thread). */
  addText(text: string, n: number): void {
    this.text += text
    this.count += n
  }

  async flush(): Promise<void> {
    if (this.text === '') return
    const t = this.text
    this.text = ''
    await this.fh.write(t, null, 'utf8')
  }

  close(): Promise<void> {
    return this.fh.close()
  }
}

/** Buffered writer of adsl.csv, adrs.csv and adtte.csv in one directory. */
export interface AdamWriter {
  /** buffer one subject's rows, writing when a buffer is full */
  add(rows: AdamSubjectRows): Promise<void> | undefined
  /** append the rows of later subjects formatted elsewhere (`evaluatePart`), in subject order, and write them */
  addText(part: { adsl: string; adrs: string; adtte: string; rows: { adsl: number; adrs: number; adtte: number } }): Promise<void>
  /** rows written per dataset so far */
  counts(): { adsl: number; adrs: number; adtte: number }
  /** flush, close and rename the files into place */
  commit(): Promise<void>
  /** close and remove the temporary files */
  abort(): Promise<void>
}

/** Open the three temporary files in `outDir` (which must exist). */
export async function openAdamWriter(outDir: string): Promise<AdamWriter> {
  const files: DatasetFile<never>[] = []
  const openFile = async <R>(name: string, variables: readonly (keyof R & string)[]): Promise<DatasetFile<R>> => {
    const path = join(outDir, name)
    const tmp = `${path}.${process.pid}.tmp`
    const f = new DatasetFile<R>(path, tmp, await open(tmp, 'w'), variables)
    files.push(f)
    return f
  }
  try {
    const adsl = await openFile<AdslRow>('adsl.csv', ADSL_VARIABLES)
    const adrs = await openFile<AdrsRow>('adrs.csv', ADRS_VARIABLES)
    const adtte = await openFile<AdtteRow>('adtte.csv', ADTTE_VARIABLES)
    return {
      add(rows) {
        let full = adsl.add(rows.adsl)
        if (adrs.add(rows.adrs)) full = true
        for (const r of rows.adtte) if (adtte.add(r)) full = true
        return full ? Promise.all(files.map((f) => f.flush())).then(() => undefined) : undefined
      },
      async addText(part) {
        adsl.addText(part.adsl, part.rows.adsl)
        adrs.addText(part.adrs, part.rows.adrs)
        adtte.addText(part.adtte, part.rows.adtte)
        await Promise.all(files.map((f) => f.flush()))
      },
      counts: () => ({ adsl: adsl.count, adrs: adrs.count, adtte: adtte.count }),
      async commit() {
        for (const f of files) {
          await f.flush()
          await f.close()
        }
        for (const f of files) await rename(f.tmp, f.path)
      },
      async abort() {
        for (const f of files) {
          await f.close().catch(() => {})
          await rm(f.tmp, { force: true })
        }
      },
    }
  } catch (e) {
    for (const f of files) {
      await f.close().catch(() => {})
      await rm(f.tmp, { force: true })
    }
    throw e
  }
}
