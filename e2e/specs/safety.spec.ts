import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

test('a bedside oxygen record raises the CRS grade and the alert shows on the subject and study pages', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)

  await test.step('Given a demo subject of NCT06352281 with a Day 0', async () => {
    await page.getByRole('link', { name: 'NCT06352281' }).click()
    await page.getByRole('link', { name: /-001$/ }).first().click()
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

  await test.step('When another user enters a grade 4 neutrophil count through the lab route, Then the open study list shows it without a reload', async () => {
    const open = page.getByRole('list', { name: 'Safety alerts' })
    const before = await open.getByTestId('safety-alert').count()
    // entered outside this page (the API, as another client would): the page only learns of it by its live refresh
    const study = (await (await page.request.get('/api/studies')).json()) as { id: number; registry_id: string }[]
    const detail = (await (await page.request.get(`/api/studies/${study.find((s) => s.registry_id === 'NCT06352281')!.id}`)).json()) as { subjects: { id: number; code: string }[] }
    const subject = detail.subjects.find((s) => s.code.endsWith('-002'))!
    const { ld_start_date: ld, infusion_date: day0 } = (await (await page.request.get(`/api/subjects/${subject.id}`)).json()) as { ld_start_date: string; infusion_date: string }
    const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }
    const lab = (value: number, collectedOn: string) =>
      page.request.post(`/api/subjects/${subject.id}/labs`, { headers: { 'x-csrf-token': csrfToken }, data: { testCode: 'NEUT', value, unit: '10^9/L', collectedOn, refLow: 1.8, refHigh: 7.5 } })
    expect((await lab(3.2, ld)).status()).toBe(201)
    const day3 = new Date(Date.parse(`${day0}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10)
    const res = await lab(0.3, day3)
    expect(((await res.json()) as { alerts: { grade: number }[] }).alerts).toMatchObject([{ grade: 4 }])
    await expect(open.getByTestId('safety-alert').first()).toContainText('Lab grade 4', { timeout: 25_000 })
    await expect(open.getByTestId('safety-alert').first()).toContainText(subject.code)
    await expect(open.getByTestId('safety-alert')).toHaveCount(before + 1)
  })

  await test.step('Then the safety tables count the CRS case', async () => {
    await page.getByRole('link', { name: 'Safety tables by dose level' }).click()
    const crs = page.getByRole('table', { name: 'Cytokine release syndrome (ASTCT 2019)' })
    await expect(crs).toBeVisible()
    await expect(crs.getByRole('row', { name: /Maximum grade 2/ })).toContainText('1 (')
    await app.screenshot('safety-03-tables')
  })
})
