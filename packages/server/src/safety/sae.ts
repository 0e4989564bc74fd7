import { existsSync } from 'node:fs'
import type { BrowserType } from 'playwright-core'
import {
  assessSeriousness, classifySusar, ICH_E2A_REPORTING_RULES, siteInitialReportClock, sponsorExpeditedClocks,
  type ExpeditedReportingRules, type SeriousnessAnswers, type SiteReportClock, type SponsorExpeditedClocks, type Issue,
} from '@celltrial/core'
import type { Selectable } from 'kysely'
import type { SaeReportTable } from '../db/tables/safety.js'

type SaeRow = Selectable<SaeReportTable>

/** Seriousness (ICH E2A) and the expedited category of an SAE report's answers. Source: safety-grading.md §4.1. */
export function classifySae(answers: SeriousnessAnswers, related: boolean | null, unexpected: boolean | null) {
  const seriousness = assessSeriousness(answers)
  const category = classifySusar({ seriousness, related, unexpected })
  return {
    serious: seriousness.serious === true ? ('yes' as const) : seriousness.serious === false ? ('no' as const) : ('unknown' as const),
    criteria: seriousness.serious === true ? seriousness.criteria : [],
    category,
  }
}

export interface SaeClocks {
  /** the site rule applied: initial report due this many hours after site awareness (§4.2 PROTOCOL DECISION) */
  siteInitialReportHours: number
  site: SiteReportClock | null
  sponsor: SponsorExpeditedClocks | null
  overdue: boolean
  issues: Issue[]
}

/**
 * Clocks of an SAE report at `asOf` (an ISO instant): the site's initial report (from site awareness; 24 hours unless
 * the protocol's `safety.sae.siteInitialReportHours` says otherwise) and, once the sponsor's first knowledge is
 * recorded, the 7/15-day expedited clocks in the sponsor's calendar.
 * Source: safety-grading.md §4.2 (ICH E2A; 24 h site rule is a PROTOCOL DECISION).
 */
export function saeClocks(
  r: Pick<SaeRow, 'site_aware_at' | 'initial_sent_at' | 'sponsor_first_knowledge_at' | 'regulator_initial_submitted_at' | 'regulator_follow_up_submitted_at' | 'susar_category'>,
  asOf: string,
  rules: Pick<ExpeditedReportingRules, 'siteInitialReportHours'> = ICH_E2A_REPORTING_RULES,
): SaeClocks {
  const issues: Issue[] = []
  const site = siteInitialReportClock({ siteAwareAt: r.site_aware_at, sentToSponsorAt: r.initial_sent_at, asOf }, rules)
  if (!site.ok) issues.push(...site.issues)
  let sponsor: SponsorExpeditedClocks | null = null
  if (r.sponsor_first_knowledge_at) {
    const category = r.susar_category as SponsorExpeditedClocks['category']
    const c = sponsorExpeditedClocks({
      category, sponsorFirstKnowledgeAt: r.sponsor_first_knowledge_at, initialSubmittedAt: r.regulator_initial_submitted_at,
      followUpSubmittedAt: r.regulator_follow_up_submitted_at, asOf,
    })
    if (c.ok) sponsor = c.value
    else issues.push(...c.issues)
  }
  const siteValue = site.ok ? site.value : null
  const overdue = siteValue?.status === 'overdue' || sponsor?.initial?.status === 'overdue' || sponsor?.followUp?.status === 'overdue'
  return { siteInitialReportHours: rules.siteInitialReportHours, site: siteValue, sponsor, overdue, issues }
}

const esc = (s: string | number | null | undefined) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const CRITERIA_LABELS: [keyof SeriousnessAnswers, string][] = [
  ['resultsInDeath', 'Results in death'],
  ['lifeThreatening', 'Life-threatening'],
  ['hospitalisation', 'Requires or prolongs inpatient hospitalisation'],
  ['persistentOrSignificantDisability', 'Persistent or significant disability/incapacity'],
  ['congenitalAnomaly', 'Congenital anomaly/birth defect'],
  ['importantMedicalEvent', 'Important medical event'],
]

/** A printable SAE form (HTML with print CSS, A4). The words are English, the regulators' working language. */
export function saeFormHtml(input: {
  report: SaeRow
  subject: { code: string; registry_id: string; site_name: string; age_years: number | null; sex: string | null; infusion_date: string | null; dose_level: string | null }
  followUps: { sent_at: string; summary: string }[]
  clocks: SaeClocks
  printedAt: string
}): string {
  const { report: r, subject: s, clocks } = input
  const answers = r.seriousness as SeriousnessAnswers
  const yn = (v: boolean | string | null | undefined) => (v === true ? 'Yes' : v === false ? 'No' : v === null || v === undefined ? 'Not answered' : esc(v))
  const row = (k: string, v: string) => `<tr><th scope="row">${esc(k)}</th><td>${v}</td></tr>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SAE report ${r.id} - ${esc(s.code)}</title>
<style>
  body { font: 11pt/1.4 "Noto Sans", "Helvetica Neue", Arial, sans-serif; margin: 2em; color: #000; }
  h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 12pt; border-bottom: 1px solid #000; margin: 1.2em 0 .4em; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #555; padding: 4px 6px; text-align: left; vertical-align: top; }
  th { width: 38%; background: #f2f2f2; } .overdue { font-weight: bold; color: #a00; } .muted { color: #555; }
  .sign { display: grid; grid-template-columns: 1fr 1fr; gap: 2em; margin-top: 2.5em; } .sign div { border-top: 1px solid #000; padding-top: .3em; }
  @media print { body { margin: 0; } @page { size: A4; margin: 15mm; } h2 { break-after: avoid; } table { break-inside: avoid; } .no-print { display: none; } }
</style></head><body>
<p class="no-print"><button type="button" onclick="window.print()">Print</button></p>
<h1>Serious adverse event report</h1>
<p class="muted">${esc(s.registry_id)} · SAE ${r.id} · printed ${esc(input.printedAt)}${r.voided_at ? ` · VOIDED: ${esc(r.void_reason)}` : ''}</p>
<h2>Subject</h2><table>
${row('Subject', esc(s.code))}${row('Site', esc(s.site_name))}${row('Age (years)', esc(s.age_years ?? 'unknown'))}${row('Sex', esc(s.sex ?? 'unknown'))}
${row('Infusion (Day 0)', esc(s.infusion_date ?? 'not infused'))}${row('Dose level', esc(s.dose_level ?? 'not assigned'))}
</table>
<h2>Event</h2><table>
${row('Term (CTCAE v5.0)', esc(r.term))}${row('Grade', esc(r.ctcae_grade ?? 'not graded'))}${row('Onset date', esc(r.onset_date ?? 'unknown'))}
${row('Source record', `${esc(r.ae_source)} ${esc(r.ae_source_id ?? '')}`)}${row('Narrative', esc(r.narrative).replace(/\n/g, '<br>'))}
</table>
<h2>Seriousness (ICH E2A)</h2><table>
${CRITERIA_LABELS.map(([k, label]) => row(label, yn(answers[k]))).join('\n')}
${row('Serious', esc(r.serious))}${row('Related to study treatment', yn(r.related))}${row('Unexpected (reference safety information)', yn(r.unexpected))}${row('Expedited category', esc(r.susar_category))}
</table>
<h2>Reporting clocks</h2><table>
${row('Site aware', esc(r.site_aware_at))}
${row('Initial report to sponsor', r.initial_sent_at ? esc(r.initial_sent_at) : 'not sent')}
${row(`Due (${clocks.siteInitialReportHours} h)`, clocks.site ? `${esc(clocks.site.dueAt)} <span class="${clocks.site.status === 'overdue' ? 'overdue' : ''}">${esc(clocks.site.status)}</span>` : 'unknown')}
${row('Sponsor first knowledge (Day 0)', r.sponsor_first_knowledge_at ? `${esc(r.sponsor_first_knowledge_at)} (Day 0 ${esc(clocks.sponsor?.day0)})` : 'not recorded')}
${clocks.sponsor?.initial ? row('Regulatory report due', `${esc(clocks.sponsor.initial.dueDate)} <span class="${clocks.sponsor.initial.status === 'overdue' ? 'overdue' : ''}">${esc(clocks.sponsor.initial.status)}</span>`) : ''}
${clocks.sponsor?.followUp ? row('Completing follow-up due', `${esc(clocks.sponsor.followUp.dueDate)} ${esc(clocks.sponsor.followUp.status)}`) : ''}
</table>
<h2>Follow-up reports</h2>
${input.followUps.length === 0 ? '<p>None.</p>' : `<table>${input.followUps.map((f) => row(f.sent_at, esc(f.summary))).join('')}</table>`}
<div class="sign"><div>Investigator signature and date</div><div>Name (print)</div></div>
</body></html>`
}

/** Where PDF rendering finds Chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Render the SAE form to PDF (A4) with playwright-core driving Chromium; `null` with the reason when Chromium or
 * playwright-core is not available on this machine.
 */
export async function saeFormPdf(html: string): Promise<{ pdf: Buffer } | { unavailable: string }> {
  if (!existsSync(CHROMIUM_PATH)) return { unavailable: `PDF needs Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH); print the HTML form from the browser instead` }
  let chromium: BrowserType
  try {
    chromium = (await import('playwright-core')).chromium
  } catch {
    return { unavailable: 'PDF needs the playwright-core package; print the HTML form from the browser instead' }
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  try {
    const page = await browser.newPage()
    await page.setContent(html, { waitUntil: 'load' })
    return { pdf: await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } }) }
  } finally {
    await browser.close()
  }
}
