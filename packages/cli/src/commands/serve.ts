import { startServer } from '@celltrial/server'
import { parseFlags, type Command } from '../command.js'
import { configFrom, DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'

export const serve: Command = {
  name: 'serve',
  summary: 'start the web app and API',
  help: `Usage: celltrial serve [--demo] [--port N] [--host ADDR] [--data-dir DIR | --database-url URL]

Starts CellTrial: migrates the database, loads the four seed protocols, and serves the web app and
the API (OpenAPI at /docs). On an empty database it prints a one-time link to create the first admin.

  --demo                also load the synthetic NCT06352281 demo cohort (marked as demo data)
  --port N              TCP port (env PORT, default 8080)
  --host ADDR           listen address (env HOST, default 127.0.0.1)
${DB_FLAGS_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...DB_FLAGS, demo: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } })
    const config = configFrom(io, {
      PORT: values.port, HOST: values.host, CELLTRIAL_DATA_DIR: values['data-dir'], DATABASE_URL: values['database-url'],
    })
    const server = await startServer(config, { demo: values.demo ?? false, print: (l) => io.stdout(l + '\n') })
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    io.stdout('Shutting down...\n')
    await server.close()
    return 0
  },
}
