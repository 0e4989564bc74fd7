import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

test('pre-screening ranks the four trials, and the per-trial screening form updates criterion status live', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)

  await test.step('When a refractory primary ITP profile is pre-screened, Then every trial is listed, most promising first', async () => {
    await page.getByRole('link', { name: 'Pre-screening' }).click()
    await page.getByLabel('Age (years)').fill('40')
    await page.getByLabel('Sex').selectOption('female')
    await page.getByLabel('Diagnosis').selectOption('primary-itp')
    await page.getByLabel('Disease duration (months)').fill('30')
    await page.getByLabel('Platelet count (10^9/L)').fill('15')
    await page.getByRole('button', { name: 'Pre-screen' }).click()
    const table = page.getByRole('table', { name: 'Trials, most promising first' })
    const rows = table.locator('tbody tr')
    await expect(rows).toHaveCount(4)
    const trials = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trial')))
    expect(trials.at(-1)).toBe('NCT06826430')
    const rank = { eligible: 0, incomplete: 1, ineligible: 2 } as Record<string, number>
    const verdicts = await table.locator('tbody [data-verdict]').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict') ?? ''))
    expect(verdicts.map((v) => rank[v])).toEqual([...verdicts.map((v) => rank[v])].sort())
    // SLE-ITP trial: a primary ITP diagnosis fails its inclusion criterion, named in the row
    await expect(rows.last()).toContainText('Ineligible')
    await expect(rows.last()).toContainText('INC-2')
    await app.screenshot('screening-01-prescreen')
  })

  await test.step('When the coordinator opens the NCT06352281 form, Then each criterion status follows the typing', async () => {
    await page.getByRole('link', { name: 'NCT06352281' }).click()
    await expect(page.getByRole('heading', { name: /Screening for NCT06352281/ })).toBeVisible()
    const inc5 = page.locator('tr[data-criterion="INC-5"]')
    await expect(inc5).toContainText('Missing data')
    await page.getByLabel('Platelet count (10^9/L)').fill('12')
    await expect(inc5).toContainText('Met')
    await expect(page.getByTestId('live-summary')).toContainText('0 not met')
    await page.getByLabel('Platelet count (10^9/L)').fill('45')
    await expect(inc5).toContainText('Not met')
    await expect(page.getByRole('heading', { name: /Criterion status/ })).toContainText('Ineligible')
    const inc2 = page.locator('tr[data-criterion="INC-2"]')
    await expect(inc2).toContainText('Missing data')
    await page.getByLabel('Date of birth').fill('1985-01-01')
    await expect(inc2).toContainText('Met')
  })

  await test.step('When the attempt is saved, Then the server verdict is shown and the screening log lists it', async () => {
    await page.getByLabel('Screening number or subject code').fill('E2E-SCR-01')
    await page.getByRole('button', { name: 'Save to the screening log' }).click()
    await expect(page.getByText(/Saved E2E-SCR-01/)).toBeVisible()
    const log = page.getByRole('table', { name: 'Screening log' })
    await expect(log.locator('tbody tr', { hasText: 'E2E-SCR-01' })).toContainText('Ineligible')
    await expect(log.locator('tbody tr', { hasText: 'E2E-SCR-01' })).toContainText('INC-5')
    await app.screenshot('screening-02-form')
  })

  await test.step('When the protocol is opened, Then the endpoint definitions are generated from its parameters', async () => {
    await page.getByRole('link', { name: 'Read the protocol' }).click()
    await expect(page.getByTestId('endpoint-definitions')).toContainText(
      'platelet count > 30 x10^9/L and at least doubling of baseline, confirmed on 2 counts >= 7 days apart, without bleeding',
    )
    await expect(page.getByRole('table', { name: 'Schedule of assessments' })).toBeVisible()
  })
})
