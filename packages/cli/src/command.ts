import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Where a command reads and writes: passed in so commands are testable without a process. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  env: Readonly<Record<string, string | undefined>>
}

/** Exit codes shared by every command: 0 success, 1 data errors, 2 usage errors. */
export const EXIT = { ok: 0, dataError: 1, usage: 2 } as const

/** A subcommand of `celltrial`. `name` may contain a space (`user add`, `boin simulate`). */
export interface Command {
  name: string
  summary: string
  /** full help text printed by `--help` */
  help: string
  run(argv: string[], io: CliIo): Promise<number>
}

/** Wrong flags or arguments: printed with the command's help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** A problem with the data a command was given (file, line, field, value): exit 1. */
export class DataError extends Error {
  override name = 'DataError'
}

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Strict flag parsing: unknown flags and missing values are usage errors naming the flag.
 * `--help` is always accepted and reported as `help: true`.
 */
export function parseFlags<O extends Options>(argv: string[], options: O, { positionals = false } = {}) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: positionals,
    })
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e))
  }
}

/** Parse a required numeric flag value, naming the flag when it is not a number. */
export function numberFlag(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`)
    return fallback
  }
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${JSON.stringify(value)}`)
  return n
}

/** Parse a comma-separated list of numbers such as `0.05,0.1,0.2`. */
export function numberListFlag(name: string, value: string | undefined): number[] {
  if (value === undefined) throw new UsageError(`--${name} is required`)
  return value.split(',').map((part, i) => {
    const n = Number(part)
    if (part.trim() === '' || !Number.isFinite(n))
      throw new UsageError(`--${name}: item ${i + 1} is not a number: ${JSON.stringify(part)}`)
    return n
  })
}
