#!/usr/bin/env node
// Entry point of the `celltrial` command. The workspace runs from its TypeScript sources: register the
// `@celltrial/source` export condition and the tsx loader in this process (no child process, so a signal
// sent to this pid reaches the server itself), then run src/bin.ts.
import { register } from 'node:module'
import { register as registerTsx } from 'tsx/esm/api'

register('./source-condition.mjs', import.meta.url)
registerTsx()
await import('../src/bin.ts')
