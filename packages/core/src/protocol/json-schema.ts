/**
 * JSON Schema of the protocol format, for protocol authors (editor completion and validation).
 *
 * Source: zod 4 `z.toJSONSchema` (draft 2020-12). The *input* shape is emitted: keys with defaults are
 * optional, as an author may omit them.
 */
import { z } from 'zod'
import { ProtocolSchema } from './protocol-schema.js'

/** @returns a JSON Schema object describing an authored protocol file */
export function protocolJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ProtocolSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
  return {
    ...schema,
    title: 'CellTrial protocol',
    description: 'A CAR-T / CAR-NK trial protocol as data (packages/core/src/protocol).',
  }
}
