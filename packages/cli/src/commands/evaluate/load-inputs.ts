/**
 * Resolve `--protocol` (a seed registry id or a protocol JSON file) and `--params` (a JSON object of
 * response parameter overrides) into the response parameters of the run.
 *
 * Source: domain/response-itp.md §3.2 (a trial's protocol overrides the defaults); interchange/sdtm-adam.md
 * (the analysis uses no evaluation end day unless the protocol sets one).
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { findProtocol } from '@celltrial/protocols'
import { DataError, UsageError, type CliIo } from '../../command.js'
import { formatIssues, parseProtocol, ResponseParamsOverrideSchema, withResponseOverrides, type Protocol, type ResponseParams } from '@celltrial/core'

async function readJsonFile(io: CliIo, flag: string, file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8')
  } catch (e) {
    throw new UsageError(`--${flag}: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`)
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new UsageError(`--${flag}: ${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** A seed protocol by NCT id, or a protocol file validated with core's schema (invalid file: data error). */
export async function loadProtocol(io: CliIo, ref: string): Promise<Protocol> {
  if (/^NCT\d{8}$/i.test(ref.trim())) {
    const p = findProtocol(ref)
    if (!p) throw new UsageError(`--protocol: no seed protocol ${ref} (give a protocol JSON file instead)`)
    return p
  }
  const r = parseProtocol(await readJsonFile(io, 'protocol', ref))
  if (!r.ok) throw new DataError(`${ref}: not a valid protocol:\n${formatIssues(r.issues)}`)
  return r.value
}

/**
 * The protocol's response parameters with the `--params` overrides on top. The file must hold a JSON object
 * whose keys are response parameter names; an unknown key or a wrong type is a usage error naming it.
 */
export async function resolveResponseParams(io: CliIo, protocol: Protocol, paramsFile: string | undefined): Promise<ResponseParams> {
  if (paramsFile === undefined) return protocol.endpoints.response
  const json = await readJsonFile(io, 'params', paramsFile)
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`--params: ${paramsFile} must hold a JSON object`)
  const r = ResponseParamsOverrideSchema.safeParse(json)
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`)
    throw new UsageError(`--params: ${paramsFile}: ${problems.join('; ')}`)
  }
  return withResponseOverrides(protocol.endpoints.response, r.data)
}
