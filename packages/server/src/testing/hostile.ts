import fc from 'fast-check'

/**
 * Hostile input for property-based fuzzing (issue "Trustworthy under attack", item 4): SQL and script
 * injection, odd Unicode (lone surrogates, bidi marks, NUL, BOM, astral characters), numbers at and past the
 * limits of the columns, and values of the wrong type.
 */
export const HOSTILE_STRINGS = [
  '', ' ', "'", '"', '\\', "' OR '1'='1", "1; DROP TABLE subject; --", "' UNION SELECT password_hash FROM app_user --", "$$; select pg_sleep(5); $$",
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}', '../../etc/passwd', '%00', '%s%n',
  '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83dy', '\u202eevil\u202c', '\u200f\u200e', '\ufeff', '𝕏𝔸', '\u0301', 'İı', '\r\n\t',
  'null', 'undefined', 'NaN', 'Infinity', '-1', '0', '1e309', '2147483648', '99999999999999999999', '2025-02-30', '0000-00-00', '9999-12-31T99:99+99:99',
  '__proto__', 'constructor',
] as const

/** Numbers at and past the limits of int4 ids, safe integers and floats. */
export const HOSTILE_NUMBERS = [0, -1, 1, 2_147_483_647, 2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER, 1e21, 1e308, -1e308, 5e-324, 0.5, -0.0] as const

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((s) => s.repeat(1 + Math.floor(5000 / (s.length + 1)))) },
  )

export const hostileNumber = (): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))

/** A value of any JSON type, hostile where it is a string or a number. */
export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(hostileString(), hostileNumber(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }))

/** The part of a JSON Schema (as @fastify/swagger emits it from the zod schemas) that the generator reads. */
export interface JsonSchemaLike {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  properties?: Record<string, JsonSchemaLike>
  required?: string[]
  items?: JsonSchemaLike
  anyOf?: JsonSchemaLike[]
  oneOf?: JsonSchemaLike[]
  allOf?: JsonSchemaLike[]
  additionalProperties?: boolean | JsonSchemaLike
}

/**
 * Values shaped by a route's JSON Schema but hostile inside: most are of the declared type (so the request often
 * reaches the handler), with injection strings, limit numbers and `likely` values (ids, dates) a valid
 * request would carry; about one in six is of a wrong type.
 */
export function fromSchema(schema: JsonSchemaLike | undefined, likely: { strings: readonly string[]; numbers: readonly number[] }, depth = 0): fc.Arbitrary<unknown> {
  const wrong = hostileValue()
  if (!schema || depth > 4) return wrong
  const typed = ((): fc.Arbitrary<unknown> => {
    if (schema.const !== undefined) return fc.constant(schema.const)
    if (schema.enum) return fc.constantFrom(...schema.enum)
    const alternatives = schema.anyOf ?? schema.oneOf
    if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((s) => fromSchema(s, likely, depth + 1)))
    if (schema.allOf && schema.allOf.length > 0) return fromSchema(schema.allOf[0], likely, depth + 1)
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') ?? 'null' : schema.type
    switch (type) {
      case 'string':
        return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...likely.strings) }, { weight: 3, arbitrary: hostileString() })
      case 'integer':
      case 'number':
        return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...likely.numbers) }, { weight: 3, arbitrary: hostileNumber() })
      case 'boolean':
        return fc.boolean()
      case 'null':
        return fc.constant(null)
      case 'array':
        return fc.array(fromSchema(schema.items, likely, depth + 1), { maxLength: 4 })
      case 'object': {
        const props = schema.properties ?? {}
        const entries = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromSchema(s, likely, depth + 1)]))
        const required = (schema.required ?? []).filter((k) => k in props)
        const extra = schema.properties ? fc.constant({}) : fc.dictionary(hostileString(), hostileValue(), { maxKeys: 3 })
        return fc.tuple(fc.oneof(fc.record(entries, { requiredKeys: required }), fc.record(entries, { requiredKeys: [] })), extra).map(([a, b]) => ({ ...b, ...a }))
      }
      default:
        return wrong
    }
  })()
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: wrong })
}
