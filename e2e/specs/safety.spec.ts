import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

test('a bedside oxygen record raises the CRS grade and the alert shows on the subject and study pages', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)

  await test.step('Given a demo subject of NCT06352281 with a Day 0', async () => {
    await page.getByRole('link', { name: 'NCT06352281' }).click()
    await page.getByRole('link', { name: /-001$/ }).click()
    await expect(page.getByRole('heading', { name: /Safety: CRS, ICANS/ })).toBeVisible()
  })

  const entry = page.getByRole('form', { name: 'Quick bedside entry' })
  const alerts = page.getByRole('list', { name: 'Safety alerts' }).first()

  await test.step('When a febrile temperature on room air is saved, Then CRS grade 1 is alerted', async () => {
    await entry.getByLabel('Temperature (°C)').fill('38.6')
    await entry.getByLabel('Systolic BP (mmHg)').fill('118')
    await entry.getByRole('combobox', { name: /^Oxygen/ }).selectOption({ label: 'Room air' })
    await entry.getByRole('button', { name: 'Save bedside record' }).click()
    await expect(entry.getByRole('status')).toHaveText('Saved.')
    await expect(alerts.getByTestId('safety-alert').first()).toContainText('CRS grade 1 (was 0)')
  })

  await test.step('When low-flow oxygen 4 L/min is saved the same day, Then the CRS grade rises to 2 with an alert naming the finding', async () => {
    await entry.getByRole('combobox', { name: /^Oxygen/ }).selectOption({ label: 'Low-flow nasal cannula (≤ 6 L/min)' })
    await entry.getByLabel('Flow (L/min)').fill('4')
    await entry.getByRole('button', { name: 'Save bedside record' }).click()
    const top = alerts.getByTestId('safety-alert').first()
    await expect(top).toContainText('CRS grade 2 (was 1)')
    await expect(top).toContainText('nasal cannula 4 L/min')
    await expect(page.getByTestId('crs-grade').first()).toHaveText('2')
    await app.screenshot('safety-01-subject')
  })

  await test.step('Then the study page lists the open alert, and acknowledging it removes it from the open list', async () => {
    await page.getByRole('link', { name: /Back to the study/ }).click()
    const open = page.getByRole('list', { name: 'Safety alerts' })
    await expect(open.getByTestId('safety-alert').first()).toContainText('CRS grade 2 (was 1)')
    const before = await open.getByTestId('safety-alert').count()
    await app.screenshot('safety-02-study')
    await open.getByRole('button', { name: /Acknowledge alert/ }).first().click()
    await expect(open.getByTestId('safety-alert')).toHaveCount(before - 1)
  })

  await test.step('Then the safety tables count the CRS case', async () => {
    await page.getByRole('link', { name: 'Safety tables by dose level' }).click()
    const crs = page.getByRole('table', { name: 'Cytokine release syndrome (ASTCT 2019)' })
    await expect(crs).toBeVisible()
    await expect(crs.getByRole('row', { name: /Maximum grade 2/ })).toContainText('1 (')
    await app.screenshot('safety-03-tables')
  })
})
