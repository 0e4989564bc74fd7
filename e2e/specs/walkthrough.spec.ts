import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

test('a first admin sets up, opens a study and a subject, sees the platelet chart, and switches to Chinese', async ({ page }) => {
  const app = new AppPage(page)

  await test.step('When the first admin redeems the one-time setup link and logs in', async () => {
    await app.loginAsAdmin(E2E_SETUP_TOKEN)
  })

  await test.step('Then the four seed trials are listed', async () => {
    const rows = page.getByRole('row')
    await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible()
    for (const id of ['NCT05315778', 'NCT06337474', 'NCT06352281', 'NCT06826430']) await expect(page.getByRole('link', { name: id })).toBeVisible()
    await expect(rows).toHaveCount(5)
    await expect(page.getByRole('note')).toContainText('Embedded database')
    await app.screenshot('01-studies')
  })

  await test.step('When the admin opens NCT06352281, Then its dose levels and demo subjects show', async () => {
    await page.getByRole('link', { name: 'NCT06352281' }).click()
    await expect(page.getByRole('heading', { name: /NCT06352281/ })).toBeVisible()
    await expect(page.getByText('Demo data').first()).toBeVisible()
    await expect(page.getByRole('link', { name: /-001$/ }).first()).toBeVisible()
    await app.screenshot('02-study')
  })

  await test.step('When the admin opens the first subject, Then the platelet chart shows every count and the 30/100 lines', async () => {
    await page.getByRole('link', { name: /-001$/ }).first().click()
    const chart = page.getByTestId('platelet-chart')
    await expect(chart).toBeVisible()
    await expect(chart.getByTestId('platelet-point')).toHaveCount(22)
    await expect(chart.getByTestId('threshold')).toHaveCount(2)
    await app.screenshot('03-subject')
  })

  await test.step('When the admin follows "Data entry" under "On this page", Then the data entry section scrolls into view', async () => {
    const sections = page.getByRole('navigation', { name: 'On this page' })
    await expect(sections.getByRole('link')).toHaveText(['Platelet count', 'Safety: CRS, ICANS, lab AEs and SAEs', 'Journey', 'Consent and protocol version', 'Response (ITP)', 'DLT assessment', 'Data entry'])
    await sections.getByRole('link', { name: 'Data entry' }).click()
    await expect(page).toHaveURL(/#section-capture$/)
    await expect(page.getByRole('heading', { name: 'Data entry', level: 2 })).toBeInViewport()
    await expect(page.getByRole('heading', { name: 'Platelet count', level: 2 })).not.toBeInViewport()
  })

  await test.step('When the language is switched to Simplified Chinese, Then the page reads in Chinese', async () => {
    await app.switchLanguage('简体中文')
    await expect(page.getByRole('heading', { name: '血小板计数' })).toBeVisible()
    await expect(page.getByText('返回研究')).toBeVisible()
    await expect(page.getByRole('img', { name: '血小板计数' })).toBeVisible()
    await app.screenshot('04-subject-zh')
  })
})
