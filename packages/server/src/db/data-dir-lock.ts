import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../errors.js'

/**
 * PGlite takes no lock on its data directory, and a second process writing to it silently loses
 * committed rows (../shared/STACK.md §2.1). We hold an O_EXCL pid file for the life of the process.
 */
export interface DataDirLock {
  path: string
  release(): void
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Lock `dir` for this process.
 * @throws AppError `data_dir_locked` naming the pid that holds it
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'celltrial.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, `${process.pid}\n`)
      closeSync(fd)
      let released = false
      return {
        path,
        release() {
          if (released) return
          released = true
          rmSync(path, { force: true })
        },
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10)
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder))
        throw new AppError('data_dir_locked', `data directory ${dir} is in use by pid ${holder} (lock file ${path})`)
      // stale lock from a process that died: take it over
      rmSync(path, { force: true })
    }
  }
  throw new AppError('data_dir_locked', `could not lock data directory ${dir} (lock file ${path})`)
}
