/**
 * `@celltrial/server` (Fastify, Kysely, PGlite, …), imported on first use: the commands that open the
 * database load it when they run, so that every other command (evaluate, screen, boin, …) starts without
 * it (about half a second less start-up). Type-only imports of it stay static.
 */
export const serverApi = () => import('@celltrial/server')
