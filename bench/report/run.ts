/**
 * Results report timings on a seeded synthetic study (synthetic-study.ts): 1,000 subjects (default) with two
 * years of follow-up. Targets (issue 9): HTML report under 3 s, PDF under 15 s, XLSX under 5 s, each from
 * the subject inputs to the finished file (report model included).
 *
 *   node --conditions=@celltrial/source --import tsx bench/report/run.ts [--subjects 1000] [--seed 1] [--runs 1]
 *        [--no-pdf] [--out-dir DIR]
 *
 * Prints per run the time to build the report model, render the HTML page (with its six SVG figures), write
 * the XLSX workbook and print the PDF with Chromium, with output sizes, the PDF page count and peak RSS; with
 * `--runs` > 1 also the range of each end-to-end time. `--out-dir` keeps the HTML, PDF and XLSX files.
 * CPU seconds are printed beside wall times (this process, and Chromium's process tree from /proc on Linux):
 * on a shared machine the wall time mostly measures the other processes, the CPU time does not.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildStudyReport, renderReportHtml, reportTables } from '@celltrial/core'
import { findProtocol } from '@celltrial/protocols'
import { htmlToPdf } from '../../packages/cli/src/commands/report/pdf.js'
import { reportXlsx } from '../../packages/cli/src/commands/report/xlsx.js'
import { syntheticStudy } from './synthetic-study.js'

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    'no-pdf': { type: 'boolean' },
    'out-dir': { type: 'string' },
  },
})
/** CPU seconds of the child processes of this process (Chromium's tree), from /proc; null where there is no /proc. */
function childrenCpu(): number | null {
  if (!existsSync('/proc/self/stat')) return null
  const procs = new Map<number, { ppid: number; cpu: number }>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8')
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
      procs.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100 })
    } catch {
      // the process ended while we read
    }
  }
  let total = 0
  for (const [pid, p] of procs) {
    let q: number | undefined = p.ppid
    while (q !== undefined && q > 1 && q !== process.pid) q = procs.get(q)?.ppid
    if (q === process.pid && pid !== process.pid) total += p.cpu
  }
  return total
}
const cpuNow = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

const n = Number(values.subjects)
const runs = Math.max(1, Number(values.runs))
const size = (b: number) => `${(b / 1024).toFixed(0)} KiB`
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const protocol = findProtocol('NCT06352281')!
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const outDir = values['out-dir']
if (outDir) mkdirSync(outDir, { recursive: true })

let t = performance.now()
const { inputs, cutoff } = syntheticStudy(n, Number(values.seed))
console.log(`generated ${n} subjects, ${inputs.reduce((a, s) => a + s.response.plateletCounts.length, 0)} platelet counts: ${sec(performance.now() - t)}`)

const totals: Record<'html' | 'xlsx' | 'pdf', number[]> = { html: [], xlsx: [], pdf: [] }
const chromiumCpu: { seconds: number | null } = { seconds: null }
for (let run = 1; run <= runs; run++) {
  t = performance.now()
  let c = cpuNow()
  const report = buildStudyReport(inputs, { cutoff, protocol })
  const model = performance.now() - t
  const modelCpu = cpuNow() - c
  const all = report.groups[report.groups.length - 1]!
  t = performance.now()
  c = cpuNow()
  const html = renderReportHtml(report, { lang: 'en' })
  const page = performance.now() - t
  const pageCpu = cpuNow() - c
  t = performance.now()
  c = cpuNow()
  const xlsx = reportXlsx(reportTables(report, 'en'))
  const book = performance.now() - t
  const bookCpu = cpuNow() - c
  totals.html.push(model + page)
  totals.xlsx.push(model + book)
  console.log(
    `run ${run}: model ${sec(model)} [cpu ${modelCpu.toFixed(2)}] (ORR ${all.efficacy.orr.display}; DoR events ${all.efficacy.dor.events}/${all.efficacy.dor.n}); ` +
      `HTML page ${sec(page)} [cpu ${pageCpu.toFixed(2)}], ${size(Buffer.byteLength(html))}; XLSX ${sec(book)} [cpu ${bookCpu.toFixed(2)}], ${size(xlsx.length)}`,
  )
  if (outDir) {
    writeFileSync(join(outDir, 'report.html'), html)
    writeFileSync(join(outDir, 'report.xlsx'), xlsx)
  }
  if (values['no-pdf']) continue
  if (!existsSync(chromium)) {
    console.log(`PDF: skipped (no Chromium at ${chromium})`)
    continue
  }
  t = performance.now()
  c = cpuNow()
  const printHtml = renderReportHtml(report, { lang: 'en', media: 'print' })
  const pdf = await htmlToPdf(printHtml, chromium, { onBeforeClose: () => void (chromiumCpu.seconds = childrenCpu()) })
  const print = performance.now() - t
  const printCpu = cpuNow() - c
  if (!('pdf' in pdf)) {
    console.log(`PDF: ${pdf.unavailable}`)
    continue
  }
  totals.pdf.push(model + page + print)
  const pages = (pdf.pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
  console.log(
    `run ${run}: PDF (print page ${size(Buffer.byteLength(printHtml))} + Chromium) ${sec(print)} [cpu node ${printCpu.toFixed(2)}, Chromium ${chromiumCpu.seconds === null ? '?' : chromiumCpu.seconds.toFixed(2)}], ` +
      `${size(pdf.pdf.length)}, ${pages} pages`,
  )
  if (outDir) writeFileSync(join(outDir, 'report.pdf'), pdf.pdf)
}
const range = (xs: number[]) => (xs.length === 0 ? 'not run' : xs.length === 1 ? sec(xs[0]!) : `${sec(Math.min(...xs))} – ${sec(Math.max(...xs))} (${xs.length} runs)`)
console.log(`end to end (model included): HTML ${range(totals.html)} [target < 3 s]; XLSX ${range(totals.xlsx)} [< 5 s]; PDF ${range(totals.pdf)} [< 15 s]`)
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
