import type { Command } from '../command.js'
import { serve } from './serve.js'
import { migrateCommand } from './migrate.js'
import { userAdd } from './user.js'
import { auditVerify } from './audit.js'
import { commands as screen } from './screen.js'
import { commands as protocol } from './protocol.js'
import { commands as evaluate } from './evaluate.js'
import { commands as boin } from './boin.js'
import { commands as threePlusThree } from './three-plus-three.js'
import { commands as backup } from './backup.js'

/** Every `celltrial` subcommand, in the order `celltrial --help` lists them. */
export const commands: Command[] = [
  serve, migrateCommand, userAdd, auditVerify, ...backup, ...protocol, ...screen, ...evaluate, ...boin, ...threePlusThree,
]
