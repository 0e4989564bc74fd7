import { describe, it, expect } from 'vitest'
import { parseResponseInput } from './input-schema.js'

const valid = {
  infusionDate: '2024-06-01',
  ldStartDate: '2024-05-27',
  plateletCounts: [{ date: '2024-06-15', time: '08:30', value: 45.5 }],
  bleedingEvents: [{ startDate: '2024-06-15', endDate: null, scale: 'WHO', grade: 2 }],
  rescueEvents: [{ type: 'IVIG', startDate: '2024-06-10', endDate: '2024-06-11' }],
  newItpTherapyStartDate: null,
}

describe('parseResponseInput (response-itp.md §3.1)', () => {
  it('accepts a valid subject', () => {
    expect(parseResponseInput(valid).ok).toBe(true)
  })
  it('reports every problem with its path', () => {
    const r = parseResponseInput({
      ...valid,
      infusionDate: '2024-02-30',
      plateletCounts: [
        { date: '2024-06-15', value: -1 },
        { date: '2024-06-16', time: '25:00', value: 3 },
      ],
      rescueEvents: [{ type: 'PLASMA', startDate: '2024-06-10', endDate: null }],
    })
    expect(r.ok).toBe(false)
    const paths = r.issues?.map((i) => i.path.join('.'))
    expect(paths).toEqual(
      expect.arrayContaining([
        'infusionDate',
        'plateletCounts.0.value',
        'plateletCounts.1.time',
        'rescueEvents.0.type',
      ]),
    )
  })
  it('rejects end before start and a bleeding scale other than the protocol one', () => {
    const r = parseResponseInput({
      ...valid,
      bleedingEvents: [{ startDate: '2024-06-15', endDate: '2024-06-14', scale: 'ITP-BAT', grade: 2 }],
    })
    expect(r.issues?.map((i) => i.code).sort()).toEqual(['bleeding_scale_mismatch', 'end_before_start'])
  })
  it('rejects unknown keys', () => {
    expect(parseResponseInput({ ...valid, foo: 1 }).ok).toBe(false)
  })
})
