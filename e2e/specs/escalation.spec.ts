import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

test('NCT06352281 escalation panel shows the 3+3 rules; the OC simulator draws its charts', async ({ page }) => {
  await new AppPage(page).loginAsAdmin(E2E_SETUP_TOKEN)
  await page.getByRole('link', { name: 'NCT06352281' }).first().click()
  const panel = page.locator('[data-section="escalation"]')
  await expect(panel.getByRole('heading', { name: 'Dose escalation' })).toBeVisible()
  await expect(panel.getByRole('table', { name: '3+3 rules' })).toContainText('1/3 DLT: treat 3 more at this dose')
  await expect(panel.getByRole('table', { name: 'DLT-evaluable subjects and DLTs per dose level' })).toContainText('DL2')
  // the demo subjects have no signed DLT assessment yet: nothing is recommended
  await expect(panel.getByTestId('escalation-recommendation')).toContainText('No recommendation')

  await panel.getByRole('link', { name: 'Operating characteristics' }).click()
  await expect(page.getByRole('heading', { name: 'Operating characteristics simulator' })).toBeVisible()
  await page.getByLabel('Design').selectOption('BOIN')
  await page.getByLabel('Simulated trials').fill('2000')
  await page.getByRole('button', { name: 'Run the simulation' }).click()
  const result = page.getByTestId('oc-result')
  await expect(result.getByTestId('oc-selection-chart')).toBeVisible()
  await expect(result.getByTestId('oc-selection-chart').locator('rect')).toHaveCount(2)
  await expect(result.getByRole('table', { name: 'Operating characteristics per dose' })).toContainText('D2')
  await page.screenshot({ path: 'test-results/escalation-oc.png', fullPage: true })
})
