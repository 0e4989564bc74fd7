/**
 * The HTML page links every number of the summary paragraph and the tables to the subjects behind it
 * (issue 9), and each listed subject to its row of the listing.
 */
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import { parseXml, xmlSelect, xmlText, type XmlElement } from '../figures/xml.js'
import { parseProtocol } from '../protocol/index.js'
import { buildStudyReport } from './build-study-report.js'
import { REPORT_FIXTURE } from './fixtures/report-fixture.js'
import { LINKED_SUBJECTS_MAX, renderReportHtml } from './render-html.js'
import { REPORT_LABELS } from './table-labels.js'
import { reportTables } from './tables.js'

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const report = buildStudyReport(REPORT_FIXTURE, { cutoff: '2024-06-30', protocol: parsed.value })

const section = (html: string, re: RegExp): XmlElement => parseXml(re.exec(html)![0])
const sets = (html: string): Map<string, XmlElement> => new Map(xmlSelect(section(html, /<section class="sets[^"]*"[\s\S]*?<\/section>/), 'li').map((li) => [li.attrs.id!, li]))
const target = (a: XmlElement) => a.attrs.href!.replace(/^#/, '')

describe.each(['en', 'zh-CN'] as const)('renderReportHtml (%s)', (lang) => {
  const html = renderReportHtml(report, { lang })
  const lists = sets(html)

  it('links every table number to the list of the subjects behind it', () => {
    const model = reportTables(report, lang).filter((t) => t.id !== 'listing')
    const rendered = [...html.matchAll(/<table class="report-table" data-table="([^"]+)">[\s\S]*?<\/table>/g)].filter((m) => m[1] !== 'listing').map((m) => parseXml(m[0]))
    expect(rendered).toHaveLength(model.length)
    let checked = 0
    model.forEach((t, ti) => {
      const rows = xmlSelect(rendered[ti]!, 'tr').slice(1)
      expect(rows).toHaveLength(t.rows.length)
      t.rows.forEach((cells, ri) => {
        const tds = xmlSelect(rows[ri]!, 'td')
        cells.slice(1).forEach((c, ci) => {
          const td = tds[ci]!
          expect(xmlText(td)).toBe(c.text)
          const a = xmlSelect(td, 'a', 'n')[0]
          // a count above 0, or a median, has the subjects behind it
          if (typeof c.value === 'number' && c.value !== 0) expect(c.ids?.length, `${t.id} / ${xmlText(xmlSelect(rows[ri]!, 'th')[0]!)} / ${c.text}`).toBeGreaterThan(0)
          if (c.ids && c.ids.length > 0) {
            expect(a, `${t.id} row ${ri} cell ${ci}`).toBeDefined()
            expect(lists.get(target(a!))!.attrs['data-ids']).toBe(c.ids.join(' '))
            checked++
          } else expect(a).toBeUndefined()
        })
      })
    })
    expect(checked).toBeGreaterThan(100)
  })

  it('links every number of the summary paragraph', () => {
    const p = section(html, /<p class="narrative">[\s\S]*?<\/p>/)
    const links = xmlSelect(p, 'a', 'n')
    expect(links.length).toBeGreaterThan(20)
    for (const a of links) expect(lists.has(target(a))).toBe(true)
    const orr = report.groups.at(-1)!.efficacy.orr
    const orrLink = links.find((a) => xmlText(a) === (lang === 'en' ? 'Two' : '2') && lists.get(target(a))!.attrs['data-ids'] === orr.ids.join(' '))
    expect(orrLink).toBeDefined()
    // what is left outside the links: no count, percentage or median, only the date and unit / label digits
    const rest = /<p class="narrative">([\s\S]*?)<\/p>/.exec(html)![1]!.replace(/<a class="n"[^>]*>[^<]*<\/a>/g, '')
    expect(rest).not.toContain('<')
    // a count of 0 has nobody behind it and stays plain text ("no", "0例")
    const plain = rest.replace(report.cutoff, '').replace(/×10⁹\/L|95% CI|grade \d|\d级|CD19\+|CAR-T|(?<![\d.])0例/gi, '')
    expect(plain, plain).not.toMatch(/\d/)
    if (lang === 'en') expect(plain).not.toMatch(/\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i)
  })

  it('links each listed subject to its row of the listing, written once per distinct list', () => {
    const keys = [...lists.values()].map((li) => li.attrs['data-ids'])
    expect(new Set(keys).size).toBe(keys.length)
    for (const li of lists.values())
      for (const a of xmlSelect(li, 'a')) expect(html).toContain(`<tr id="${target(a)}"><th scope="row">${xmlText(a)}</th>`)
    expect(html).not.toMatch(/ src=| href="(?!#)/)
  })
})

describe('renderReportHtml options', () => {
  it('links subjects to the app when asked, opening in the top window', () => {
    const html = renderReportHtml(report, { subjectHref: (id) => `/subjects/${id.slice(1)}` })
    expect(html).toContain('<a href="/subjects/1" target="_top">S1</a>')
  })

  it('writes the lists of a large study as plain text, left out of print', () => {
    const many = Array.from({ length: Math.ceil((LINKED_SUBJECTS_MAX + 1) / REPORT_FIXTURE.length) }, (_, k) => REPORT_FIXTURE.map((s) => ({ ...s, usubjid: `${s.usubjid}-${k}` }))).flat()
    const html = renderReportHtml(buildStudyReport(many, { cutoff: '2024-06-30', protocol: parsed.value }))
    const lists = sets(html)
    expect(html).toContain('<section class="sets screen-only" id="subjects-behind">')
    for (const li of lists.values()) expect(xmlSelect(li, 'a')).toHaveLength(0)
    expect(lists.get('ids-0')!.attrs['data-ids']!.split(' ')).toHaveLength(many.length)
    const printed = renderReportHtml(buildStudyReport(many, { cutoff: '2024-06-30', protocol: parsed.value }), { media: 'print' })
    expect(printed).not.toContain('id="subjects-behind"')
    expect(printed).not.toContain('<a class="n"')
    expect(printed).toContain(REPORT_LABELS.en.subjectsBehindPrint)
    // a small study prints its lists and links
    expect(renderReportHtml(report, { media: 'print' })).toBe(renderReportHtml(report))
  })
})
