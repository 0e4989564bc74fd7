import { parseFlags, type Command } from '../command.js'
import { serverApi } from './server-api.js'
import { configFrom, DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'

export const serve: Command = {
  name: 'serve',
  summary: 'start the web app and API',
  help: `Usage: celltrial serve [--demo] [--port N] [--host ADDR] [--data-dir DIR | --database-url URL] [--workers N]

Starts CellTrial: migrates the database, loads the four seed protocols, and serves the web app and
the API (OpenAPI at /docs). On an empty database it prints a one-time link to create the first admin.

  --demo                also load the synthetic NCT06352281 demo cohort (marked as demo data)
  --port N              TCP port (env PORT, default 8080)
  --host ADDR           listen address (env HOST, default 127.0.0.1)
  --workers N           server processes sharing the port (env CELLTRIAL_WORKERS, default 1); more than
                        one needs a PostgreSQL server: the embedded database belongs to one process
${DB_FLAGS_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...DB_FLAGS, demo: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' } })
    const { isClusterWorker, runClusterWorker, startCluster, startServer } = await serverApi()
    const config = await configFrom(io, {
      PORT: values.port, HOST: values.host, CELLTRIAL_DATA_DIR: values['data-dir'], DATABASE_URL: values['database-url'], CELLTRIAL_WORKERS: values.workers,
    })
    // a process forked by startCluster runs this command again with the same arguments
    if (isClusterWorker()) {
      await runClusterWorker(config)
      return 0
    }
    const options = { demo: values.demo ?? false, print: (l: string) => io.stdout(l + '\n') }
    const server = config.workers > 1 ? await startCluster(config, options) : await startServer(config, options)
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
