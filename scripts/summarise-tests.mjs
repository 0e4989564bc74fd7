// Add up the test reports of one run and print the closing line `N passed, N failed`.
// A report that is missing counts as a failure: a runner that crashed must not look green.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2] ?? 'reports'
let passed = 0
let failed = 0
const lines = []
for (const name of ['vitest-pglite', 'vitest-pg']) {
  const file = join(dir, `${name}.json`)
  if (!existsSync(file)) { failed++; lines.push(`${name}: no report (the runner did not finish)`); continue }
  const r = JSON.parse(readFileSync(file, 'utf8'))
  const suiteErrors = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length
  const none = r.numTotalTests === 0 ? 1 : 0 // a runner that found no test is not a pass
  passed += r.numPassedTests
  failed += r.numFailedTests + suiteErrors + none
  lines.push(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests + suiteErrors} failed${none ? ', no test ran' : ''}`)
}
const e2eFile = join(dir, 'e2e.json')
if (existsSync(e2eFile)) {
  const r = JSON.parse(readFileSync(e2eFile, 'utf8'))
  const s = r.stats
  // errors outside any test (the web server did not start, a spec did not load) fail the run, and so does a
  // run in which no test ran at all
  const globalErrors = (r.errors ?? []).length
  const none = s.expected + s.unexpected + s.flaky === 0 ? 1 : 0
  passed += s.expected
  failed += s.unexpected + s.flaky + globalErrors + none
  lines.push(`e2e: ${s.expected} passed, ${s.unexpected + s.flaky} failed` +
    (globalErrors ? `, ${globalErrors} error(s) outside tests: ${r.errors.map((e) => (e.message ?? '').split('\n')[0]).join('; ')}` : '') +
    (none ? ', no test ran' : ''))
} else { failed++; lines.push('e2e: no report (the runner did not finish)') }
const checksFile = join(dir, 'checks.txt')
if (existsSync(checksFile)) for (const line of readFileSync(checksFile, 'utf8').split('\n').filter(Boolean)) {
  const [verdict, ...name] = line.split(' ')
  if (verdict === 'pass') passed++
  else failed++
  lines.push(`${name.join(' ')}: ${verdict}`)
}
for (const l of lines) console.log(`  ${l}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
