import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, render } from '@testing-library/react'
import '../i18n'
import type { StudyDetail, SubjectDetail } from '../api/client'
import type { SafetyAlert, SubjectSafety } from './safety-api'
import { StudySafetySection } from './StudySafetySection'
import { SafetySection } from './SafetySection'
import { LIVE_REFRESH_MS } from './use-live-refresh'

/** Live refresh of safety alerts (issue 7 "Alerts": shown at once on the study dashboard and the subject page). */

const alert = (id: number, subjectId: number, grade: number): SafetyAlert => ({
  id, subject_id: subjectId, subject_code: `KUN01-00${subjectId}`, kind: 'crs', grade, previous_grade: grade - 1, protocol_day: 2,
  observed_on: '2025-06-12', finding: `fever, grade ${grade}`, created_at: '2025-06-12T08:00:00.000Z', acknowledged_at: null,
})

/** The server as the test sets it: the answer of each path, and every request made. */
let answers: Record<string, unknown>
let requests: string[]
let hidden = false

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  answers = {}
  requests = []
  hidden = false
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
  vi.stubGlobal('fetch', (url: string) => {
    requests.push(url)
    const path = url.split('?')[0]!
    if (!(path in answers)) return Promise.resolve(new Response(JSON.stringify({ error: { code: 'not_found', message: path } }), { status: 404 }))
    return Promise.resolve(new Response(JSON.stringify(answers[path])))
  })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/** Let pending fetches and renders finish (real timers for promises, fake ones for the polling interval). */
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))))
const tick = async (ms: number) => {
  await act(async () => void vi.advanceTimersByTime(ms))
  await settle()
  await settle()
}
const setHidden = async (value: boolean) => {
  hidden = value
  await act(async () => void document.dispatchEvent(new Event('visibilitychange')))
  await settle()
  await settle()
}

describe('study alert list', () => {
  const study = { id: 3 } as StudyDetail
  const url = '/api/studies/3/safety/alerts'

  it('shows an alert raised by another user after the next poll, and pauses while the tab is hidden', async () => {
    answers[url] = [alert(1, 1, 1)]
    const view = render(<StudySafetySection study={study} />)
    await settle()
    expect(view.getAllByTestId('safety-alert').map((li) => li.textContent)).toEqual([expect.stringContaining('CRS grade 1 (was 0)')])

    answers[url] = [alert(2, 2, 3), alert(1, 1, 1)] // raised meanwhile from another user's entry
    await tick(LIVE_REFRESH_MS - 1000)
    expect(view.getAllByTestId('safety-alert')).toHaveLength(1) // not yet: the poll is every 15 s
    await tick(1000)
    expect(view.getAllByTestId('safety-alert')[0]!.textContent).toContain('CRS grade 3 (was 2)')

    await setHidden(true)
    const polls = requests.filter((r) => r.startsWith(url)).length
    answers[url] = [alert(3, 1, 2), alert(2, 2, 3), alert(1, 1, 1)]
    await tick(4 * LIVE_REFRESH_MS)
    expect(requests.filter((r) => r.startsWith(url))).toHaveLength(polls) // no request while hidden
    expect(view.getAllByTestId('safety-alert')).toHaveLength(2)

    await setHidden(false) // back: refreshed at once, then every 15 s again
    expect(requests.filter((r) => r.startsWith(url))).toHaveLength(polls + 1)
    expect(view.getAllByTestId('safety-alert')).toHaveLength(3)
    await tick(LIVE_REFRESH_MS)
    expect(requests.filter((r) => r.startsWith(url))).toHaveLength(polls + 2)
  })

  it('stops polling when the section is gone', async () => {
    answers[url] = []
    const view = render(<StudySafetySection study={study} />)
    await settle()
    view.unmount()
    const before = requests.length
    await tick(3 * LIVE_REFRESH_MS)
    expect(requests).toHaveLength(before)
  })
})

describe('subject page alerts', () => {
  const subject = { id: 1, study_id: 3, code: 'KUN01-001' } as SubjectDetail
  const safety = (alerts: SafetyAlert[]): SubjectSafety => ({ subjectId: 1, infusionDate: null, ageYears: 40, course: null, issues: [], alerts, proposals: [], saes: [] })

  it("reloads the subject's safety only when its open alerts changed on the server", async () => {
    answers['/api/subjects/1/safety'] = safety([])
    answers['/api/studies/3/safety/alerts'] = [alert(7, 2, 2)] // another subject's alert: nothing to reload here
    const view = render(<SafetySection subject={subject} />)
    await settle()
    expect(view.getByText('No safety alert.')).toBeTruthy()
    await tick(LIVE_REFRESH_MS)
    expect(requests.filter((r) => r.startsWith('/api/subjects/1/safety'))).toHaveLength(1)

    answers['/api/studies/3/safety/alerts'] = [alert(8, 1, 2), alert(7, 2, 2)]
    answers['/api/subjects/1/safety'] = safety([alert(8, 1, 2)])
    await tick(LIVE_REFRESH_MS)
    expect(requests.filter((r) => r.startsWith('/api/subjects/1/safety'))).toHaveLength(2)
    expect(view.getByTestId('safety-alert').textContent).toContain('CRS grade 2 (was 1)')
    await tick(LIVE_REFRESH_MS) // unchanged: no further reload
    expect(requests.filter((r) => r.startsWith('/api/subjects/1/safety'))).toHaveLength(2)
  })
})
