import type { CliIo } from './command.js'

/** A CliIo that collects what a command prints. */
export function captureIo(env: Record<string, string | undefined> = {}, cwd = process.cwd()) {
  let out = ''
  let err = ''
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd, env }
  return { io, out: () => out, err: () => err }
}
