/**
 * Response engine and `celltrial evaluate` throughput on a seeded synthetic cohort.
 *
 *   node --conditions=@celltrial/source --import tsx bench/response/run.ts [--subjects 100000] [--counts 100] [--seed 1]
 *        [--engine-only] [--cli-only] [--dir DIR] [--runs 1] [--protocol NCT06352281]
 *
 * 1. Engine alone: evaluateResponse on in-memory inputs; prints subjects/s, counts/s and CPU time.
 * 2. Full CLI path: writes dm/ex/lb/cm/ce CSV (subjects x counts LB rows) to a directory, then runs
 *    `node packages/cli/bin/celltrial.mjs evaluate --protocol P` in a child process (so this process's cohort
 *    does not count against its memory) and prints, per run, wall time, CPU time, counts (LB rows) per second
 *    and the child's peak RSS, then the minimum and median over the runs (the machine is shared: one run says
 *    little). `--dir` keeps the SDTM files there and reuses them on the next run (same subjects/counts/seed).
 */
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fromEpochDay } from '@celltrial/core'
import { evaluateResponse, DEFAULT_RESPONSE_PARAMS, type ResponseInput } from '@celltrial/core'
import { mulberry32, syntheticSubject, type SyntheticSubject } from './synthetic-cohort.js'

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '100000' },
    counts: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    'engine-only': { type: 'boolean' },
    'cli-only': { type: 'boolean' },
    dir: { type: 'string' },
    runs: { type: 'string', default: '1' },
    protocol: { type: 'string', default: 'NCT06352281' },
  },
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

// 1. engine alone (CPU time shown too: on a busy machine wall time overstates the cost)
if (!values['cli-only']) {
  const rng = mulberry32(seed)
  const inputs: ResponseInput[] = []
  for (let i = 0; i < nSubjects; i++) inputs.push(toInput(syntheticSubject(i, nCounts, rng)))
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  let responders = 0
  for (const input of inputs) if (evaluateResponse(input, DEFAULT_RESPONSE_PARAMS).bestResponse !== 'NR') responders++
  const s = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(c0)
  const cs = (cpu.user + cpu.system) / 1e6
  console.log(
    `engine: ${nSubjects} subjects x ${nCounts} counts in ${s.toFixed(2)} s wall (${cs.toFixed(2)} s CPU): ` +
      `${(nSubjects / s).toFixed(0)} subjects/s, ${((nSubjects * nCounts) / s).toFixed(0)} counts/s wall, ` +
      `${((nSubjects * nCounts) / cs).toFixed(0)} counts/s CPU (${responders} not NR)`,
  )
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

/** Write the SDTM files of the cohort to `sdtm`; returns the LB row count. */
async function writeSdtm(sdtm: string): Promise<number> {
  const rng = mulberry32(seed)
  const cohort: SyntheticSubject[] = []
  for (let i = 0; i < nSubjects; i++) cohort.push(syntheticSubject(i, nCounts, rng))
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
  return lbRows
}

interface ChildRun {
  code: number | null
  stdout: string
  wallS: number
  cpuS: number | null
  maxRssKb: number | null
}

/** Run `celltrial evaluate` in a child process; peak RSS from `/usr/bin/time -v` when present, else from /proc VmHWM. */
async function runCli(sdtm: string, out: string): Promise<ChildRun> {
  const bin = resolve('packages/cli/bin/celltrial.mjs')
  const args = [bin, 'evaluate', '--protocol', values.protocol, '--sdtm', sdtm, '--out', out]
  const timeFile = join(out, '..', 'time.txt')
  const useTime = existsSync('/usr/bin/time')
  const t0 = performance.now()
  const child = useTime ? spawn('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, ...args]) : spawn(process.execPath, args)
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d))
  let hwm: number | null = null
  const poll = useTime
    ? null
    : setInterval(() => {
        readFile(`/proc/${child.pid}/status`, 'utf8').then(
          (t) => {
            const m = /VmHWM:\s+(\d+)/.exec(t)
            if (m) hwm = Math.max(hwm ?? 0, Number(m[1]))
          },
          () => {},
        )
      }, 50)
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)))
  const wallS = (performance.now() - t0) / 1000
  if (poll) clearInterval(poll)
  if (!useTime) return { code, stdout, wallS, cpuS: null, maxRssKb: hwm }
  const t = await readFile(timeFile, 'utf8')
  const num = (re: RegExp) => Number(re.exec(t)?.[1] ?? NaN)
  return {
    code,
    stdout,
    wallS,
    cpuS: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    maxRssKb: num(/Maximum resident set size \(kbytes\): (\d+)/),
  }
}

const dir = values.dir ? resolve(values.dir) : await mkdtemp(join(tmpdir(), 'celltrial-bench-'))
try {
  const sdtm = join(dir, 'sdtm')
  const stamp = join(sdtm, 'bench.json')
  const key = JSON.stringify({ nSubjects, nCounts, seed })
  let lbRows = nSubjects * nCounts
  if (!existsSync(stamp) || (await readFile(stamp, 'utf8')) !== key) {
    await mkdir(sdtm, { recursive: true })
    const t0 = performance.now()
    lbRows = await writeSdtm(sdtm)
    await writeFile(stamp, key)
    console.log(`wrote SDTM (${lbRows} LB rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  } else console.log(`reusing SDTM in ${sdtm} (${lbRows} LB rows)`)
  const runs: ChildRun[] = []
  for (let run = 1; run <= Number(values.runs); run++) {
    const r = await runCli(sdtm, join(dir, 'adam'))
    runs.push(r)
    if (run === 1) console.log(r.stdout.trimEnd())
    console.log(
      `evaluate --protocol ${values.protocol} (SDTM CSV -> ADaM CSV, child process) run ${run}: exit ${r.code}, ${r.wallS.toFixed(1)} s wall` +
        `${r.cpuS === null ? '' : `, ${r.cpuS.toFixed(1)} s CPU`}, ${(lbRows / r.wallS).toFixed(0)} counts/s, ` +
        `peak RSS ${r.maxRssKb === null ? 'unknown' : mb(r.maxRssKb)}`,
    )
  }
  if (runs.length > 1) {
    const stat = (xs: (number | null)[], f: (x: number) => string) => {
      const v = xs.filter((x): x is number => x !== null && !Number.isNaN(x)).sort((a, b) => a - b)
      return v.length === 0 ? 'unknown' : `min ${f(v[0] as number)}, median ${f(v.length % 2 ? (v[(v.length - 1) / 2] as number) : ((v[v.length / 2 - 1] as number) + (v[v.length / 2] as number)) / 2)}`
    }
    console.log(
      `evaluate over ${runs.length} runs: wall ${stat(runs.map((r) => r.wallS), (x) => `${x.toFixed(1)} s`)}; ` +
        `CPU ${stat(runs.map((r) => r.cpuS), (x) => `${x.toFixed(1)} s`)}; ` +
        `counts/s ${stat(runs.map((r) => lbRows / r.wallS), (x) => x.toFixed(0))} (from wall); ` +
        `peak RSS ${stat(runs.map((r) => r.maxRssKb), mb)}`,
    )
  }
} finally {
  if (!values.dir) await rm(dir, { recursive: true, force: true })
}
