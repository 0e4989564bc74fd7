import { describe, expect, it } from 'vitest'
import { editChecksFor, FORM_TYPES, runEditChecks } from '@celltrial/core'
import i18n, { resourcesByLanguage } from '../../i18n'
import { checkKey, issueText } from './issue-text'

const tIn = (lng: string) => i18n.getFixedT(lng)
const existsIn = (lng: string) => (key: string) => i18n.exists(key, { lng, fallbackLng: false })
const vitals = { measuredAt: '2025-03-01T08:00', temperatureC: 37, systolicMmHg: 118, diastolicMmHg: 72, heartRate: 84, spo2Percent: 98 }
const ctx = { consentDate: '2025-02-01', today: '2025-03-20' }

describe('edit-check messages by stable code', () => {
  it('every check of every form has a message in English and Chinese', () => {
    const all = resourcesByLanguage()
    for (const type of FORM_TYPES)
      for (const check of editChecksFor(type))
        for (const lng of ['en', 'zh-CN']) {
          const msg = ((all[lng]!.captureChecks as { msg: Record<string, string> }).msg)[checkKey(check.id)]
          expect(msg, `${lng} ${check.id}`).toBeTruthy()
          if (lng === 'en') expect(msg, check.id).toBe(check.message)
        }
  })

  it('English renders exactly what core says, detail included', () => {
    const issues = [
      ...runEditChecks('vital_signs', { ...vitals, temperatureC: 46, diastolicMmHg: 130, measuredAt: '2025-01-10T08:00' }, ctx),
      ...runEditChecks('vital_signs', { ...vitals, measuredAt: '2025-04-01T08:00' }, ctx),
      ...runEditChecks('oxygen', { measuredAt: '2025-03-01T08:00', delivery: 'low_flow', flowLpm: 7 }, ctx),
      ...runEditChecks('medication', { name: 'IVIG', category: 'RESCUE', rescueType: null, dose: 1, unit: 'g/kg', start: '2025-03-05', end: '2025-03-02' }, ctx),
    ]
    expect(issues.filter((i) => i.code.startsWith('edit_check.')).length).toBeGreaterThanOrEqual(6)
    for (const issue of issues) expect(issueText(issue, tIn('en'), existsIn('en'))).toBe(issue.message)
  })

  it('Chinese translates the message and rebuilds the detail from the params', () => {
    const [temp] = runEditChecks('vital_signs', { ...vitals, temperatureC: 46 }, ctx).filter((i) => i.checkId === 'vs.temp.plausible')
    expect(issueText(temp!, tIn('zh-CN'), existsIn('zh-CN'))).toBe('体温须在 30-45 °C 之间（生理上合理） (实际为 46)')
    const [consent] = runEditChecks('vital_signs', { ...vitals, measuredAt: '2025-01-10T08:00' }, ctx).filter((i) => i.checkId === 'vs.measuredAt.consent')
    expect(issueText(consent!, tIn('zh-CN'), existsIn('zh-CN'))).toBe('测量时间早于知情同意 (2025-01-10 早于知情同意日期 2025-02-01)')
  })

  it('falls back to the English message for an unknown code, and translates a server error detail by its code', () => {
    const unknown = { code: 'edit_check.range', checkId: 'site.custom.check', message: 'Site rule: value above 3 (got 4)', params: { value: 4 } }
    expect(issueText(unknown, tIn('zh-CN'), existsIn('zh-CN'))).toBe('Site rule: value above 3 (got 4)')
    const fromServer = { path: 'data.heartRate', code: 'edit_check.range', checkId: 'vs.hr.range', severity: 'error', message: 'Heart rate must be within 20-250 /min (got 300)', params: { value: 300 } }
    expect(issueText(fromServer, tIn('zh-CN'), existsIn('zh-CN'))).toBe('心率须在 20-250 次/分之间 (实际为 300)')
    const noCode = { message: 'something the server said' }
    expect(issueText(noCode, tIn('zh-CN'), existsIn('zh-CN'))).toBe('something the server said')
  })

  it('wraps a schema problem in words of the language around zod\'s own message', () => {
    const [issue] = runEditChecks('vital_signs', { ...vitals, heartRate: 'fast' }, ctx).filter((i) => i.code.startsWith('schema.'))
    expect(issue!.code).toBe('schema.invalid_type')
    expect(issueText(issue!, tIn('en'), existsIn('en'))).toBe(issue!.message)
    expect(issueText(issue!, tIn('zh-CN'), existsIn('zh-CN'))).toBe(`缺失或类型错误（${issue!.message}）`)
  })
})
