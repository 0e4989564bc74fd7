import { describe, expect, it } from 'vitest'
import { QUESTIONNAIRE_INSTRUMENTS } from '@celltrial/core'
import { resourcesByLanguage } from '../../i18n'
import { FORM_FIELDS } from './form-fields'

const all = resourcesByLanguage()
const LANGUAGES = ['en', 'zh-CN']
/** The label the entry form shows for an option (FieldInput: `capture.optFor.<key>.<o>`, else `capture.opt.<o>`). */
const label = (lng: string, key: string, option: string): unknown => {
  const capture = all[lng]!.capture as { opt: Record<string, string>; optFor?: Record<string, Record<string, string>> }
  return capture.optFor?.[key]?.[option] ?? capture.opt[option]
}

describe('questionnaire instruments in the entry form', () => {
  it('offers every instrument core accepts, SF-36 included (NCT06826430)', () => {
    const instrument = FORM_FIELDS.questionnaire.find((f) => f.key === 'instrument')
    expect(instrument).toMatchObject({ kind: 'select', options: QUESTIONNAIRE_INSTRUMENTS })
    expect(QUESTIONNAIRE_INSTRUMENTS).toContain('SF-36')
  })
  it('labels each instrument in English and Chinese', () => {
    for (const lng of LANGUAGES) for (const o of QUESTIONNAIRE_INSTRUMENTS) expect(label(lng, 'instrument', o), `${lng} ${o}`).toBeTruthy()
    expect(label('en', 'instrument', 'SF-36')).toMatch(/^SF-36/)
    expect(label('zh-CN', 'instrument', 'SF-36')).toMatch(/^SF-36（.*调查）$/)
  })
})
