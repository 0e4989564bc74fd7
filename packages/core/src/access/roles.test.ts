import { describe, expect, it } from 'vitest'
import { canAccess, isCrossSiteRead, type Principal } from './roles.js'

const at = (roles: Principal['roles'], siteIds: number[]): Principal => ({ userId: 1, username: 'u', roles, siteIds })

describe('access policy', () => {
  it('keeps a coordinator to their own site', () => {
    const c = at(['coordinator'], [1])
    expect(canAccess(c, 'subject.read', 1)).toBe(true)
    expect(canAccess(c, 'subject.read', 2)).toBe(false)
    expect(canAccess(c, 'subject.write', 1)).toBe(true)
  })
  it('lets a statistician read everywhere and write nowhere', () => {
    const s = at(['statistician'], [])
    expect(canAccess(s, 'subject.read', 7)).toBe(true)
    expect(canAccess(s, 'subject.write', 7)).toBe(false)
    expect(isCrossSiteRead(s, 7)).toBe(true)
  })
  it('never lets a monitor enter data', () => {
    expect(canAccess(at(['monitor'], [1]), 'subject.write', 1)).toBe(false)
    expect(canAccess(at(['monitor'], [1]), 'sdv.mark', 1)).toBe(true)
  })
  it('gives admin everything', () => {
    expect(canAccess(at(['admin'], []), 'user.manage')).toBe(true)
    expect(canAccess(at(['admin'], []), 'subject.write', 9)).toBe(true)
  })
})
