#!/usr/bin/env node
// Entry point of the `celltrial` command. The workspace runs from TypeScript sources: this shim
// starts Node with the tsx loader and the `@celltrial/source` export condition (which points
// workspace packages at their src/), then hands over to src/bin.ts.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CONDITION = '--conditions=@celltrial/source'

if (process.execArgv.includes(CONDITION)) {
  await import(new URL('../src/bin.ts', import.meta.url).href)
} else {
  const tsx = import.meta.resolve('tsx')
  const child = spawn(process.execPath, [CONDITION, `--import=${tsx}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: process.cwd(),
  })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal)
    else process.exit(code ?? 1)
  })
}
