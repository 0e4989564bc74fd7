import { describe, expect, it } from 'vitest'
import { DEFAULT_RESPONSE_PARAMS, withResponseOverrides } from '../response/params.js'
import { describeEndpoints } from './describe-endpoints.js'

const text = (params = DEFAULT_RESPONSE_PARAMS, key = 'response', language: 'en' | 'zh-CN' = 'en') =>
  describeEndpoints(params, { language }).find((d) => d.key === key)?.text

describe('describeEndpoints (response-itp.md §3.2, §3.7-3.9)', () => {
  it('states the IWG 2009 defaults', () => {
    expect(text()).toBe(
      'platelet count >= 30 x10^9/L and at least doubling of baseline, confirmed on 2 counts >= 7 days apart, without bleeding (WHO grade >= 2)',
    )
    expect(text(DEFAULT_RESPONSE_PARAMS, 'completeResponse')).toBe(
      'platelet count >= 100 x10^9/L, confirmed on 2 counts >= 7 days apart, without bleeding (WHO grade >= 2)',
    )
    expect(text(DEFAULT_RESPONSE_PARAMS, 'lossOfResponse')).toBe(
      'platelet count < 30 x10^9/L or < 2 x baseline or bleeding (WHO grade >= 2), on 2 counts >= 1 day apart, after a response',
    )
  })

  it('follows the strict comparators of NCT06352281 (> 30, > 100)', () => {
    const p = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { rComparator: '>', crComparator: '>' })
    expect(text(p)).toMatch(/^platelet count > 30 x10\^9\/L and at least doubling of baseline/)
    expect(text(p, 'completeResponse')).toMatch(/^platelet count > 100 x10\^9\/L/)
  })

  it('reads every other parameter from the values, not from a template', () => {
    const p = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, {
      rThreshold: 50,
      doublingFactor: 3,
      doublingComparator: '>',
      confirmMinGapDays: 14,
      requireNoBleedingForCR: false,
      evalStartDay: 28,
      evalEndDay: 182,
      rescueWindowDays: { IVIG: 21 },
      categoryNames: { R: 'PR' },
    })
    const d = describeEndpoints(p)
    expect(d[0]).toEqual({
      key: 'response',
      term: 'Response (PR)',
      text: 'platelet count >= 50 x10^9/L and more than 3 x baseline, confirmed on 2 counts >= 14 days apart, without bleeding (WHO grade >= 2)',
    })
    expect(d[1]?.text).toContain('bleeding not considered')
    expect(d[2]?.term).toBe('Loss of PR')
    expect(text(p, 'evaluability')).toContain('counts from Day 28 after infusion to Day 182')
    expect(text(p, 'evaluability')).toContain('IVIG 21 days')
  })

  it('describes the baseline anchor and the open evaluation window', () => {
    expect(text(DEFAULT_RESPONSE_PARAMS, 'baseline')).toMatch(/^latest platelet count within 30 days before the start of lymphodepletion/)
    const p = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { baselineAnchor: 'INFUSION' })
    expect(text(p, 'baseline')).toContain('before the infusion')
    expect(text(DEFAULT_RESPONSE_PARAMS, 'evaluability')).toContain('to the data cut-off')
  })

  it('speaks Simplified Chinese with the same values', () => {
    const p = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { rComparator: '>' })
    expect(text(p, 'response', 'zh-CN')).toBe(
      '血小板计数 > 30 x10^9/L 且 较基线至少增加1倍，经间隔 >= 7 天的 2 次计数确认，且无出血（WHO 分级 >= 2）',
    )
  })
})
