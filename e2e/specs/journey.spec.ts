import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

/** Subject journey: the bedside identity check refuses a mismatched product, and the infusion cannot be recorded. */
test('bedside verification refuses a mismatched product and blocks the infusion record', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)
  const studies = (await (await page.request.get('/api/studies')).json()) as { id: number; registry_id: string }[]
  const study = studies.find((s) => s.registry_id === 'NCT06352281')!
  const detail = (await (await page.request.get(`/api/studies/${study.id}`)).json()) as { subjects: { id: number; code: string }[] }
  const subject = detail.subjects[0]!

  await page.goto(`/subjects/${subject.id}`)
  await page.getByRole('link', { name: 'Product chain of identity and custody' }).click()
  const coi = (await page.getByTestId('coi').textContent())!.trim()
  expect(coi).toMatch(/^NCT06352281-/)
  await expect(page.getByText('Chain of custody complete and gap-free.')).toBeVisible()

  await page.getByLabel('Patient wristband (subject code)').fill(subject.code)
  await page.getByLabel('Bag ID').fill('E2E-BAG-9')
  await page.getByLabel('Scanned bag label COI').fill(`${coi.slice(0, -1)}0`)
  await page.getByLabel('Second verifier').fill('nurse Wang')
  await page.getByRole('button', { name: 'Verify' }).click()
  const alert = page.locator('[data-result="mismatch"]')
  await expect(alert).toContainText('Mismatch: do not infuse')
  await expect(alert).toContainText('does not match the subject')
  await app.screenshot('journey-bedside-mismatch')

  // the server refuses an infusion record for that bag
  await page.getByRole('link', { name: 'Back to the subject' }).click()
  await page.getByRole('link', { name: 'Dosing calculator' }).click()
  await page.getByLabel('Height (cm)').fill('165')
  await page.getByLabel('Weight (kg)').fill('60')
  await page.getByLabel('Age (years)').fill('40')
  await page.getByLabel('Serum creatinine', { exact: true }).fill('0.8')
  await page.getByRole('button', { name: 'Calculate' }).click()
  await expect(page.getByText('1.66 m²')).toBeVisible()
  await page.getByLabel('Bag ID').fill('E2E-BAG-9')
  await page.getByLabel('Infusion date').fill('2025-06-15')
  await page.getByRole('button', { name: 'Save infusion record' }).click()
  await expect(page.getByRole('alert')).toContainText('"mismatch": the infusion cannot be recorded')
})
