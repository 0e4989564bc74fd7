import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import i18n from '../../i18n'
import { SessionProvider } from '../../session'
import type { FormRecordDto, SignatureDto, SubjectFormsDto } from './capture-api'
import { SubjectReview } from './SubjectReview'

const SITE = 3
const rec = (id: number, day: number, over: Partial<FormRecordDto> = {}): FormRecordDto => ({
  id, formType: 'vital_signs', visitDay: day, visitLabel: `Day ${day}`, observedOn: '2025-03-02', data: {}, derived: {}, overrides: {}, status: 'saved', version: 1,
  openQueries: 0, answeredQueries: 0, sdv: { wholeForm: false, fields: [], reset: [] }, signature: null, lock: null, ...over,
})
const forms = (locked: SubjectFormsDto['locked'] = null): SubjectFormsDto => ({
  subject: { id: 9, code: 'KUN01-001', siteId: SITE, infusionDate: '2025-03-01' },
  context: {}, locked,
  // the list shows the latest records; the totals count the whole casebook (one more open query on a record not listed)
  totals: { records: { vital_signs: 4 }, openQueries: 3, answeredQueries: 1, visits: [{ label: 'Day 0', day: 0 }, { label: 'Day 7', day: 7 }] },
  records: [rec(1, 7, { openQueries: 2 }), rec(2, 0, { answeredQueries: 1 }), rec(3, 14, { status: 'draft' })],
})
const signatures: SignatureDto[] = [
  { id: 1, scope: 'visit', form_record_id: null, visit_label: 'Day 0', record_version: null, signer_name: 'Dr Li', meaning: 'I confirm', signed_at: '2025-03-02T10:00:00Z', voided_at: '2025-03-03T10:00:00Z', void_reason: 'form record 2 changed' },
  { id: 2, scope: 'casebook', form_record_id: null, visit_label: null, record_version: null, signer_name: 'Dr Li', meaning: 'Casebook complete', signed_at: '2025-03-04T10:00:00Z', voided_at: null, void_reason: null },
]

async function show(roles: string[], siteIds: number[], data = forms()) {
  vi.stubGlobal('fetch', vi.fn((url: string) => {
    const body = url.startsWith('/api/auth/me') ? { userId: 5, username: 'u', displayName: 'U', roles, siteIds, csrfToken: 'x' }
      : url.startsWith('/api/subjects/9/sdv') ? { records: 2, verified: 1, percent: 50, byFormType: [{ formType: 'vital_signs', records: 2, verified: 1, percent: 50 }] }
        : url.startsWith('/api/subjects/9/signatures') ? signatures : {}
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }))
  }))
  render(
    <SessionProvider>
      <SubjectReview forms={data} reload={0} onChanged={() => undefined} />
    </SessionProvider>,
  )
  await waitFor(() => expect(screen.getByTestId('capture-subject-sdv').textContent).toContain('1 of 2 forms verified (50 %)'))
  await act(async () => new Promise((r) => setTimeout(r, 20)))
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('SubjectReview', { timeout: 30_000 }, () => {
  it('counts every query of the casebook (not only those of the listed records), shows visit and casebook signatures with the voided one marked', async () => {
    await act(async () => void (await i18n.changeLanguage('en')))
    await show(['monitor'], [SITE])
    expect(screen.getByTestId('capture-subject-queries').textContent).toBe('3 open, 1 answered')
    const rows = [...screen.getByTestId('capture-subject-signatures').querySelectorAll('tbody tr')]
    expect(rows.map((r) => r.getAttribute('data-voided'))).toEqual(['yes', 'no'])
    expect(rows[0]!.textContent).toContain('Voided: form record 2 changed')
    expect(screen.queryByRole('button', { name: 'Sign casebook' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Lock subject casebook' })).toBeNull()
  })

  it('an investigator signs visits of saved records (in visit order) or the casebook, unless the subject is locked', async () => {
    await show(['investigator'], [SITE])
    const options = [...screen.getByTestId<HTMLSelectElement>('capture-sign-visit-select').options].map((o) => o.value)
    expect(options).toEqual(['', 'Day 0', 'Day 7'])
    expect(screen.getByRole('button', { name: 'Sign casebook' })).toBeTruthy()
    cleanup()
    await show(['investigator'], [SITE], forms({ id: 4, scope: 'subject' }))
    expect(screen.queryByRole('button', { name: 'Sign casebook' })).toBeNull()
    expect(screen.getByTestId('capture-subject-lock').textContent).toBe('Locked (subject casebook)')
  })

  it('a data manager locks the casebook, and unlocks a subject lock but not a study lock here', async () => {
    await show(['data_manager'], [])
    expect(screen.getByRole('button', { name: 'Lock subject casebook' })).toBeTruthy()
    cleanup()
    await show(['data_manager'], [], forms({ id: 4, scope: 'subject' }))
    expect(screen.getByRole('button', { name: 'Unlock subject casebook' })).toBeTruthy()
    cleanup()
    await show(['data_manager'], [], forms({ id: 5, scope: 'study' }))
    expect(screen.queryByRole('button', { name: 'Unlock subject casebook' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Lock subject casebook' })).toBeNull()
  })
})
