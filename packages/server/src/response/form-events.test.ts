import { describe, expect, it } from 'vitest'
import { evaluateResponse } from '@celltrial/core'
import { responseEventsFromForms } from './form-events.js'

const med = (over: Record<string, unknown>) => ({
  form_type: 'medication',
  data: { name: 'x', category: 'CONCOMITANT', rescueType: null, dose: null, unit: null, start: '2025-03-01', end: null, ...over },
})
const bleed = (over: Record<string, unknown>) => ({
  form_type: 'bleeding_event',
  data: { site: 'epistaxis', start: '2025-03-02', end: '2025-03-03', whoGrade: 2, itpBatGrade: 1, patientReportedOnly: false, ...over },
})

describe('responseEventsFromForms (response-itp.md §3.1)', () => {
  it('takes rescue therapy, the first new ITP therapy and WHO-graded bleeding; ignores concomitant medication', () => {
    const out = responseEventsFromForms([
      med({ name: 'paracetamol' }),
      med({ name: 'IVIG', category: 'RESCUE', rescueType: 'IVIG', start: '2025-03-10', end: '2025-03-11' }),
      med({ name: 'platelets', category: 'RESCUE', rescueType: 'PLATELET_TRANSFUSION', start: '2025-03-05' }),
      med({ name: 'daratumumab', category: 'NEW_ITP_THERAPY', start: '2025-05-01' }),
      med({ name: 'rituximab', category: 'NEW_ITP_THERAPY', start: '2025-04-20' }),
      bleed({}),
      bleed({ whoGrade: null }),
      { form_type: 'vital_signs', data: {} },
      { form_type: 'medication', data: { name: 'broken' } },
    ])
    expect(out).toEqual({
      rescueEvents: [
        { type: 'PLATELET_TRANSFUSION', startDate: '2025-03-05', endDate: null },
        { type: 'IVIG', startDate: '2025-03-10', endDate: '2025-03-11' },
      ],
      bleedingEvents: [{ startDate: '2025-03-02', endDate: '2025-03-03', scale: 'WHO', grade: 2 }],
      newItpTherapyStartDate: '2025-04-20',
      bleedingUngraded: 1,
    })
  })

  it('feeds the engine: counts in a rescue window or after new therapy are excluded', () => {
    const forms = responseEventsFromForms([
      med({ name: 'IVIG', category: 'RESCUE', rescueType: 'IVIG', start: '2025-01-30', end: '2025-01-31' }),
      med({ name: 'daratumumab', category: 'NEW_ITP_THERAPY', start: '2025-03-01' }),
    ])
    const r = evaluateResponse({
      infusionDate: '2025-01-10', ldStartDate: '2025-01-05',
      plateletCounts: [{ date: '2025-01-05', value: 10 }, { date: '2025-02-03', value: 80 }, { date: '2025-03-05', value: 200 }],
      ...forms,
    })
    expect(r.explanation.excluded.map((c) => c.reason)).toEqual(['BEFORE_EVAL_START', 'RESCUE_WINDOW', 'NEW_ITP_THERAPY'])
    expect(r.flags).toContain('NEW_THERAPY_CENSORED')
  })
})
