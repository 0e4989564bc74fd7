/**
 * The report tables as an Office Open XML workbook (.xlsx; ECMA-376 SpreadsheetML, one worksheet per table,
 * inline strings, numbers as numbers where the cell is one) written without a library through zip.ts.
 * With the `exceljs` package this file could go; it is not installed in this workspace.
 */
import type { ReportTable } from '@celltrial/core'
import { writeZip } from './zip.js'

const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
// eslint-disable-next-line no-control-regex
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')

/** Column letters: 0 -> A, 26 -> AA. */
export function columnName(i: number): string {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ , unique. */
function sheetNames(tables: readonly ReportTable[]): string[] {
  const used = new Set<string>()
  return tables.map((t) => {
    const base = t.id.replace(/[[\]:*?/\\]/g, '-').slice(0, 28) || 'sheet'
    let name = base
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base}-${k}`
    used.add(name.toLowerCase())
    return name
  })
}

function sheetXml(t: ReportTable): string {
  const rows: string[] = []
  const cellStr = (ref: string, s: string, style = 0) => `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t xml:space="preserve">${x(clean(s))}</t></is></c>`
  rows.push(`<row r="1">${cellStr(`A1`, t.title, 1)}</row>`)
  rows.push(`<row r="2">${t.columns.map((c, i) => cellStr(`${columnName(i)}2`, c, 1)).join('')}</row>`)
  t.rows.forEach((r, ri) => {
    const n = ri + 3
    rows.push(`<row r="${n}">${r.map((c, ci) => {
      const ref = `${columnName(ci)}${n}`
      // a cell whose text is exactly its number is written as a number; "3 (75.0%)" stays text
      return typeof c.value === 'number' && Number.isFinite(c.value) && String(c.value) === c.text ? `<c r="${ref}"><v>${c.value}</v></c>` : cellStr(ref, c.text)
    }).join('')}</row>`)
  })
  const widths = t.columns.map((_, i) => Math.min(60, Math.max(10, ...[t.columns[i]!, ...t.rows.map((r) => r[i]?.text ?? '')].map((s) => s.length + 2))))
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${rows.join('')}</sheetData></worksheet>`
  )
}

/**
 * @param tables the report tables (reportTables in core)
 * @returns the .xlsx file
 */
export function reportXlsx(tables: readonly ReportTable[]): Buffer {
  const names = sheetNames(tables)
  const sheets = tables.map((t, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(t) }))
  return writeZip([
    {
      name: '[Content_Types].xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
        sheets.map((s) => `<Override PartName="/${s.name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        `</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
        names.map((n, i) => `<sheet name="${x(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        `</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
        `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
        `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
        `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
        `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
        `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
        `</styleSheet>`,
    },
    ...sheets,
  ])
}
