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
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * One CSV record (no line break).
 * @example formatAdamCsvRecord(['A', 1, null]) // 'A,1,'
 */
export function formatAdamCsvRecord(values: readonly AdamCsvValue[]): string {
  return values.map(formatAdamCsvField).join(',')
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
  const lines = [formatAdamCsvRecord(variables)]
  for (const row of rows) lines.push(formatAdamCsvRecord(variables.map((v) => row[v] ?? null)))
  return lines.join('\n') + '\n'
}
