/**
 * The embedded database's own thread (pglite-thread.ts explains why). It opens PGlite on the data directory
 * it is given and answers the main thread's messages one by one:
 *   { id, op: 'query', sql, params, tx }   a statement, in the open transaction when `tx` is set
 *   { id, op: 'begin' } / 'commit' / 'rollback'   PGlite's own `transaction()`, held open between messages
 *   { id, op: 'dump' }   `dumpDataDir('none')` as bytes      { id, op: 'close' }
 * Replies are { id, ok: true, value } or { id, ok: false, error } with the error's own fields (SQLSTATE `code`,
 * `detail`, `constraint`...) copied, since a structured clone keeps only an Error's message.
 * Plain JavaScript: it runs without the TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { typeParsers } from './type-parsers.mjs'

const pglite = await PGlite.create({ dataDir: workerData.dataDir, parsers: typeParsers })
/** the open transaction: its query handle and how to end it */
let open

function begin() {
  return new Promise((started, failed) => {
    let commit, rollback
    const ended = new Promise((resolve, reject) => {
      commit = resolve
      rollback = reject
    })
    const done = pglite.transaction(async (tx) => {
      open = { tx, commit, rollback, done }
      started()
      await ended
    })
    // a transaction that failed to start rejects `done` before `started` was called
    done.catch((e) => failed(e))
  })
}

async function end(op) {
  const t = open
  if (!t) return
  open = undefined
  if (op === 'commit') {
    t.commit()
    await t.done
  } else {
    t.rollback(new Error('rollback'))
    await t.done.catch(() => undefined)
  }
}

async function run(m) {
  switch (m.op) {
    case 'query': {
      const target = m.tx ? open?.tx : pglite
      if (!target) throw new Error('no open transaction')
      const r = await target.query(m.sql, m.params, { rowMode: 'object' })
      return { rows: r.rows, affectedRows: r.affectedRows }
    }
    case 'begin':
      return begin()
    case 'commit':
    case 'rollback':
      return end(m.op)
    case 'dump': {
      const blob = await pglite.dumpDataDir('none')
      return new Uint8Array(await blob.arrayBuffer())
    }
    case 'close':
      await end('rollback')
      await pglite.close()
      return undefined
    default:
      throw new Error(`unknown operation ${m.op}`)
  }
}

function plainError(e) {
  const out = { name: e?.name ?? 'Error', message: e?.message ?? String(e) }
  if (e && typeof e === 'object')
    for (const [k, v] of Object.entries(e)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v
  return out
}

parentPort.on('message', (m) => {
  run(m).then(
    (value) => parentPort.postMessage({ id: m.id, ok: true, value }, value instanceof Uint8Array ? [value.buffer] : []),
    (e) => parentPort.postMessage({ id: m.id, ok: false, error: plainError(e) }),
  )
})
parentPort.postMessage({ ready: true })
