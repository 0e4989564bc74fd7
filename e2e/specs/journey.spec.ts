import { expect, test, type Page } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

/** A nurse at the subject's site, created through the admin API, who acts as the second bedside verifier. */
const NURSE = { username: 'e2e.nurse.wang', password: 'second verifier passphrase 7' }

/** Invite the nurse as a coordinator of `siteId` (admin API), then set the password from the invitation link. */
async function createNurse(page: Page, siteId: number) {
  const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }
  const invite = await page.request.post('/api/users', {
    headers: { 'x-csrf-token': csrfToken },
    data: { username: NURSE.username, displayName: 'Wang (nurse)', roles: ['coordinator'], siteIds: [siteId] },
  })
  expect(invite.status()).toBe(201)
  const { setupToken } = (await invite.json()) as { setupToken: string }
  const setup = await page.request.post('/api/setup', { headers: { 'x-csrf-token': csrfToken }, data: { token: setupToken, password: NURSE.password } })
  expect(setup.status()).toBe(200)
}

/** Subject journey: the bedside identity check with a real second verifier refuses a mismatched product and accepts the right one. */
test('bedside verification refuses a mismatched product, blocks the infusion record, and accepts the right product with a second verifier', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)
  const studies = (await (await page.request.get('/api/studies')).json()) as { id: number; registry_id: string }[]
  const study = studies.find((s) => s.registry_id === 'NCT06352281')!
  const detail = (await (await page.request.get(`/api/studies/${study.id}`)).json()) as { subjects: { id: number; code: string }[] }
  const subject = detail.subjects[0]!
  const { site_id: siteId } = (await (await page.request.get(`/api/subjects/${subject.id}`)).json()) as { site_id: number }
  await createNurse(page, siteId)

  await page.goto(`/subjects/${subject.id}`)
  await page.getByRole('link', { name: 'Product chain of identity and custody' }).click()
  const coi = (await page.getByTestId('coi').textContent())!.trim()
  expect(coi).toMatch(/^NCT06352281-/)
  await expect(page.getByText('Chain of custody complete and gap-free.')).toBeVisible()

  await test.step('an apheresis collection with a mistyped DIN check character is flagged before saving, then saved', async () => {
    await page.getByText('Record an apheresis collection').click()
    const form = page.getByRole('form', { name: 'Record an apheresis collection' })
    await form.getByLabel('Collected at').fill('2025-05-02T09:30')
    await form.getByLabel('Facility').fill('KUN01 apheresis unit (second collection)')
    await form.getByLabel('Volume (mL)').fill('160')
    await form.getByTestId('din-input').fill('G123 498 654 321 A')
    await expect(form.getByRole('alert')).toHaveText('Check character A is wrong: ISO 7064 MOD 37-2 gives H. Re-scan or re-type the DIN.')
    await expect(form.getByRole('button', { name: 'Save collection' })).toBeDisabled()
    await form.getByTestId('din-input').fill('G123 498 654 321 H')
    await expect(form.getByText('Valid DIN: G123 498 654 321 H')).toBeVisible()
    await form.getByRole('button', { name: 'Save collection' }).click()
    await expect(form.getByRole('status')).toHaveText('Saved.')
    await expect(page.getByRole('table', { name: 'Apheresis collections' })).toContainText('KUN01 apheresis unit (second collection)')
    await app.screenshot('journey-chain-collection')
  })

  const bedside = page.getByRole('form', { name: 'Bedside identity check' })
  const check = async (scanned: string, password = NURSE.password) => {
    await bedside.getByLabel('Patient wristband (subject code)').fill(subject.code)
    await bedside.getByLabel('Bag ID').fill('E2E-BAG-9')
    await bedside.getByLabel('Scanned bag label COI').fill(scanned)
    await bedside.getByLabel("Second verifier's username").fill(NURSE.username)
    await bedside.getByLabel("Second verifier's password").fill(password)
    await bedside.getByRole('button', { name: 'Verify' }).click()
  }

  await test.step('a mismatched bag label is refused as a deviation, with both verifiers recorded', async () => {
    await check(`${coi.slice(0, -1)}0`)
    const alert = page.locator('[data-result="mismatch"]')
    await expect(alert).toContainText('Mismatch: do not infuse')
    await expect(alert).toContainText('does not match the subject')
    await expect(page.getByRole('row', { name: /E2E-BAG-9/ }).first()).toContainText(`e2e.admin, ${NURSE.username}`)
    await app.screenshot('journey-bedside-mismatch')
  })

  await test.step('the server refuses an infusion record for that bag', async () => {
    await page.getByRole('link', { name: 'Back to the subject' }).click()
    await page.getByRole('link', { name: 'Dosing calculator' }).click()
    await page.getByLabel('Height (cm)').fill('165')
    await page.getByLabel('Weight (kg)').fill('60')
    await page.getByLabel('Age (years)').fill('40')
    await page.getByLabel('Serum creatinine', { exact: true }).fill('0.8')
    await page.getByRole('button', { name: 'Calculate' }).click()
    await expect(page.getByText('1.66 m²')).toBeVisible()
    // the per-kg cell dose takes the weight at leukapheresis (regimen-and-dosing.md §3), weighed on the apheresis date
    const journey = (await (await page.request.get(`/api/subjects/${subject.id}/journey`)).json()) as { events: { event_type: string; occurred_on: string }[] }
    const apheresisOn = journey.events.filter((e) => e.event_type === 'start-apheresis').map((e) => e.occurred_on.slice(0, 10)).sort().at(-1)!
    await expect(page.getByLabel('Weighed on (leukapheresis date)')).toHaveValue(apheresisOn)
    await page.getByLabel('Weight at leukapheresis (kg)').fill('58')
    await page.getByRole('button', { name: 'Calculate' }).click()
    await expect(page.getByText('1.74×10⁷')).toBeVisible() // DL2, 3×10⁵ cells/kg × 58 kg
    await page.getByLabel('Bag ID').fill('E2E-BAG-9')
    await page.getByLabel('Infusion date').fill('2025-06-15')
    await page.getByRole('button', { name: 'Save infusion record' }).click()
    await expect(page.getByRole('alert')).toContainText('"mismatch": the infusion cannot be recorded')
  })

  await test.step('a wrong second-verifier password is refused; the right product with the real second verifier is a match', async () => {
    await page.goto(`/subjects/${subject.id}/product`)
    await expect(page.getByTestId('coi')).toHaveText(coi)
    await check(coi, 'not the nurse password')
    await expect(page.getByRole('alert').filter({ hasText: 'Second verifier refused:' })).toContainText('second verifier: wrong username or password')
    await expect(page.locator('[data-result]')).toHaveCount(0)
    await check(coi)
    const ok = page.locator('[data-result="match"]')
    await expect(ok).toContainText('Match: identity confirmed, infusion may be recorded.')
    await expect(page.getByRole('row', { name: /E2E-BAG-9/ })).toHaveCount(2)
    await app.screenshot('journey-bedside-match')
  })
})
