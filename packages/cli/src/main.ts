import { EXIT, UsageError, DataError, type CliIo, type Command } from './command.js'
import { commands as allCommands } from './commands/index.js'

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8)
  return [
    'celltrial: run early-phase CAR-T / CAR-NK trials in immune thrombocytopenia',
    '',
    'Usage: celltrial <command> [flags]     (celltrial <command> --help for its flags)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n')
}

/** Find the command whose (possibly multi-word) name is the longest prefix of argv. */
function match(argv: string[], commands: readonly Command[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined
  for (const command of commands) {
    const words = command.name.split(' ')
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.command.name.split(' ').length))
      best = { command, rest: argv.slice(words.length) }
  }
  return best
}

/** Run `celltrial` with the given arguments; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, commands: readonly Command[] = allCommands): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(overview(commands) + '\n')
    return argv.length === 0 ? EXIT.usage : EXIT.ok
  }
  const found = match(argv, commands)
  if (!found) {
    io.stderr(`celltrial: unknown command ${JSON.stringify(argv.join(' '))}\n\n${overview(commands)}\n`)
    return EXIT.usage
  }
  const { command, rest } = found
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help.trimEnd() + '\n')
    return EXIT.ok
  }
  try {
    return await command.run(rest, io)
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`celltrial ${command.name}: ${e.message}\n\n${command.help.trimEnd()}\n`)
      return EXIT.usage
    }
    if (e instanceof DataError || isCodedError(e)) {
      io.stderr(`celltrial ${command.name}: ${e.message}\n`)
      return EXIT.dataError
    }
    throw e
  }
}

/** Errors that carry a stable code (the server's AppError) are reported by message, without a stack. */
function isCodedError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && e.name === 'AppError'
}
