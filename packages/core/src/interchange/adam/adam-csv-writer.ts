/** A cell of an ADaM dataset: text, a number, or empty (`null`). */
export type AdamCsvValue = string | number | null

/**
 * Quote a CSV field when RFC 4180 requires it (it contains a comma, a quote, CR or LF); quotes are doubled.
 * Numbers are written with JavaScript's shortest round-trip form (`12.5`, `9`); `null` is an empty field.
 *
 * Source: interchange/sdtm-adam.md (CSV, UTF-8, header row); RFC 4180 §2.
 * @example formatAdamCsvField('a "b", c') // '"a ""b"", c"'
 */
export function formatAdamCsvField(value: AdamCsvValue): string {
  if (value === null) return ''
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write a non-finite number to CSV: ${value}`)
    return String(value)
  }
  return needsQuotes(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** Whether `value` contains `"`, `,`, CR or LF (`/[",\r\n]/.test(value)`, written out: this runs per cell). */
function needsQuotes(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 34 || c === 44 || c === 13 || c === 10) return true
  }
  return false
}

/**
 * One CSV record (no line break).
 * @example formatAdamCsvRecord(['A', 1, null]) // 'A,1,'
 */
export function formatAdamCsvRecord(values: readonly AdamCsvValue[]): string {
  return values.map(formatAdamCsvField).join(',')
}

/**
 * One row of a dataset as a CSV line ending with LF: the values of `variables` in order, a missing key
 * written empty. `formatAdamCsvDataset` is the header line followed by this for every row.
 *
 * @example formatAdamCsvRow(['A', 'B'], { A: 'x, y', B: 2 }) // '"x, y",2\n'
 */
export function formatAdamCsvRow<K extends string>(variables: readonly K[], row: { readonly [V in K]?: AdamCsvValue }): string {
  let line = ''
  for (let i = 0; i < variables.length; i++) {
    if (i > 0) line += ','
    line += formatAdamCsvField(row[variables[i] as K] ?? null)
  }
  return line + '\n'
}

/**
 * A whole dataset as CSV text: a header row with `variables` in order, then one record per row, each
 * ending with LF.
 *
 * @param variables column names in output order
 * @param rows objects keyed by those names; a missing key is written empty
 * @example formatAdamCsvDataset(['A', 'B'], [{ A: 'x', B: 2 }]) // 'A,B\nx,2\n'
 */
export function formatAdamCsvDataset<K extends string>(
  variables: readonly K[],
  rows: readonly { readonly [V in K]?: AdamCsvValue }[],
): string {
  let text = formatAdamCsvRecord(variables) + '\n'
  for (const row of rows) text += formatAdamCsvRow(variables, row)
  return text
}
