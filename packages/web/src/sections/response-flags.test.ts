import { describe, expect, it } from 'vitest'
import i18n from '../i18n'
import { flagText } from './ResponseSection'

const tIn = (lng: string) => i18n.getFixedT(lng)

/** The flags of response-itp.md §Output (and the corticosteroid-dependence rule's), as the engine writes them. */
const FLAGS = ['BASELINE_MISSING', 'BASELINE_RESCUE_AFFECTED', 'NEW_THERAPY_CENSORED', 'BLEEDING_EVENT_OPEN_ENDED', 'COUNTS_EXCLUDED_RESCUE(2)', 'CORTICOSTEROID_DEPENDENT']

describe('response flags in the user language', () => {
  it('reads every flag in English and Chinese, followed by its code', () => {
    for (const lng of ['en', 'zh-CN'])
      for (const code of FLAGS) {
        const text = flagText(code, tIn(lng))
        expect(text, `${lng} ${code}`).toMatch(new RegExp(`^[^(]{10,}.* \\(${code.replace(/[()]/g, '\\$&')}\\)$`))
      }
    expect(flagText('NEW_THERAPY_CENSORED', tIn('zh-CN'))).toBe('新的 ITP 治疗后的计数不予采用 (NEW_THERAPY_CENSORED)')
  })
  it('puts the number of excluded counts in the sentence, singular and plural', () => {
    expect(flagText('COUNTS_EXCLUDED_RESCUE(1)', tIn('en'))).toBe('1 count excluded: within a rescue-therapy window (COUNTS_EXCLUDED_RESCUE(1))')
    expect(flagText('COUNTS_EXCLUDED_RESCUE(12)', tIn('en'))).toBe('12 counts excluded: within a rescue-therapy window (COUNTS_EXCLUDED_RESCUE(12))')
  })
  it('shows a flag it has no words for as its code', () => {
    expect(flagText('SOMETHING_NEW', tIn('en'))).toBe('SOMETHING_NEW')
    expect(flagText('not a code', tIn('en'))).toBe('not a code')
  })
})
