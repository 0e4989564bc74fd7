import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import i18n from '../../i18n'
import { SessionProvider } from '../../session'
import type { RecordDetailDto } from './capture-api'
import { RecordReview, sdvState } from './RecordReview'

const SITE = 3
const record = (over: Partial<RecordDetailDto> = {}): RecordDetailDto => ({
  id: 5, subjectId: 9, siteId: SITE, formType: 'vital_signs', visitDay: 1, visitLabel: 'Day 1', observedOn: '2025-03-02',
  data: { measuredAt: '2025-03-02T08:00', temperatureC: 37.4, systolicMmHg: 118, diastolicMmHg: 72, heartRate: 84, spo2Percent: 98 },
  derived: {}, overrides: {}, status: 'saved', version: 2, voidedAt: null,
  queries: [{ id: 11, form_record_id: 5, field_path: 'temperatureC', text: 'Source says 37.2', status: 'open', raised_by: 21, raised_by_name: 'mon', raised_at: '2025-03-03T10:00:00Z', answer: null, answered_at: null, closed_at: null }],
  sdvMarks: [
    { id: 1, field_path: '', record_version: 1, verified_at: '2025-03-03T10:00:00Z', reset_at: '2025-03-04T09:00:00Z', reset_reason: 'form record 5 changed (version 2)' },
    { id: 2, field_path: 'heartRate', record_version: 1, verified_at: '2025-03-03T10:00:00Z', reset_at: null, reset_reason: null },
  ],
  signatures: [{ id: 4, scope: 'form', form_record_id: 5, visit_label: null, record_version: 1, signer_name: 'Dr Wang', meaning: 'I confirm', signed_at: '2025-03-03T12:00:00Z', voided_at: '2025-03-04T09:00:00Z', void_reason: 'form record 5 changed' }],
  lock: null,
  ...over,
})

function serve(me: { userId: number; roles: string[]; siteIds: number[] }, detail: RecordDetailDto) {
  vi.stubGlobal('fetch', vi.fn((url: string) => {
    const body = url.startsWith('/api/auth/me') ? { ...me, username: 'u', displayName: 'U', csrfToken: 'x' } : url.startsWith('/api/forms/5') ? detail : null
    return Promise.resolve(new Response(JSON.stringify(body), { status: body ? 200 : 404 }))
  }))
}

async function show(me: { userId: number; roles: string[]; siteIds: number[] }, detail = record()) {
  serve(me, detail)
  render(
    <SessionProvider>
      <RecordReview recordId={5} onChanged={() => undefined} onCorrect={() => undefined} onClose={() => undefined} />
    </SessionProvider>,
  )
  await waitFor(() => expect(screen.getByTestId('capture-review')).toBeTruthy())
  // the session loads after the record: wait until role-dependent buttons have settled
  await act(async () => new Promise((r) => setTimeout(r, 20)))
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

// role queries walk the whole table in jsdom: slow on a loaded machine
describe('RecordReview', { timeout: 30_000 }, () => {
  it('shows SDV reset by a change, the field query badge and the voided signature', async () => {
    await act(async () => void (await i18n.changeLanguage('en')))
    await show({ userId: 21, roles: ['monitor'], siteIds: [SITE] })
    const row = (key: string) => screen.getByTestId('capture-review').querySelector(`tr[data-review-field="${key}"]`)!
    expect(row('').querySelector('[data-sdv]')!.getAttribute('data-sdv')).toBe('reset')
    expect(row('heartRate').querySelector('[data-sdv]')!.getAttribute('data-sdv')).toBe('verified')
    expect(row('temperatureC').textContent).toContain('1 open queries')
    expect(screen.getByTestId('capture-signature').getAttribute('data-voided')).toBe('yes')
    expect(screen.getByTestId('capture-signature').textContent).toContain('Voided: form record 5 changed')
  })

  it('a monitor at the site may query, verify and close their own query, but not correct or sign', async () => {
    await show({ userId: 21, roles: ['monitor'], siteIds: [SITE] })
    expect(screen.getByRole('button', { name: 'Raise a query on Temperature' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Verify whole form' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Close query' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Answer' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Correct' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Sign form' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Lock form' })).toBeNull()
  })

  it('another monitor may not close a query they did not raise; a monitor of another site sees no review actions', async () => {
    await show({ userId: 22, roles: ['monitor'], siteIds: [SITE] })
    expect(screen.queryByRole('button', { name: 'Close query' })).toBeNull()
    cleanup()
    await show({ userId: 23, roles: ['monitor'], siteIds: [SITE + 1] })
    expect(screen.queryByRole('button', { name: /Raise a query/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Verify whole form' })).toBeNull()
  })

  it('the site answers and corrects; an investigator signs; a lock leaves them read-only', async () => {
    await show({ userId: 31, roles: ['coordinator'], siteIds: [SITE] })
    expect(screen.getByRole('button', { name: 'Answer' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Correct' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Sign form' })).toBeNull()
    expect(screen.queryByRole('button', { name: /Raise a query/ })).toBeNull()
    cleanup()
    await show({ userId: 32, roles: ['investigator'], siteIds: [SITE] })
    expect(screen.getByRole('button', { name: 'Sign form' })).toBeTruthy()
    cleanup()
    await show({ userId: 32, roles: ['investigator'], siteIds: [SITE] }, record({ lock: { id: 7, scope: 'subject' } }))
    expect(screen.queryByRole('button', { name: 'Sign form' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Correct' })).toBeNull()
    expect(screen.getByTestId('capture-review').textContent).toContain('Locked (subject casebook)')
  })

  it('a data manager locks a form and unlocks only a form lock', async () => {
    await show({ userId: 41, roles: ['data_manager'], siteIds: [] })
    expect(screen.getByRole('button', { name: 'Lock form' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Raise a query on Temperature' })).toBeTruthy()
    cleanup()
    await show({ userId: 41, roles: ['data_manager'], siteIds: [] }, record({ lock: { id: 7, scope: 'form' } }))
    expect(screen.getByRole('button', { name: 'Unlock form' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Lock form' })).toBeNull()
  })
})

describe('sdvState', () => {
  it('is verified while a current mark exists, reset when only reset marks remain, none otherwise', () => {
    const marks = record().sdvMarks
    expect(sdvState(marks, 'heartRate').state).toBe('verified')
    expect(sdvState(marks, '').state).toBe('reset')
    expect(sdvState(marks, 'spo2Percent').state).toBe('none')
  })
})
