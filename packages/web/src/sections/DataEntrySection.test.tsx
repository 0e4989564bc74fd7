import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import i18n from '../i18n'
import { SessionProvider } from '../session'
import type { SubjectDetail } from '../api/client'
import type { FormRecordDto, SubjectFormsDto } from './capture/capture-api'
import { DataEntrySection, PAGE } from './DataEntrySection'

const SITE = 3
const subject = { id: 9, code: 'KUN01-001', infusion_date: '2025-03-01' } as unknown as SubjectDetail
const vitals = (id: number, day: number): FormRecordDto => ({
  id, formType: 'vital_signs', visitDay: null, visitLabel: null, observedOn: `2025-03-${String(day).padStart(2, '0')}`, data: { measuredAt: `2025-03-${String(day).padStart(2, '0')}T08:30`, temperatureC: 37 }, derived: {}, overrides: {}, status: 'saved', version: 1,
  openQueries: 0, answeredQueries: 0, sdv: { wholeForm: false, fields: [], reset: [] }, signature: null, lock: null,
})
const oxygen: FormRecordDto = { ...vitals(100, 2), formType: 'oxygen', data: { delivery: 'room_air', flowLpm: null } }

/** The server's answer (packages/server/src/capture/records.ts listRecords): 30 vital signs, the latest PAGE unless expanded. */
function forms(url: string): SubjectFormsDto {
  const all = Array.from({ length: 30 }, (_, i) => vitals(i + 1, i + 1))
  const expanded = new URL(url, 'http://x').searchParams.get('expand')?.split(',') ?? []
  const shown = expanded.includes('vital_signs') ? all : all.slice(-Number(new URL(url, 'http://x').searchParams.get('limit')))
  return {
    subject: { id: 9, code: 'KUN01-001', siteId: SITE, infusionDate: '2025-03-01' },
    context: {},
    locked: null,
    totals: { records: { vital_signs: 30, oxygen: 1 }, openQueries: 0, answeredQueries: 0, visits: [] },
    records: [oxygen, ...shown],
  }
}

function serve() {
  const fetch = vi.fn((url: string) => {
    const body = url.startsWith('/api/auth/me') ? { userId: 5, username: 'u', displayName: 'U', roles: ['coordinator'], siteIds: [SITE], csrfToken: 'x' }
      : url.startsWith('/api/subjects/9/forms') ? forms(url)
        : url.startsWith('/api/subjects/9/queries') || url.startsWith('/api/subjects/9/signatures') ? []
          : url.startsWith('/api/subjects/9/sdv') ? { records: 31, verified: 0, percent: 0, byFormType: [] }
            : url.startsWith('/api/forms/2?') ? { ...vitals(2, 2), subjectId: 9, siteId: SITE, voidedAt: null, queries: [], sdvMarks: [], signatures: [], lock: null }
              : {}
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }))
  })
  vi.stubGlobal('fetch', fetch)
  return fetch
}
const formUrls = (fetch: ReturnType<typeof serve>) => fetch.mock.calls.map((c) => c[0]).filter((u) => u.startsWith('/api/subjects/9/forms'))

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('DataEntrySection', { timeout: 30_000 }, () => {
  it('lists the latest records of each form type, all of one type on request, and the latest again', async () => {
    await act(async () => void (await i18n.changeLanguage('en')))
    const fetch = serve()
    render(
      <SessionProvider>
        <DataEntrySection subject={subject} />
      </SessionProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('capture-list-vital_signs')).toBeTruthy())
    expect(formUrls(fetch).every((u) => u.includes(`limit=${PAGE}`) && !u.includes('expand'))).toBe(true)
    const rows = () => screen.getByTestId('capture-list-vital_signs').querySelectorAll('tbody tr')
    expect(rows()).toHaveLength(PAGE)
    // the date and the time of the measurement
    expect(rows()[0]!.textContent).toContain('2025-03-06 08:30')
    expect(screen.getByTestId('capture-more-vital_signs').textContent).toContain(`The latest ${PAGE} of 30 records.`)
    // oxygen has one record: nothing more to show
    expect(screen.queryByTestId('capture-more-oxygen')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Show all 30' }))
    await waitFor(() => expect(rows()).toHaveLength(30))
    expect(formUrls(fetch).at(-1)).toContain('expand=vital_signs')
    expect(screen.queryByTestId('capture-more-vital_signs')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: `Show only the latest ${PAGE}` }))
    await waitFor(() => expect(rows()).toHaveLength(PAGE))
    expect(formUrls(fetch).at(-1)).not.toContain('expand')
  })

  it('opens in full the list of a linked record older than the latest of its type, so its row shows', async () => {
    await act(async () => void (await i18n.changeLanguage('en')))
    window.history.pushState({}, '', '/subjects/9?record=2')
    try {
      const fetch = serve()
      render(
        <SessionProvider>
          <DataEntrySection subject={subject} />
        </SessionProvider>,
      )
      await waitFor(() => expect(screen.getByTestId('capture-review')).toBeTruthy())
      const rows = () => screen.getByTestId('capture-list-vital_signs').querySelectorAll('tbody tr')
      await waitFor(() => expect(rows()).toHaveLength(30))
      expect(formUrls(fetch).at(-1)).toContain('expand=vital_signs')
      expect(rows()[1]!.textContent).toContain('2025-03-02 08:30')
    } finally {
      window.history.pushState({}, '', '/')
    }
  })

  it('says it in Chinese too', async () => {
    await act(async () => void (await i18n.changeLanguage('zh-CN')))
    serve()
    render(
      <SessionProvider>
        <DataEntrySection subject={subject} />
      </SessionProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('capture-more-vital_signs').textContent).toContain(`最近 ${PAGE} 条，共 30 条记录。`))
    await act(async () => void (await i18n.changeLanguage('en')))
  })
})
