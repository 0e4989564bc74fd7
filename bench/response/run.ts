/**
 * Response engine and `celltrial evaluate` throughput on a seeded synthetic cohort.
 *
 *   node --conditions=@celltrial/source --import tsx bench/response/run.ts [--subjects 100000] [--counts 100] [--seed 1] [--engine-only]
 *
 * 1. Engine alone: evaluateResponse on in-memory inputs; prints subjects/s and counts/s.
 * 2. Full CLI path: writes dm/ex/lb/cm/ce CSV (subjects x counts LB rows) to a temp dir, runs
 *    `celltrial evaluate` in-process, prints wall time, rows/s and peak RSS (process.resourceUsage().maxRSS).
 */
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fromEpochDay } from '@celltrial/core'
import { evaluateResponse, DEFAULT_RESPONSE_PARAMS, type ResponseInput } from '@celltrial/core'
import { evaluate } from '../../packages/cli/src/commands/evaluate.js'
import { mulberry32, syntheticSubject, type SyntheticSubject } from './synthetic-cohort.js'

const { values } = parseArgs({
  options: { subjects: { type: 'string', default: '100000' }, counts: { type: 'string', default: '100' }, seed: { type: 'string', default: '1' }, 'engine-only': { type: 'boolean' } },
})
const nSubjects = Number(values.subjects)
const nCounts = Number(values.counts)
const seed = Number(values.seed)

function toInput(s: SyntheticSubject): ResponseInput {
  const d = (day: number) => fromEpochDay(s.infusionEpochDay + day)
  return {
    infusionDate: d(0),
    ldStartDate: d(-5),
    plateletCounts: s.counts.map((c) => ({ date: d(c.day), value: c.value })),
    bleedingEvents: s.bleeding.map((b) => ({ startDate: d(b.startDay), endDate: d(b.endDay), grade: b.grade })),
    rescueEvents: s.rescue.map((r) => ({ type: r.type === 'IVIG' ? 'IVIG' : 'PLATELET_TRANSFUSION', startDate: d(r.startDay), endDate: d(r.endDay) })),
  }
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`

// 1. engine alone
{
  const rng = mulberry32(seed)
  const inputs: ResponseInput[] = []
  for (let i = 0; i < nSubjects; i++) inputs.push(toInput(syntheticSubject(i, nCounts, rng)))
  const t0 = performance.now()
  let responders = 0
  for (const input of inputs) if (evaluateResponse(input, DEFAULT_RESPONSE_PARAMS).bestResponse !== 'NR') responders++
  const s = (performance.now() - t0) / 1000
  console.log(`engine: ${nSubjects} subjects x ${nCounts} counts in ${s.toFixed(2)} s: ${(nSubjects / s).toFixed(0)} subjects/s, ${((nSubjects * nCounts) / s).toFixed(0)} counts/s (${responders} not NR)`)
}
if (values['engine-only']) process.exit(0)

// 2. full CLI path from SDTM CSV
async function writeLines(path: string, header: string, rows: () => Iterable<string>): Promise<void> {
  const out = createWriteStream(path)
  let buf = header + '\n'
  for (const line of rows()) {
    buf += line + '\n'
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      buf = ''
    }
  }
  out.write(buf)
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())))
}

const dir = await mkdtemp(join(tmpdir(), 'celltrial-bench-'))
try {
  const sdtm = join(dir, 'sdtm')
  await import('node:fs/promises').then((fs) => fs.mkdir(sdtm))
  const rng = mulberry32(seed)
  const cohort: SyntheticSubject[] = []
  for (let i = 0; i < nSubjects; i++) cohort.push(syntheticSubject(i, nCounts, rng))
  const t0 = performance.now()
  await writeLines(join(sdtm, 'dm.csv'), 'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC,ARMCD', function* () {
    for (const s of cohort) yield `BENCH,${s.usubjid},01,40,YEARS,F,${fromEpochDay(s.infusionEpochDay)},DL1`
  })
  await writeLines(join(sdtm, 'ex.csv'), 'STUDYID,USUBJID,EXTRT,EXCAT,EXDOSE,EXDOSU,EXSTDTC', function* () {
    for (const s of cohort) {
      yield `BENCH,${s.usubjid},FLUDARABINE,LYMPHODEPLETION,30,mg/m2,${fromEpochDay(s.infusionEpochDay - 5)}`
      yield `BENCH,${s.usubjid},CD19 CAR-T,CELL THERAPY,150000,cells/kg,${fromEpochDay(s.infusionEpochDay)}`
    }
  })
  let lbRows = 0
  await writeLines(join(sdtm, 'lb.csv'), 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC', function* () {
    for (const s of cohort) for (const c of s.counts) { lbRows++; yield `BENCH,${s.usubjid},PLAT,${c.value},10^9/L,${fromEpochDay(s.infusionEpochDay + c.day)}` }
  })
  await writeLines(join(sdtm, 'cm.csv'), 'STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC', function* () {
    for (const s of cohort) for (const r of s.rescue) yield `BENCH,${s.usubjid},${r.type},RESCUE,${r.type},${fromEpochDay(s.infusionEpochDay + r.startDay)},${fromEpochDay(s.infusionEpochDay + r.endDay)}`
  })
  await writeLines(join(sdtm, 'ce.csv'), 'STUDYID,USUBJID,CETERM,CECAT,CESTDTC,CEENDTC,CETOX,CETOXGR', function* () {
    for (const s of cohort) for (const b of s.bleeding) yield `BENCH,${s.usubjid},BLEEDING,BLEEDING,${fromEpochDay(s.infusionEpochDay + b.startDay)},${fromEpochDay(s.infusionEpochDay + b.endDay)},WHO BLEEDING SCALE,${b.grade}`
  })
  cohort.length = 0
  console.log(`wrote SDTM (${lbRows} LB rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const t1 = performance.now()
  let stdout = ''
  const code = await evaluate.run(['--protocol', 'NCT06337474', '--sdtm', sdtm, '--out', join(dir, 'adam')], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  })
  const s = (performance.now() - t1) / 1000
  console.log(stdout.trimEnd())
  console.log(`evaluate (SDTM CSV -> ADaM CSV): exit ${code}, ${s.toFixed(1)} s wall, ${(lbRows / s).toFixed(0)} LB rows/s, peak RSS ${mb(process.resourceUsage().maxRSS)}`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
