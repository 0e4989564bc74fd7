import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

/** The seed protocol of NCT06352281 as authored (version 1.0: R = platelet count > 30 x10^9/L). */
const seed = JSON.parse(readFileSync(new URL('../../packages/protocols/NCT06352281/protocol.json', import.meta.url), 'utf8')) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON edited field by field

/** Amendment 1.1, effective today: the response threshold rises to 50 x10^9/L. */
function amendment(effectiveDate: string) {
  const p = structuredClone(seed)
  p.version = { number: '1.1', effectiveDate, status: 'approved', supersedes: '1.0', summary: 'Amendment 1: response threshold 50' }
  p.endpoints.response.rThreshold = 50
  return p
}

test('an amended NCT06352281 protocol is uploaded, its differences shown, and a demo subject re-consented', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)
  const studies = (await (await page.request.get('/api/studies')).json()) as { id: number; registry_id: string }[]
  const study = studies.find((s) => s.registry_id === 'NCT06352281')!
  const today = new Date().toISOString().slice(0, 10)

  await test.step('When the admin opens the protocol page, Then version 1.0 is listed with its effective date', async () => {
    await page.goto(`/studies/${study.id}/protocol`)
    const versions = page.getByRole('table', { name: 'Protocol versions' })
    await expect(versions.locator('tbody tr')).toHaveCount(1)
    await expect(versions).toContainText('1.0')
    await expect(versions).toContainText('2025-06-20')
  })

  await test.step('When a file with schema errors is uploaded, Then every error is shown with its path and nothing is stored', async () => {
    const bad = amendment('2025-13-01')
    bad.arms[0].doseLevels[0].dose.cellsPerKg = -5
    await page.getByLabel('Protocol JSON').fill(JSON.stringify(bad))
    await page.getByRole('button', { name: 'Upload version' }).click()
    const problems = page.getByRole('list', { name: 'Problems in the file' })
    await expect(problems).toContainText('protocol.version.effectiveDate')
    await expect(problems).toContainText('protocol.arms.0.doseLevels.0.dose.cellsPerKg')
    await expect(page.getByRole('table', { name: 'Protocol versions' }).locator('tbody tr')).toHaveCount(1)
  })

  await test.step('When the amendment is uploaded, Then version 1.1 is listed and the diff shows the threshold 30 -> 50', async () => {
    await page.getByLabel('Protocol JSON').fill(JSON.stringify(amendment(today)))
    await page.getByLabel('Note').fill('IRB approval of amendment 1')
    await page.getByRole('button', { name: 'Upload version' }).click()
    await expect(page.getByRole('status')).toContainText('Version 1.1 saved')
    const versions = page.getByRole('table', { name: 'Protocol versions' })
    await expect(versions.locator('tbody tr')).toHaveCount(2)
    await expect(versions.locator('tbody tr').last()).toContainText('in force today')
    const diff = page.getByRole('table', { name: 'Changes from version 1.0 to 1.1' })
    const row = diff.locator('tbody tr', { hasText: 'rThreshold' })
    await expect(row).toContainText('Endpoints')
    await expect(row.locator('td').nth(3)).toHaveText('30')
    await expect(row.locator('td').nth(4)).toHaveText('50')
    await expect(diff.locator('tbody tr')).toHaveCount(1)
    await diff.scrollIntoViewIfNeeded()
    await app.screenshot('protocol-amendment-01-diff')
    await page.getByRole('region', { name: 'Protocol versions' }).screenshot({ path: 'artifacts/e2e/protocol-amendment-01b-versions.png' })
  })

  await test.step('When a demo subject is opened, Then it is still on 1.0; after re-consent it is on 1.1', async () => {
    const detail = (await (await page.request.get(`/api/studies/${study.id}`)).json()) as { subjects: { id: number; code: string; is_demo: boolean }[] }
    const subject = detail.subjects.find((s) => s.is_demo)!
    await page.goto(`/subjects/${subject.id}`)
    const version = page.getByTestId('consented-version')
    await expect(version).toContainText('On protocol version 1.0')
    const form = page.getByRole('form', { name: 'Re-consent to a later version' })
    await form.getByLabel('Version').selectOption({ label: `1.1 (effective ${today})` })
    await form.getByLabel('Consent date').fill(today)
    await form.getByLabel('Note').fill('amendment 1 consent form signed')
    await form.getByRole('button', { name: 'Record re-consent' }).click()
    await expect(version).toContainText('On protocol version 1.1')
    const history = page.getByRole('table', { name: 'Consents' })
    await expect(history.locator('tbody tr')).toHaveCount(2)
    await expect(history.locator('tbody tr').last()).toContainText('re-consent')
    await expect(history.locator('tbody tr').last()).toContainText('amendment 1 consent form signed')
    await expect(page.getByText('The subject is on the newest protocol version.')).toBeVisible()
    await page.getByRole('heading', { name: 'Consent and protocol version' }).scrollIntoViewIfNeeded()
    await app.screenshot('protocol-amendment-02-reconsent')
    await page.getByRole('region', { name: 'Consent and protocol version' }).screenshot({ path: 'artifacts/e2e/protocol-amendment-02b-consent.png' })
  })
})
