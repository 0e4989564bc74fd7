import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

test('demo subject 1 shows its response status; the study page shows ORR with its exact CI', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)
  await page.getByRole('link', { name: 'NCT06352281' }).click()
  const efficacy = page.getByRole('region', { name: 'Efficacy summary' })
  await expect(efficacy.getByTestId('orr')).toContainText(/\d\/4, \d+\.\d % \(\d+\.\d–\d+\.\d\)/)
  await expect(efficacy.getByRole('table', { name: 'Best overall response' })).toBeVisible()
  await app.screenshot('response-study')

  await page.getByRole('link', { name: /-001$/ }).first().click()
  const section = page.getByRole('region', { name: 'Response (ITP)' })
  await expect(section.getByTestId('response-status')).toHaveText(/^In response: (CR|R)$/)
  await expect(section.getByRole('img', { name: 'Platelet count against the response thresholds' })).toBeVisible()
  await expect(section.getByTestId('mark-confirming').first()).toBeAttached()
  await expect(section.locator('[data-excluded="true"]').first()).toBeAttached()
  await app.screenshot('response-subject')
})
