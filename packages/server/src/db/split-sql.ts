/**
 * Split a migration file into single statements, because PGlite's extended query protocol runs one
 * statement per call. Understands `--` and block comments, single-quoted strings, double-quoted
 * identifiers and dollar-quoted bodies (`$$ ... $$`, `$tag$ ... $tag$`).
 */
export function splitSqlStatements(text: string): string[] {
  const out: string[] = []
  let start = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i]
    const next = text[i + 1]
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? n : end + 1
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? n : end + 2
    } else if (c === "'" || c === '"') {
      i++
      while (i < n && !(text[i] === c && text[i + 1] !== c)) i += text[i] === c ? 2 : 1
      i++
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(text.slice(i, i + 64))
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length)
        i = end === -1 ? n : end + tag[0].length
      } else i++
    } else if (c === ';') {
      push(text.slice(start, i))
      i++
      start = i
    } else i++
  }
  push(text.slice(start))
  return out

  function push(statement: string) {
    const withoutComments = statement.replace(/--[^\n]*/g, '').trim()
    if (withoutComments.length > 0) out.push(statement.trim())
  }
}
