/**
 * `celltrial report` on the SYNTHETIC demo SDTM: every format is written and readable (the XLSX is unzipped
 * and its XML parts parsed back; the PDF is printed when Chromium is present), and usage errors exit 2.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseXml } from '@celltrial/core'
import type { CliIo } from '../command.js'
import { runCli } from '../main.js'
import { report } from './report.js'
import { readZip } from './report/zip.js'

const SDTM = fileURLToPath(new URL('../../../protocols/NCT06352281/demo-sdtm/', import.meta.url))
let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'celltrial-report-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

const run = async (args: string[]) => {
  const io = { out: '', err: '', cwd: '/', env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) } satisfies CliIo & { out: string; err: string }
  const code = await runCli(['report', ...args], io, [report])
  return { code, ...io }
}
const base = (format: string, out: string) => ['--protocol', 'NCT06352281', '--sdtm', SDTM, '--cutoff', '2025-06-15', '--format', format, '--out', join(work, out)]
const wellFormed = (xml: string) => {
  parseXml(xml)
  return true
}

describe('celltrial report', () => {
  it('writes the JSON model', async () => {
    const r = await run(base('json', 'r.json'))
    expect(r.code).toBe(0)
    expect(r.out).toContain('ORR 3/4 75.0 % (19.4–99.4)')
    const model = JSON.parse(await readFile(join(work, 'r.json'), 'utf8'))
    expect(model.kind).toBe('celltrial.study-report')
    expect(model.groups.at(-1).efficacy.orr.ids).toHaveLength(3)
  })

  it('writes a self-contained HTML page with narrative, six figures and tables (zh-CN)', async () => {
    const r = await run([...base('html', 'r.html'), '--lang', 'zh-CN', '--synthetic'])
    expect(r.code).toBe(0)
    const html = await readFile(join(work, 'r.html'), 'utf8')
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/)
    expect(html).toContain('<p class="demo" role="note">合成演示数据</p>')
    const narrative = /<p class="narrative">([\s\S]*?)<\/p>/.exec(html)![1]!
    expect(narrative.replace(/<a class="n" href="#ids-\d+">([^<]*)<\/a>/g, '$1')).toContain('4例患者中3例（75.0%；95% CI 19.4–99.4）达到客观缓解')
    const figures = [...html.matchAll(/<figure data-figure="[^"]+">(<svg[\s\S]*?<\/svg>)<\/figure>/g)].map((m) => m[1]!)
    expect(figures).toHaveLength(6)
    for (const svg of figures) expect(wellFormed(svg)).toBe(true)
    const tables = [...html.matchAll(/<table class="report-table" data-table="[^"]+">[\s\S]*?<\/table>/g)].map((m) => m[0])
    expect(tables).toHaveLength(7)
    for (const t of tables) expect(wellFormed(t)).toBe(true)
    // self-contained: no external resource, every link stays inside the page
    expect(html).not.toMatch(/ src=| href="(?!#)/)
    const orr = /<td><a class="n" href="#(ids-\d+)">3 \(75\.0%; 19\.4–99\.4\)<\/a><\/td>/.exec(html)
    expect(orr).not.toBeNull()
    expect(html).toContain(`<li id="${orr![1]}" data-ids="NCT06352281-SITE01-001 NCT06352281-SITE01-002 NCT06352281-SITE01-003">`)
  })

  it('writes an XLSX workbook with one sheet per table that reads back', async () => {
    const r = await run(base('xlsx', 'r.xlsx'))
    expect(r.code).toBe(0)
    const parts = readZip(await readFile(join(work, 'r.xlsx')))
    for (const name of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml']) expect(parts.has(name)).toBe(true)
    for (const [, data] of parts) expect(wellFormed(data.toString('utf8'))).toBe(true)
    const workbook = parts.get('xl/workbook.xml')!.toString('utf8')
    expect([...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1])).toEqual(['baseline', 'exposure', 'efficacy', 'safety', 'adverse-events', 'correlatives', 'listing'])
    expect(parts.get('xl/worksheets/sheet3.xml')!.toString('utf8')).toContain('3 (75.0%; 19.4–99.4)')
  })

  it.skipIf(!existsSync('/usr/bin/chromium'))('prints a PDF with Chromium', async () => {
    const r = await run(base('pdf', 'r.pdf'))
    expect(r.code).toBe(0)
    expect((await readFile(join(work, 'r.pdf'))).subarray(0, 5).toString()).toBe('%PDF-')
  }, 60_000)

  it('says clearly when Chromium is missing (exit 1)', async () => {
    const io = { out: '', err: '', cwd: '/', env: { CHROMIUM_PATH: '/nonexistent/chromium' }, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) }
    expect(await runCli(['report', ...base('pdf', 'x.pdf')], io, [report])).toBe(1)
    expect(io.err).toContain('PDF needs Chromium at /nonexistent/chromium')
  })

  it('rejects bad usage with exit 2', async () => {
    expect((await run(base('docx', 'r.docx'))).code).toBe(2)
    expect((await run([...base('html', 'r.html'), '--lang', 'fr'])).code).toBe(2)
    expect((await run(['--protocol', 'NCT06352281', '--format', 'html', '--out', 'x'])).code).toBe(2)
  })
})
