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

/**
 * Every form type's list in full: the page lists the latest 25 records of a type, and the demo subjects already
 * carry their Day 0-14 bedside monitoring, so a count of rows is taken with each list opened in full.
 */
async function showAll(page: Page) {
  await expect(page.getByTestId('capture-section').getByTestId('capture-row').first()).toBeVisible() // the lists have loaded
  const buttons = page.getByTestId('capture-section').getByRole('button', { name: /^Show all \d+/ })
  const opened = page.getByTestId('capture-section').getByRole('button', { name: /^Show only the latest/ })
  while ((await buttons.count()) > 0) {
    const n = await opened.count()
    await buttons.first().click()
    await expect(opened).toHaveCount(n + 1) // the lists have loaded again, this one in full
  }
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
  await showAll(page)
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

  await showAll(page)
  await expect(section.getByTestId('capture-row')).toHaveCount(before + 5)
  const vitals = page.getByTestId('capture-list-vital_signs')
  for (const label of ['Day 0', 'Day 7', 'Day 14']) await expect(vitals.getByRole('row', { name: new RegExp(`^${label} `) }).first()).toBeVisible()
  await expect(vitals).toContainText('T 38.4 °C')
  await expect(page.getByTestId('capture-list-oxygen')).toContainText('Low-flow nasal cannula (≤ 6 L/min) 4 L/min')
  await expect(page.getByTestId('capture-list-neuro')).toContainText('ICE 8 · ICANS 1')
  await section.scrollIntoViewIfNeeded()
  await app.screenshot('capture-tablet-list')
})

/**
 * The bedside course: every scheduled visit Day 0 to Day 14 of NCT06352281 for one subject on a tablet.
 * Per visit the protocol asks for CRS and ICANS grading (vitals, oxygen when hypoxic, ICE); bleeding and adverse
 * events as they occur; CAR kinetics on Days 0, 4, 7, 10, 14 and CD19+ B cells on Days 0, 7, 14 (protocol.json
 * visitSchedule). Platelet counts are lab results, entered outside the eCRF forms.
 */
test('enters a full Day 0-Day 14 course for one subject on a tablet', async ({ page }) => {
  test.setTimeout(300_000)
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)
  const studies = (await (await page.request.get('/api/studies')).json()) as { id: number; registry_id: string }[]
  const study = studies.find((s) => s.registry_id === 'NCT06352281')!
  const detail = (await (await page.request.get(`/api/studies/${study.id}`)).json()) as { subjects: { id: number; infusion_date: string | null }[] }
  const subject = detail.subjects.filter((s) => s.infusion_date !== null)[1]!
  await page.goto(`/subjects/${subject.id}`)
  const section = page.getByTestId('capture-section')
  await expect(page.getByTestId('capture-form-type')).toBeVisible()
  await showAll(page)
  const before = await section.getByTestId('capture-row').count()
  const days = Array.from({ length: 15 }, (_, d) => d)
  // a mild CRS course: fever from Day 2, low-flow oxygen on Days 3-4, ICE dips on Day 4, settled by Day 7
  const temperature = (d: number) => (d >= 2 && d <= 5 ? (d === 3 ? '39.1' : '38.3') : '36.9')
  const iceMisses = (d: number) => (d === 4 ? 2 : 0)
  const items = ['orientation.year', 'orientation.month', 'orientation.city', 'orientation.hospital', 'naming.0', 'naming.1', 'naming.2', 'followsCommands', 'writesStandardSentence', 'countsBackwardsBy10']

  for (const day of days) {
    await newRecord(page, 'vital_signs', day)
    await field(page, 'temperatureC').fill(temperature(day))
    await field(page, 'systolicMmHg').fill('112')
    await field(page, 'diastolicMmHg').fill('70')
    await field(page, 'heartRate').fill(day >= 2 && day <= 5 ? '112' : '80')
    await field(page, 'spo2Percent').fill(day === 3 || day === 4 ? '92' : '97')
    await save(page)

    if (day === 3 || day === 4) {
      await newRecord(page, 'oxygen', day)
      await field(page, 'delivery').selectOption('low_flow')
      await field(page, 'flowLpm').fill('2')
      await save(page)
    }

    await newRecord(page, 'neuro', day)
    for (const [i, k] of items.entries()) await field(page, `iceItems.${k}`).selectOption(i < iceMisses(day) ? 'no' : 'yes')
    await field(page, 'consciousness').selectOption('normal')
    await field(page, 'seizure').selectOption('none')
    await field(page, 'deepFocalMotorWeakness').selectOption('no')
    await field(page, 'raisedIcp').selectOption('none')
    await field(page, 'intracranialHaemorrhage').selectOption('no')
    await expect(page.getByTestId('capture-derived').locator('[data-derived="iceTotal"]')).toHaveText(String(10 - iceMisses(day)))
    await save(page)

    if ([0, 4, 7, 10, 14].includes(day)) {
      await newRecord(page, 'correlative', day)
      await field(page, 'carCopiesPerUgGdna').fill(String(day === 0 ? 0 : 1000 * (day + 1)))
      if ([0, 7, 14].includes(day)) await field(page, 'cd19BCellsPerUl').fill(day === 0 ? '85' : '0')
      await save(page)
    }
  }

  // events as they occurred: petechiae on Day 1, CRS grade 2 (fever with low-flow oxygen) Days 2-6
  await newRecord(page, 'bleeding_event', 1)
  await field(page, 'site').selectOption('petechiae')
  await field(page, 'whoGrade').selectOption('1')
  await field(page, 'itpBatGrade').selectOption('1')
  await save(page)
  await newRecord(page, 'adverse_event', 2)
  await field(page, 'ctcaeTerm').fill('Cytokine release syndrome')
  await field(page, 'grade').selectOption('2')
  await field(page, 'attribution').selectOption('definite')
  await field(page, 'outcome').selectOption('recovered')
  const infusion = subject.infusion_date!
  const day6 = new Date(Date.parse(`${infusion}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10)
  await field(page, 'end').fill(day6)
  await save(page)

  await showAll(page)
  await expect(section.getByTestId('capture-row')).toHaveCount(before + 15 + 2 + 15 + 5 + 2)
  for (const list of ['capture-list-vital_signs', 'capture-list-neuro'])
    for (const day of days) await expect(page.getByTestId(list).getByRole('row', { name: new RegExp(`^Day ${day} `) }).first()).toBeVisible()
  await expect(page.getByTestId('capture-list-neuro').getByRole('row', { name: /^Day 4 / }).first()).toContainText('ICE 8 · ICANS 1')
  await expect(page.getByTestId('capture-list-oxygen').getByRole('row', { name: /^Day 3 / }).first()).toContainText('2 L/min')
  await expect(page.getByTestId('capture-list-adverse_event')).toContainText('Cytokine release syndrome G2')
  await page.getByTestId('capture-list-vital_signs').screenshot({ path: 'artifacts/e2e/capture-tablet-day0-14-vitals.png' })
})

/** A bedside casebook grows by dozens of vital signs a day: the page lists the latest 25 of a form type, all on request. */
test('lists the latest 25 vital signs of a long casebook, and all of them on request', async ({ page }) => {
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)
  const studies = (await (await page.request.get('/api/studies')).json()) as { id: number; registry_id: string }[]
  const study = studies.find((s) => s.registry_id === 'NCT06352281')!
  const detail = (await (await page.request.get(`/api/studies/${study.id}`)).json()) as { subjects: { id: number; infusion_date: string | null }[] }
  const subject = detail.subjects.filter((s) => s.infusion_date !== null)[0]!
  const headers = { 'x-csrf-token': ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken }
  const day = subject.infusion_date!
  // 30 bedside entries on the infusion day, every 30 minutes (the last one is the latest)
  for (let i = 0; i < 30; i++) {
    const at = `${day}T${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`
    const res = await page.request.post(`/api/subjects/${subject.id}/forms`, {
      headers,
      data: { formType: 'vital_signs', data: { measuredAt: at, temperatureC: 37, systolicMmHg: 120, diastolicMmHg: 75, heartRate: 60 + i, spo2Percent: 98 } },
    })
    expect(res.status(), await res.text()).toBe(201)
  }
  const latest = (await (await page.request.get(`/api/subjects/${subject.id}/forms?limit=1&type=vital_signs`)).json()) as { totals: { records: { vital_signs: number } }; records: { data: { heartRate: number } }[] }
  const total = latest.totals.records.vital_signs
  expect(total).toBeGreaterThanOrEqual(30)
  await page.goto(`/subjects/${subject.id}`)
  const list = page.getByTestId('capture-list-vital_signs')
  await expect(list.getByTestId('capture-row')).toHaveCount(25)
  // the latest record (other specs may have added later ones to this subject) is listed, in date order: last
  await expect(list.getByTestId('capture-row').last()).toContainText(`HR ${latest.records[0]!.data.heartRate}`)
  await expect(page.getByTestId('capture-more-vital_signs')).toContainText(`The latest 25 of ${total} records.`)
  await page.getByTestId('capture-more-vital_signs').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'artifacts/e2e/capture-paged.png' })
  await page.getByRole('button', { name: `Show all ${total}` }).click()
  await expect(list.getByTestId('capture-row')).toHaveCount(total)
  await page.getByRole('button', { name: 'Show only the latest 25' }).click()
  await expect(list.getByTestId('capture-row')).toHaveCount(25)
})
