import { describe, expect, it } from 'vitest'
import { loadSeedProtocols } from '@celltrial/protocols'
import { parsedByDigest } from './parsed-protocols.js'

describe('parsed protocol versions by content digest', () => {
  const [first, second] = loadSeedProtocols()
  it('loads and parses a digest once, then answers from the cache', async () => {
    let loads = 0
    const load = async () => {
      loads++
      return JSON.stringify(first)
    }
    const a = await parsedByDigest('digest-a-test', load)
    const b = await parsedByDigest('digest-a-test', load)
    expect(loads).toBe(1)
    expect(b).toBe(a)
    expect(a.ok && a.value.identification.registryId).toBe(first!.identification.registryId)
  })
  it('parses other content under another digest', async () => {
    const c = await parsedByDigest('digest-b-test', async () => second)
    expect(c.ok && c.value.identification.registryId).toBe(second!.identification.registryId)
  })
  it('hands out a deep-frozen value: no caller can change what the others read', async () => {
    const a = await parsedByDigest('digest-a-test', async () => first)
    if (!a.ok) throw new Error('the seed protocol does not parse')
    expect(Object.isFrozen(a.value)).toBe(true)
    expect(Object.isFrozen(a.value.identification)).toBe(true)
    expect(() => {
      ;(a.value.identification as { registryId: string }).registryId = 'changed'
    }).toThrow(TypeError)
  })
  it('keeps a failed parse too (a stored version that does not parse stays left out)', async () => {
    const bad = await parsedByDigest('digest-bad-test', async () => ({ not: 'a protocol' }))
    expect(bad.ok).toBe(false)
  })
})
