import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { displayInstant, displayLocalDate, offsetText, withLocalOffset } from './local-instant'

describe('instants shown in the site time zone', () => {
  let saved: string | undefined
  beforeEach(() => {
    saved = process.env.TZ
  })
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })

  it('shows an API instant as the wall time of this computer, with its offset', () => {
    process.env.TZ = 'Asia/Shanghai'
    expect(displayInstant('2024-01-22T01:00:00.000Z')).toBe('2024-01-22 09:00 +08:00')
    // the local date can differ from the UTC one
    expect(displayInstant('2024-01-22T17:30:00Z')).toBe('2024-01-23 01:30 +08:00')
    expect(displayLocalDate('2024-01-22T17:30:00Z')).toBe('2024-01-23')
    expect(displayInstant('2024-01-22T09:00:00+08:00')).toBe('2024-01-22 09:00 +08:00')
  })
  it('uses the offset in force on that date (summer time)', () => {
    process.env.TZ = 'Europe/Paris'
    expect(displayInstant('2025-01-15T12:00:00Z')).toBe('2025-01-15 13:00 +01:00')
    expect(displayInstant('2025-07-15T12:00:00Z')).toBe('2025-07-15 14:00 +02:00')
    expect(withLocalOffset('2025-07-15T14:00')).toBe('2025-07-15T14:00+02:00')
  })
  it('leaves what is not an instant as it is', () => {
    expect(displayInstant('not a time')).toBe('not a time')
    expect(displayInstant('12345')).toBe('12345')
    expect(displayLocalDate('')).toBe('')
    expect(offsetText(-270)).toBe('-04:30')
  })
})
