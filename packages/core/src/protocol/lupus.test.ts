/**
 * The protocol's `lupus` block: DORIS / LLDAS PROTOCOL DECISIONs with the doc defaults, and the seed protocols
 * unchanged by it.
 * Source: lupus.ts; ../shared/domain/bleeding-and-scores.md §6 (D3), §7 (L2, L5).
 */
import { describe, expect, it } from 'vitest'
import { SEED_PROTOCOLS } from './fixtures/seed-protocols.js'
import { DEFAULT_LUPUS_SETTINGS, describeProtocolChanges, lupusSettingsOf, LupusSettingsSchema, parseProtocol, protocolJsonSchema } from './index.js'
import seed from '../../../protocols/NCT06826430/protocol.json' with { type: 'json' }

const DEFAULTS = { doris: { prednisoloneLimitMg: 5, prednisoloneComparator: '<=' }, lldas: { noPreviousAssessment: 'not-evaluable', studyCellProductViolatesL5: false } }

describe('lupus settings (bleeding-and-scores.md §6, §7)', () => {
  it('defaults are the doc defaults: D3 ≤ 5 mg, L2 without a previous assessment not evaluable, the cell product does not violate L5', () => {
    expect(LupusSettingsSchema.parse({})).toEqual(DEFAULTS)
    expect(DEFAULT_LUPUS_SETTINGS).toEqual(DEFAULTS)
  })
  it('a partial block keeps the defaults of the keys it does not name', () => {
    expect(LupusSettingsSchema.parse({ doris: { prednisoloneComparator: '<' } })).toEqual({ ...DEFAULTS, doris: { prednisoloneLimitMg: 5, prednisoloneComparator: '<' } })
    expect(LupusSettingsSchema.parse({ lldas: { studyCellProductViolatesL5: true } }).lldas).toEqual({ noPreviousAssessment: 'not-evaluable', studyCellProductViolatesL5: true })
  })
  it('rejects unknown keys and values outside the choices', () => {
    expect(LupusSettingsSchema.safeParse({ doris: { prednisoloneComparator: '≤' } }).success).toBe(false)
    expect(LupusSettingsSchema.safeParse({ doris: { pgaLimit: 0.5 } }).success).toBe(false)
    expect(LupusSettingsSchema.safeParse({ lldas: { noPreviousAssessment: 'met' } }).success).toBe(false)
    expect(LupusSettingsSchema.safeParse({ doris: { prednisoloneLimitMg: -1 } }).success).toBe(false)
  })
  it('lupusSettingsOf reads the block of protocol JSON that need not parse whole; invalid block → null', () => {
    expect(lupusSettingsOf({})).toEqual(DEFAULTS)
    expect(lupusSettingsOf(null)).toEqual(DEFAULTS)
    expect(lupusSettingsOf({ lupus: { lldas: { noPreviousAssessment: 'no-new-activity' } } })?.lldas.noPreviousAssessment).toBe('no-new-activity')
    expect(lupusSettingsOf({ lupus: { doris: { prednisoloneComparator: 'lt' } } })).toBeNull()
    expect(lupusSettingsOf({ lupus: null })).toBeNull()
  })
})

describe('the protocol schema with the optional lupus block', () => {
  it('every seed protocol parses unchanged and gets the defaults', () => {
    for (const p of Object.values(SEED_PROTOCOLS)) expect(p.lupus).toEqual(DEFAULTS)
  })
  it('a protocol may set the block, with a source note per decision; a bad value is reported with its path', () => {
    const json = structuredClone(seed) as Record<string, unknown>
    json.lupus = { doris: { prednisoloneComparator: '<' }, sources: [{ ref: 'domain/bleeding-and-scores.md §6', decision: 'task-force table "< 5"' }] }
    const r = parseProtocol(json)
    expect(r.issues ?? []).toEqual([])
    expect(r.value?.lupus.doris).toEqual({ prednisoloneLimitMg: 5, prednisoloneComparator: '<' })
    expect(r.value?.lupus.lldas).toEqual(DEFAULTS.lldas)
    json.lupus = { lldas: { noPreviousAssessment: 'maybe' } }
    const bad = parseProtocol(json)
    expect(bad.ok).toBe(false)
    expect(bad.issues?.map((i) => i.path.join('.'))).toContain('lupus.lldas.noPreviousAssessment')
  })
  it('the JSON Schema offers the block as optional, with the defaults', () => {
    const s = protocolJsonSchema() as { required: string[]; properties: Record<string, { properties?: Record<string, { properties?: Record<string, { default?: unknown; enum?: unknown[] }> }> }> }
    expect(s.required).not.toContain('lupus')
    const doris = s.properties.lupus?.properties?.doris?.properties
    expect(doris?.prednisoloneLimitMg?.default).toBe(5)
    expect(doris?.prednisoloneComparator).toMatchObject({ default: '<=', enum: ['<=', '<'] })
    expect(s.properties.lupus?.properties?.lldas?.properties?.noPreviousAssessment).toMatchObject({ default: 'not-evaluable' })
    expect(s.properties.lupus?.properties?.lldas?.properties?.studyCellProductViolatesL5).toMatchObject({ default: false })
  })
  it('an amendment changing a setting is described as an endpoint change', () => {
    const a = SEED_PROTOCOLS.NCT06826430
    const b = structuredClone(a)
    b.lupus.lldas.noPreviousAssessment = 'no-new-activity'
    expect(describeProtocolChanges(a, b)).toEqual([
      { area: 'endpoints', kind: 'changed', item: 'lupus lldas.noPreviousAssessment', old: 'not-evaluable', new: 'no-new-activity', text: 'Lupus setting lldas.noPreviousAssessment: not-evaluable -> no-new-activity' },
    ])
  })
})
