import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import i18n from '../i18n'
import { SessionProvider } from '../session'
import type { StudyDetail } from '../api/client'
import { DataReviewSection } from './DataReviewSection'

const study = { id: 7, sites: [{ id: 2, code: 'KUN01', name: 'Kunming', city: null }, { id: 3, code: 'SZH01', name: 'Suzhou', city: null }] } as unknown as StudyDetail
const query = {
  id: 11, form_record_id: 5, field_path: 'temperatureC', text: 'Source says 37.2', status: 'open', raised_by: 21, raised_by_name: 'mon', raised_at: '2025-03-03T10:00:00Z',
  answer: null, answered_at: null, closed_at: null, site_code: 'KUN01', subject_id: 9, subject_code: 'KUN01-001', form_type: 'vital_signs', visit_label: 'Day 1', observed_on: '2025-03-02', ageDays: 4,
}
const sdv = { sites: [{ siteId: 2, siteCode: 'KUN01', siteName: 'Kunming', records: 4, verified: 1, percent: 25, subjects: [{ subjectId: 9, subjectCode: 'KUN01-001', records: 4, verified: 1, percent: 25 }] }] }

function serve(roles: string[], locks: object[] = []) {
  const fetch = vi.fn((url: string, _init?: RequestInit) => {
    const body = url.startsWith('/api/auth/me')
      ? { userId: 41, username: 'u', displayName: 'U', roles, siteIds: roles.includes('monitor') ? [2] : [], csrfToken: 'x' }
      : url.startsWith('/api/studies/7/queries') ? { status: 'unresolved', sites: study.sites, queries: [query] }
        : url.startsWith('/api/studies/7/sdv') ? sdv
          : url.startsWith('/api/studies/7/locks') ? locks
            : {}
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }))
  })
  vi.stubGlobal('fetch', fetch)
  return fetch
}
const urls = (fetch: ReturnType<typeof serve>) => fetch.mock.calls.map((c) => c[0])

async function show(roles: string[], locks: object[] = []) {
  const fetch = serve(roles, locks)
  render(
    <SessionProvider>
      <DataReviewSection study={study} />
    </SessionProvider>,
  )
  await waitFor(() => expect(screen.getByTestId('study-queries')).toBeTruthy())
  await act(async () => new Promise((r) => setTimeout(r, 20)))
  return fetch
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('DataReviewSection', { timeout: 30_000 }, () => {
  it('lists queries with their age, linking to the subject and the form, and filters by site and status', async () => {
    await act(async () => void (await i18n.changeLanguage('en')))
    const fetch = await show(['data_manager'])
    const row = screen.getByTestId('study-query-row')
    expect(row.querySelector('[data-age-days]')!.textContent).toBe('4')
    expect([...row.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['/subjects/9?record=5', '/subjects/9?record=5'])
    expect(row.textContent).toContain('Temperature')
    expect(screen.getByTestId('study-sdv-site').textContent).toContain('1 of 4 forms verified (25 %)')
    fireEvent.change(screen.getByTestId('queries-site-filter'), { target: { value: '3' } })
    fireEvent.change(screen.getByTestId('queries-status-filter'), { target: { value: 'closed' } })
    await waitFor(() => expect(urls(fetch).some((u) => u.includes('status=closed') && u.includes('siteId=3'))).toBe(true))
  })

  it('a data manager locks the study; unlocking needs a reason; a monitor has neither action', async () => {
    await show(['data_manager'])
    expect(screen.getByRole('button', { name: 'Lock study' })).toBeTruthy()
    cleanup()
    const fetch = await show(['data_manager'], [{ id: 3, scope: 'study', study_id: 7, subject_id: null, form_record_id: null, locked_at: '2025-03-04T00:00:00Z' }])
    expect(screen.getByTestId('study-lock-state').textContent).toContain('Locked (study)')
    fireEvent.click(screen.getByRole('button', { name: 'Unlock study' }))
    const submit = screen.getByRole('button', { name: 'Unlock' })
    expect((submit as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByLabelText(/Reason for unlocking/), { target: { value: 'Database re-opened for a late query' } })
    fireEvent.click(submit)
    await waitFor(() => expect(fetch.mock.calls.some((c) => c[0] === '/api/locks/3/unlock' && c[1]?.body === JSON.stringify({ reason: 'Database re-opened for a late query' }))).toBe(true))
    cleanup()
    await show(['monitor'], [{ id: 3, scope: 'study', study_id: 7, subject_id: null, form_record_id: null, locked_at: '2025-03-04T00:00:00Z' }])
    expect(screen.queryByRole('button', { name: 'Unlock study' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Lock study' })).toBeNull()
  })
})
