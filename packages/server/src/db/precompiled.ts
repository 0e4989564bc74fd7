import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import type { Database } from './schema.js'

/** Stands for the i-th argument of a precompiled query while it is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query of fixed shape, built and compiled by Kysely once per process instead of at every call.
 *
 * Kysely builds an immutable operation tree (frozen nodes) and compiles it to SQL on every execution: about 30-40
 * µs a query in the server under load (bench/load CPU profile, issue 10 item 5), for the handful of queries every
 * request makes (the session, the subject, the route's site) as much as a tenth of a request's CPU. Here `build`
 * runs once, with a stand-in (`Slot`) for each argument; each call substitutes its arguments into the compiled
 * parameters and executes the same SQL text on the caller's database or transaction (both engines compile the
 * same PostgreSQL).
 *
 * Only for queries whose SQL does not depend on the argument values (no `in (...)` list of variable length, no
 * condition added for some values): every argument must reach the compiled query as one parameter, which is
 * checked when it is compiled.
 *
 * @example
 *   const subjectSite = precompiled((db, id: number) => db.selectFrom('subject').select('site_id').where('id', '=', id))
 *   const row = (await subjectSite.execute(db, 42))[0]
 */
export function precompiled<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
  let compiled: { sql: string; parameters: readonly unknown[]; query: CompiledQuery<R>['query'] } | undefined
  const compile = (db: Kysely<Database>, arity: number) => {
    const slots = Array.from({ length: arity }, (_, i) => new Slot(i))
    const q = build(db, ...(slots as unknown as A)).compile()
    const used = q.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.index)
    if (used.length !== arity || new Set(used).size !== arity)
      throw new Error(`precompiled query: each of the ${arity} arguments must be one parameter of the SQL, got slots [${used.join(', ')}] in: ${q.sql}`)
    return { sql: q.sql, parameters: q.parameters, query: q.query }
  }
  return {
    /** Run the query with these arguments on `db` (a database or a transaction). */
    async execute(db: Kysely<Database>, ...args: A): Promise<R[]> {
      compiled ??= compile(db, args.length)
      const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.index] : p))
      const result = await db.executeQuery<R>({ ...CompiledQuery.raw(compiled.sql, parameters), query: compiled.query })
      return result.rows
    },
    /** The first row, if any. */
    async first(db: Kysely<Database>, ...args: A): Promise<R | undefined> {
      return (await this.execute(db, ...args))[0]
    },
  }
}
