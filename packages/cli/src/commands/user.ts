import { ROLES, isRole, type Role } from '@celltrial/core'
import { parseFlags, UsageError, type Command } from '../command.js'
import { DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'
import { openConfiguredDbForCli } from './open-db.js'
import { serverApi } from './server-api.js'

export const userAdd: Command = {
  name: 'user add',
  summary: 'create a user and print their one-time link to set a password',
  help: `Usage: celltrial user add --username NAME --name "Display Name" --role ROLE [--role ROLE...] [--site CODE...]
                         [--url BASE] [--data-dir DIR | --database-url URL]

Creates a user without a password and prints a one-time link (valid 72 hours) where they set it.
There are no default passwords. Roles: ${ROLES.join(', ')}.
  --site CODE           site membership (repeatable); site-bound roles see only their sites' subjects
  --url BASE            base address printed in the link (default http://127.0.0.1:8080)
${DB_FLAGS_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...DB_FLAGS,
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      site: { type: 'string', multiple: true },
      url: { type: 'string' },
    })
    if (!values.username) throw new UsageError('--username is required')
    const roles = values.role ?? []
    if (roles.length === 0) throw new UsageError('at least one --role is required')
    for (const r of roles) if (!isRole(r)) throw new UsageError(`--role: unknown role ${JSON.stringify(r)} (one of ${ROLES.join(', ')})`)
    const { createUser } = await serverApi()
    const db = await openConfiguredDbForCli(io, values)
    try {
      const codes = values.site ?? []
      const sites = codes.length ? await db.kysely.selectFrom('site').select(['id', 'code']).where('code', 'in', codes).execute() : []
      const unknown = codes.filter((c) => !sites.some((s) => s.code === c))
      if (unknown.length > 0) throw new UsageError(`--site: unknown site code ${unknown.join(', ')}`)
      const now = new Date()
      const { userId, setupToken } = await db.kysely.transaction().execute((tx) =>
        createUser(tx, { userId: null, name: `cli:${io.env.USER ?? 'unknown'}` }, now, {
          username: values.username!, displayName: values.name ?? values.username!, roles: roles as Role[], siteIds: sites.map((s) => s.id),
        }),
      )
      const base = (values.url ?? 'http://127.0.0.1:8080').replace(/\/$/, '')
      io.stdout(`Created user ${values.username} (id ${userId}, roles ${roles.join(', ')}).\nOne-time link to set the password (valid 72 hours): ${base}/setup?token=${setupToken}\n`)
      return 0
    } finally {
      await db.close()
    }
  },
}
