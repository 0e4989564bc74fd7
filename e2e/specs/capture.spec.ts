import { expect, test, type Page } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

test.use({ viewport: { width: 820, height: 1180 } })

async function newRecord(page: Page, formType: string, day: number) {
  await page.getByTestId('capture-form-type').selectOption(formType)
  await page.getByTestId('capture-new').click()
  await page.getByTestId('capture-visit-day').fill(String(day))
}
const field = (page: Page, key: string) => page.getByTestId('capture-form').locator(`[data-field="${key}"]`)

async function save(page: Page) {
  const button = page.getByTestId('capture-save')
  await expect(button).toBeEnabled()
  const response = page.waitForResponse((r) => r.url().includes('/forms') && r.request().method() === 'POST')
  await button.click()
  const res = await response
  expect(res.status(), await res.text()).toBe(201)
  await expect(page.getByTestId('capture-form')).toHaveCount(0, { timeout: 15_000 })
}

/** Data capture on a tablet: Day 0-14 vitals, oxygen and a neurological assessment for one demo subject. */
test('enters Day 0-14 vitals, oxygen and ICE records on a tablet and lists them', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)
  const studies = (await (await page.request.get('/api/studies')).json()) as { id: number; registry_id: string }[]
  const study = studies.find((s) => s.registry_id === 'NCT06352281')!
  const detail = (await (await page.request.get(`/api/studies/${study.id}`)).json()) as { subjects: { id: number; code: string; infusion_date: string | null }[] }
  const subject = [...detail.subjects].reverse().find((s) => s.infusion_date !== null)!
  await page.goto(`/subjects/${subject.id}`)
  const section = page.getByTestId('capture-section')
  await expect(section.getByRole('heading', { name: 'Data entry' })).toBeVisible()
  await expect(page.getByTestId('capture-form-type')).toBeVisible() // the list has loaded
  const before = await section.getByTestId('capture-row').count()

  // vital signs on Days 0, 7 and 14
  for (const [day, temp, hr] of [[0, '37.2', '88'], [7, '38.4', '104'], [14, '36.8', '76']] as const) {
    await newRecord(page, 'vital_signs', day)
    await field(page, 'temperatureC').fill(temp)
    await field(page, 'systolicMmHg').fill('118')
    await field(page, 'diastolicMmHg').fill('74')
    await field(page, 'heartRate').fill(hr)
    await field(page, 'spo2Percent').fill('97')
    await save(page)
  }

  // oxygen: live edit check refuses 7 L/min as low-flow (ASTCT 2019: low-flow <= 6 L/min)
  await newRecord(page, 'oxygen', 7)
  await field(page, 'delivery').selectOption('low_flow')
  await field(page, 'flowLpm').fill('7')
  await expect(page.getByTestId('capture-form').getByRole('status')).toContainText('Low-flow is at most 6 L/min')
  await expect(page.getByTestId('capture-save')).toBeDisabled()
  await field(page, 'flowLpm').fill('4')
  await expect(page.getByTestId('capture-derived').locator('[data-derived="crsHypoxiaGrade"]')).toHaveText('2')
  await save(page)

  // neuro on Day 3: ICE total and ICANS grade derived live from the ten items
  await newRecord(page, 'neuro', 3)
  const items = ['orientation.year', 'orientation.month', 'orientation.city', 'orientation.hospital', 'naming.0', 'naming.1', 'naming.2', 'followsCommands', 'writesStandardSentence', 'countsBackwardsBy10']
  for (const k of items) await field(page, `iceItems.${k}`).selectOption(k === 'orientation.hospital' || k === 'writesStandardSentence' ? 'no' : 'yes')
  await field(page, 'consciousness').selectOption('normal')
  await field(page, 'seizure').selectOption('none')
  await field(page, 'deepFocalMotorWeakness').selectOption('no')
  await field(page, 'raisedIcp').selectOption('none')
  await expect(page.getByTestId('capture-save')).toBeDisabled() // intracranial haemorrhage must be answered (ICANS-4)
  await field(page, 'intracranialHaemorrhage').selectOption('no')
  const derived = page.getByTestId('capture-derived')
  await expect(derived.locator('[data-derived="iceTotal"]')).toHaveText('8')
  await expect(derived.locator('[data-derived="icansGrade"]')).toHaveText('1')
  await page.getByTestId('capture-form').screenshot({ path: 'artifacts/e2e/capture-tablet-neuro-form.png' })
  await save(page)

  await expect(section.getByTestId('capture-row')).toHaveCount(before + 5)
  const vitals = page.getByTestId('capture-list-vital_signs')
  for (const label of ['Day 0', 'Day 7', 'Day 14']) await expect(vitals.getByRole('row', { name: new RegExp(`^${label} `) }).first()).toBeVisible()
  await expect(vitals).toContainText('T 38.4 °C')
  await expect(page.getByTestId('capture-list-oxygen')).toContainText('Low-flow nasal cannula (≤ 6 L/min) 4 L/min')
  await expect(page.getByTestId('capture-list-neuro')).toContainText('ICE 8 · ICANS 1')
  await section.scrollIntoViewIfNeeded()
  await app.screenshot('capture-tablet-list')
})
