import { describe, expect, it } from 'vitest'
import { validateCustodyChain, type CustodyHandOff } from './chain-of-custody.js'
import {
  canRecordInfusion,
  isValidPlatformCoiIdentifier,
  platformCoiIdentifier,
  verifyBedsideIdentity,
} from './chain-of-identity.js'
import { instantToEpochMs } from './instant.js'

const expected = { subjectId: 'S01-007', coiIdentifier: 'COI-7781', releasedBagIds: ['BAG-1', 'BAG-2'] }
const goodScan = { patientId: 'S01-007', productCoiIdentifier: 'COI-7781', bagId: 'BAG-1' }
const nurses = ['nurse A', 'nurse B']

describe('bedside identity verification (regimen-and-dosing.md §5, §5.1 rules 1-2)', () => {
  it('matches when patient, bag label and COI agree and two people verify', () => {
    const v = verifyBedsideIdentity(expected, goodScan, nurses, '2024-03-01T09:00+08:00')
    expect(v).toMatchObject({ result: 'match', infusionAllowed: true, deviation: false, issues: [] })
  })
  it('blocks infusion and raises a deviation when the product COI differs', () => {
    const v = verifyBedsideIdentity(
      expected,
      { ...goodScan, productCoiIdentifier: 'COI-7782' },
      nurses,
      '2024-03-01T09:00+08:00',
    )
    expect(v).toMatchObject({ result: 'mismatch', infusionAllowed: false, deviation: true })
    expect(v.issues[0]?.code).toBe('coi.product_mismatch')
  })
  it('blocks a wrong patient, an unreleased bag, and a one-person check', () => {
    expect(
      verifyBedsideIdentity(expected, { ...goodScan, patientId: 'S01-008' }, nurses, '2024-03-01T09:00Z')
        .issues[0]?.code,
    ).toBe('coi.patient_mismatch')
    expect(
      verifyBedsideIdentity(expected, { ...goodScan, bagId: 'BAG-9' }, nurses, '2024-03-01T09:00Z').issues[0]
        ?.code,
    ).toBe('coi.bag_not_released')
    const single = verifyBedsideIdentity(expected, goodScan, ['nurse A', ' nurse A '], '2024-03-01T09:00Z')
    expect(single).toMatchObject({ result: 'incomplete', infusionAllowed: false, deviation: false })
  })
  it('lets the infusion be recorded only when the latest verification of the bag is a match', () => {
    const mismatch = verifyBedsideIdentity(
      expected,
      { ...goodScan, productCoiIdentifier: 'X' },
      nurses,
      '2024-03-01T09:00+08:00',
    )
    const match = verifyBedsideIdentity(expected, goodScan, nurses, '2024-03-01T09:05+08:00')
    expect(canRecordInfusion([mismatch, match], 'BAG-1').ok).toBe(true)
    // 09:30+08:00 is later than 09:05+08:00 although listed first
    const laterMismatch = { ...mismatch, at: '2024-03-01T01:30Z' }
    expect(canRecordInfusion([laterMismatch, match], 'BAG-1').issues?.[0]?.code).toBe('coi.latest_not_match')
    expect(canRecordInfusion([match], 'BAG-2').issues?.[0]?.code).toBe('coi.not_verified')
  })
})

describe('platform COI identifier', () => {
  it('carries a MOD 37-2 check character that catches a typo', () => {
    const id = platformCoiIdentifier({ registryId: 'NCT05315778', siteCode: 'S01', subjectNumber: 7 })
    expect(id.value).toMatch(/^NCT05315778-S01-0007-[0-9A-Z*]$/)
    expect(isValidPlatformCoiIdentifier(id.value ?? '')).toBe(true)
    expect(isValidPlatformCoiIdentifier((id.value ?? '').replace('0007', '0001'))).toBe(false)
  })
})

const handOff = (over: Partial<CustodyHandOff>): CustodyHandOff => ({
  materialId: 'G123498654321',
  from: 'apheresis unit',
  to: 'courier',
  place: 'Kunming',
  at: '2024-01-10T10:00+08:00',
  temperatureCondition: '2-8 C',
  temperatureInRange: true,
  sealIntact: true,
  ...over,
})

describe('chain of custody (regimen-and-dosing.md §5.1 rule 3)', () => {
  const chain = [
    handOff({}),
    handOff({ from: 'courier', to: 'manufacturer', place: 'Shanghai', at: '2024-01-10T18:00+08:00' }),
    handOff({
      from: 'manufacturer',
      to: 'site cell lab',
      place: 'Kunming',
      at: '2024-02-01T09:00+08:00',
      temperatureCondition: 'LN2 vapour <= -150 C',
    }),
  ]
  it('accepts a gap-free chain and lists the holders', () => {
    const r = validateCustodyChain(chain, { origin: 'apheresis unit', destination: 'site cell lab' })
    expect(r.value?.holders).toEqual(['apheresis unit', 'courier', 'manufacturer', 'site cell lab'])
  })
  it('reports every problem: gap, broken seal, excursion, time order, wrong destination', () => {
    const broken = [
      chain[0] as CustodyHandOff,
      handOff({
        from: 'other courier',
        to: 'manufacturer',
        at: '2024-01-10T01:00Z',
        sealIntact: false,
        temperatureInRange: false,
      }),
    ]
    const r = validateCustodyChain(broken, { destination: 'site cell lab' })
    expect(r.issues?.map((i) => i.code)).toEqual([
      'custody.time_order',
      'custody.gap',
      'custody.seal_broken',
      'custody.temperature_excursion',
      'custody.destination',
    ])
    expect(r.issues?.[1]?.message).toBe(
      'hand-off 2 starts with "other courier" but the previous hand-off ended with "courier"',
    )
  })
  it('refuses an empty chain and a time without offset', () => {
    expect(validateCustodyChain([]).issues?.[0]?.code).toBe('custody.empty')
    expect(validateCustodyChain([handOff({ at: '2024-01-10T10:00' })]).issues?.[0]?.code).toBe(
      'custody.invalid_time',
    )
  })
})

describe('instants with offset', () => {
  it('orders times across offsets without Date', () => {
    expect(instantToEpochMs('1970-01-01T08:00+08:00')).toBe(0)
    expect(instantToEpochMs('2024-03-01T00:00:00.5Z')).toBe(1709251200500)
    expect(instantToEpochMs('2024-02-30T00:00Z')).toBeNull()
  })
})
