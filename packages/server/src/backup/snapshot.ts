import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '../db/connect.js'

/**
 * Embedded mode only: PGlite never calls fsync (../shared/STACK.md §2.1), so a power loss can lose recent
 * commits. A consistent snapshot of the data directory is taken on a schedule and at shutdown, written to
 * a temporary file, fsync'd and renamed; the newest `keep` snapshots are kept.
 * @returns the snapshot's path
 */
export async function writeSnapshot(db: Db, dir: string, now: Date, keep = 7): Promise<string> {
  if (!db.dumpDataDir) throw new Error('snapshots are for the embedded database; use PostgreSQL backups for a server')
  mkdirSync(dir, { recursive: true })
  const blob = await db.dumpDataDir()
  const bytes = new Uint8Array(await blob.arrayBuffer())
  const name = `celltrial-${now.toISOString().replace(/[:.]/g, '-')}.tar`
  const tmp = join(dir, `.${name}.partial`)
  const fd = openSync(tmp, 'w')
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  const file = join(dir, name)
  renameSync(tmp, file)
  const dfd = openSync(dir, 'r')
  fsyncSync(dfd)
  closeSync(dfd)
  const old = readdirSync(dir).filter((f) => /^celltrial-.*\.tar$/.test(f)).sort().slice(0, -keep)
  for (const f of old) rmSync(join(dir, f))
  return file
}
