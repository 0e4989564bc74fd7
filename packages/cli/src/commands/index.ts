import type { Command } from '../command.js'
import { serve } from './serve.js'
import { migrateCommand } from './migrate.js'
import { userAdd } from './user.js'
import { auditVerify } from './audit.js'
import { commands as screen } from './screen.js'
import { commands as protocol } from './protocol.js'
import { commands as evaluate } from './evaluate.js'
import { commands as report } from './report.js'
import { commands as exchange } from './exchange.js'
import { commands as exchangeImport } from './exchange-import.js'
import { commands as exportSdtm } from './export-sdtm.js'
import { commands as boin } from './boin.js'
import { commands as threePlusThree } from './three-plus-three.js'
import { commands as backup } from './backup.js'
import { commands as deidentify } from './deidentify.js'

/** Every `celltrial` subcommand, in the order `celltrial --help` lists them. */
export const commands: Command[] = [
  serve, migrateCommand, userAdd, auditVerify, ...backup, ...deidentify, ...protocol, ...screen, ...evaluate, ...report, ...exchange, ...exportSdtm, ...exchangeImport, ...boin, ...threePlusThree,
]
