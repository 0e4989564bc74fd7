import { runCli } from './main.js'

const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
})
// `serve` keeps the process alive itself; every other command ends here
if (code !== -1) process.exitCode = code
