import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, fireEvent, render, within } from '@testing-library/react'
import '../i18n'
import { SessionProvider } from '../session'
import type { ProductChainView } from '../api/journey'
import { ProductChainPage } from './ProductChainPage'

/** The product chain page: chain-of-identity forms gated by role and site, ISBT 128 DINs checked as typed. */

const chain: ProductChainView = {
  subjectId: 9, code: 'KUN01-001', status: 'manufacturing', siteId: 5, siteCode: 'KUN01', registryId: 'NCT06352281',
  product: { id: 1, coi_identifier: 'NCT06352281-KUN01-0001-K', din: null, din_check_character: null, product_description: null },
  collections: [{ id: 1, collected_at: '2025-06-03T01:00:00.000Z', facility: 'KUN01 apheresis unit', volume_ml: 180, din: 'G123498654321', notes: null }],
  lots: [{ id: 4, lot_number: 'LOT-77', manufacturer: 'cell factory', started_on: '2025-06-04', ended_on: null, batch_record_ref: null, deviations: null }],
  releaseTests: [{ id: 2, lot_id: 4, test: 'sterility', result: 'no growth', passed: true, tested_on: '2025-06-10' }],
  handOffs: [], custody: null, verifications: [], infusion: null,
}

let posts: { url: string; body: unknown }[]
/** answers to the next POSTs, in order; when empty, 201 */
let postAnswers: { status: number; body: unknown }[]
const serve = (roles: string[], siteIds: number[]) =>
  vi.stubGlobal('fetch', (url: string, init?: { method?: string; body?: string }) => {
    if (init?.method === 'POST') {
      posts.push({ url, body: JSON.parse(init.body ?? 'null') })
      const answer = postAnswers.shift() ?? { status: 201, body: { id: 99 } }
      return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status }))
    }
    if (url === '/api/auth/me') return Promise.resolve(new Response(JSON.stringify({ userId: 1, username: 'coord', displayName: 'Coord', roles, siteIds, csrfToken: 'x' })))
    return Promise.resolve(new Response(JSON.stringify(chain)))
  })
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))))
const page = async () => {
  const view = render(
    <SessionProvider>
      <ProductChainPage id="9" />
    </SessionProvider>,
  )
  await settle()
  await settle()
  return view
}

beforeEach(() => {
  posts = []
  postAnswers = []
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('ProductChainPage', () => {
  it('shows the records, with the stored DIN in eye-readable form and the lot of each release test', async () => {
    serve(['coordinator'], [5])
    const view = await page()
    expect(within(view.getByRole('table', { name: 'Apheresis collections' })).getByText('G123 498 654 321 H')).toBeTruthy()
    const tests = within(view.getByRole('table', { name: 'Release tests' }))
    expect(tests.getByText('LOT-77')).toBeTruthy()
    expect(tests.getByRole('row', { name: /LOT-77 sterility no growth yes 2025-06-10/ })).toBeTruthy()
  })

  it('checks a DIN as it is typed and saves the collection only with a valid check character', async () => {
    serve(['coordinator'], [5])
    const view = await page()
    const form = within(view.getByRole('form', { name: 'Record an apheresis collection' }))
    fireEvent.change(form.getByLabelText('Collected at'), { target: { value: '2025-06-03T09:00' } })
    fireEvent.change(form.getByLabelText('Facility'), { target: { value: 'KUN01 apheresis unit' } })
    fireEvent.change(form.getByLabelText('Volume (mL)'), { target: { value: '175' } })
    const din = form.getByTestId('din-input')
    fireEvent.change(din, { target: { value: 'g123 498 654 321 a' } })
    expect(form.getByRole('alert').textContent).toBe('Check character A is wrong: ISO 7064 MOD 37-2 gives H. Re-scan or re-type the DIN.')
    expect(din.getAttribute('aria-invalid')).toBe('true')
    const save = form.getByRole<HTMLButtonElement>('button', { name: 'Save collection' })
    expect(save.disabled).toBe(true)
    fireEvent.change(din, { target: { value: 'G123 498 654 321 H' } })
    expect(form.getByText('Valid DIN: G123 498 654 321 H')).toBeTruthy()
    expect(save.disabled).toBe(false)
    fireEvent.submit(save.closest('form')!)
    await settle()
    expect(posts).toHaveLength(1)
    expect(posts[0]!.url).toBe('/api/subjects/9/product/collections')
    expect(posts[0]!.body).toMatchObject({ facility: 'KUN01 apheresis unit', volumeMl: 175, din: 'G123 498 654 321 H', notes: null })
    expect((posts[0]!.body as { collectedAt: string }).collectedAt).toMatch(/^2025-06-03T09:00[+-]\d{2}:\d{2}$/)
  })

  it('records a release test only with an explicit pass or fail, against the chosen lot', async () => {
    serve(['investigator'], [5])
    const view = await page()
    const form = within(view.getByRole('form', { name: 'Record a release test result' }))
    expect(form.getByLabelText<HTMLSelectElement>('Passed').value).toBe('')
    fireEvent.change(form.getByLabelText('Test'), { target: { value: 'mycoplasma' } })
    fireEvent.change(form.getByLabelText('Result'), { target: { value: 'not detected' } })
    fireEvent.change(form.getByLabelText('Passed'), { target: { value: 'yes' } })
    fireEvent.change(form.getByLabelText('Tested on'), { target: { value: '2025-06-11' } })
    fireEvent.submit(form.getByRole('button', { name: 'Save release test' }).closest('form')!)
    await settle()
    expect(posts).toEqual([{ url: '/api/subjects/9/product/release-tests', body: { lotId: 4, test: 'mycoplasma', result: 'not detected', passed: true, testedOn: '2025-06-11' } }])
  })

  it("sends the second verifier's own credentials, never keeps the password, and asks for a TOTP code when the account needs one", async () => {
    serve(['coordinator'], [5])
    const view = await page()
    const form = within(view.getByRole('form', { name: 'Bedside identity check' }))
    const fill = (label: string, value: string) => fireEvent.change(form.getByLabelText(label), { target: { value } })
    fill('Patient wristband (subject code)', 'KUN01-001')
    fill('Bag ID', 'BAG-1')
    fill('Scanned bag label COI', 'NCT06352281-KUN01-0001-K')
    fill("Second verifier's username", 'nurse.li')
    fill("Second verifier's password", 'her own passphrase')
    expect(form.queryByLabelText("Second verifier's authenticator code (6 digits)")).toBeNull()
    postAnswers.push({ status: 401, body: { error: { code: 'totp_required', message: 'second verifier nurse.li: the account needs the 6-digit code from its authenticator app', details: [] } } })
    fireEvent.submit(form.getByRole('button', { name: 'Verify' }).closest('form')!)
    await settle()
    expect(posts[0]).toEqual({
      url: '/api/subjects/9/product/bedside-verifications',
      body: { bagId: 'BAG-1', scannedPatientId: 'KUN01-001', scannedCoiIdentifier: 'NCT06352281-KUN01-0001-K', secondVerifier: { username: 'nurse.li', password: 'her own passphrase' } },
    })
    expect(view.getByRole('alert').textContent).toBe('Second verifier refused: second verifier nurse.li: the account needs the 6-digit code from its authenticator app')
    expect(form.getByLabelText<HTMLInputElement>("Second verifier's password").value).toBe('')
    fill("Second verifier's password", 'her own passphrase')
    fill("Second verifier's authenticator code (6 digits)", '123456')
    postAnswers.push({ status: 201, body: { id: 5, bag_id: 'BAG-1', scanned_patient_id: 'KUN01-001', scanned_coi_identifier: 'NCT06352281-KUN01-0001-K', verifiers: ['coord', 'nurse.li'], second_verifier_id: 2, result: 'match', deviation: false, issues: [], verified_at: '2025-06-15T08:00:00.000Z' } })
    fireEvent.submit(form.getByRole('button', { name: 'Verify' }).closest('form')!)
    await settle()
    expect((posts[1]!.body as { secondVerifier: unknown }).secondVerifier).toEqual({ username: 'nurse.li', password: 'her own passphrase', totpCode: '123456' })
    expect(view.getByRole('status').textContent).toContain('Match: identity confirmed')
  })

  it('shows no entry form to a monitor, nor to a coordinator of another site', async () => {
    for (const [roles, sites] of [[['monitor'], [5]], [['coordinator'], [6]]] as const) {
      serve([...roles], [...sites])
      const view = await page()
      expect(view.getByText("Read only: your role does not enter data at this subject's site.")).toBeTruthy()
      expect(view.queryAllByRole('form')).toEqual([])
      expect(view.queryByLabelText("Second verifier's password")).toBeNull()
      cleanup()
    }
  })
})
