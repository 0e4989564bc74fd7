import { describe, expect, it } from 'vitest'
import { splitSqlStatements } from './split-sql.js'
import { listMigrations } from './migrate.js'

describe('splitSqlStatements', () => {
  it('splits on semicolons outside quotes, comments and dollar bodies', () => {
    const text = `-- a; comment
create table a (x text default 'a;b');
create function f() returns trigger language plpgsql as $$ begin raise exception 'x;y'; end $$;
/* block; */ insert into "we;ird" values ('it''s; fine');
`
    expect(splitSqlStatements(text)).toEqual([
      "-- a; comment\ncreate table a (x text default 'a;b')",
      "create function f() returns trigger language plpgsql as $$ begin raise exception 'x;y'; end $$",
      `/* block; */ insert into "we;ird" values ('it''s; fine')`,
    ])
  })
  it('drops empty and comment-only statements', () => {
    expect(splitSqlStatements(';;\n-- only a comment\n')).toEqual([])
  })
  it('splits every shipped migration into complete statements', () => {
    for (const m of listMigrations()) {
      const parts = splitSqlStatements(m.sql)
      expect(parts.length).toBeGreaterThan(0)
      for (const p of parts) expect(p).not.toMatch(/;\s*$/)
    }
  })
})
