// Run as a separate process by data-dir-lock.test.ts: try to lock the directory given as argv[2].
import { lockDataDir } from '../db/data-dir-lock.js'

try {
  lockDataDir(process.argv[2]!).release()
  process.stdout.write('locked\n')
} catch (e) {
  process.stdout.write(`refused: ${(e as Error).message}\n`)
}
