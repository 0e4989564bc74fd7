import { expect, test, type Browser, type Page } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

/**
 * Review of captured data by role (ICH E6(R3) §3.11.4; 21 CFR 11.50/11.200): a monitor queries and verifies,
 * the site answers and corrects, the author closes; an investigator signs with their password; a data manager
 * locks and unlocks with a reason. Each role works in its own browser context, as on their own devices.
 */
test.use({ viewport: { width: 1280, height: 1000 } })

const PASSWORD = 'review workflow passphrase 77'
type Role = 'monitor' | 'coordinator' | 'investigator' | 'data_manager'

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken
}

/** An invited user with a password, made through the admin API as the e2e admin. */
async function makeUser(admin: Page, role: Role, siteIds: number[], suffix: string): Promise<string> {
  const username = `e2e.${role.replace('_', '')}.${suffix}`
  const headers = { 'x-csrf-token': await csrf(admin) }
  const res = await admin.request.post('/api/users', { headers, data: { username, displayName: `E2E ${role} ${suffix}`, roles: [role], siteIds } })
  expect(res.status(), await res.text()).toBe(201)
  const { setupToken } = (await res.json()) as { setupToken: string }
  const setup = await admin.request.post('/api/setup', { headers, data: { token: setupToken, password: PASSWORD } })
  expect(setup.status(), await setup.text()).toBe(200)
  return username
}

async function loginAs(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage()
  await new AppPage(page).login(username, PASSWORD)
  await expect(page.getByRole('button', { name: /Log out/ })).toBeVisible()
  return page
}

const review = (page: Page) => page.getByTestId('capture-review')
const fieldRow = (page: Page, key: string) => review(page).locator(`tr[data-review-field="${key}"]`)

async function openRecord(page: Page, subjectId: number, recordId: number) {
  await page.goto(`/subjects/${subjectId}?record=${recordId}`)
  await expect(review(page)).toBeVisible()
}

test('query, SDV, e-signature (form and visit) and lock workflows across roles', async ({ page, browser }) => {
  test.setTimeout(180_000)
  const app = new AppPage(page)
  await app.loginAsAdmin(E2E_SETUP_TOKEN)
  const studies = (await (await page.request.get('/api/studies')).json()) as { id: number; registry_id: string }[]
  const study = studies.find((s) => s.registry_id === 'NCT06352281')!
  const detail = (await (await page.request.get(`/api/studies/${study.id}`)).json()) as { subjects: { id: number; code: string; infusion_date: string | null }[] }
  const subject = detail.subjects.find((s) => s.infusion_date !== null)!
  const forms = (await (await page.request.get(`/api/subjects/${subject.id}/forms`)).json()) as { subject: { siteId: number } }
  const siteId = forms.subject.siteId
  const suffix = Date.now().toString(36)
  const users = {
    monitor: await makeUser(page, 'monitor', [siteId], suffix),
    coordinator: await makeUser(page, 'coordinator', [siteId], suffix),
    investigator: await makeUser(page, 'investigator', [siteId], suffix),
    dataManager: await makeUser(page, 'data_manager', [], suffix),
  }
  const day1 = new Date(Date.parse(`${subject.infusion_date!}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  const created = await page.request.post(`/api/subjects/${subject.id}/forms`, {
    headers: { 'x-csrf-token': await csrf(page) },
    data: { formType: 'vital_signs', visitDay: 1, visitLabel: 'Day 1', data: { measuredAt: `${day1}T08:00`, temperatureC: 37.2, systolicMmHg: 118, diastolicMmHg: 74, heartRate: 88, spo2Percent: 97 } },
  })
  expect(created.status(), await created.text()).toBe(201)
  const recordId = ((await created.json()) as { id: number }).id

  const monitor = await loginAs(browser, users.monitor)
  const coordinator = await loginAs(browser, users.coordinator)
  const investigator = await loginAs(browser, users.investigator)
  const dm = await loginAs(browser, users.dataManager)

  await test.step('a monitor raises a query on a field and verifies fields against source', async () => {
    await openRecord(monitor, subject.id, recordId)
    await expect(monitor.getByTestId('capture-new')).toHaveCount(0) // monitors never enter data
    await expect(review(monitor).getByRole('button', { name: 'Correct' })).toHaveCount(0)
    await expect(review(monitor).getByRole('button', { name: 'Sign form' })).toHaveCount(0)
    await review(monitor).getByRole('button', { name: 'Raise a query on Temperature' }).click()
    await monitor.getByTestId('capture-raise-query').getByLabel('Query on Temperature').fill('Source worksheet says 37.4 °C')
    await monitor.getByTestId('capture-raise-query').getByRole('button', { name: 'Raise query' }).click()
    await expect(fieldRow(monitor, 'temperatureC').getByTestId('capture-field-query-badge')).toHaveText('1 open queries')
    await expect(monitor.getByTestId('capture-list-vital_signs').getByRole('row', { name: /^Day 1 / }).getByTestId('capture-form-query-badge')).toHaveText('1 open queries')
    await review(monitor).getByRole('button', { name: 'Verify Heart rate against source' }).click()
    await expect(fieldRow(monitor, 'heartRate').locator('[data-sdv]')).toHaveAttribute('data-sdv', 'verified')
    await review(monitor).getByRole('button', { name: 'Verify whole form' }).click()
    await expect(fieldRow(monitor, '').locator('[data-sdv]')).toHaveAttribute('data-sdv', 'verified')
    await expect(monitor.getByTestId('capture-subject-sdv')).toContainText('forms verified')
    await review(monitor).screenshot({ path: 'artifacts/e2e/capture-review-monitor.png' })
  })

  await test.step('the site answers the query and corrects the value with a reason; the change resets SDV of that form', async () => {
    await openRecord(coordinator, subject.id, recordId)
    await expect(review(coordinator).getByRole('button', { name: /Raise a query/ })).toHaveCount(0)
    const query = review(coordinator).getByTestId('capture-query')
    await query.getByRole('button', { name: 'Answer' }).click()
    await query.getByLabel(/Your answer/).fill('Transcription error, corrected to 37.4')
    await query.getByRole('button', { name: 'Send answer' }).click()
    await expect(query).toHaveAttribute('data-query-status', 'answered')
    await review(coordinator).getByRole('button', { name: 'Correct' }).click()
    const form = coordinator.getByTestId('capture-form')
    await expect(form.getByTestId('capture-entry-query-badge')).toHaveCount(1) // the queried field is flagged while correcting
    await expect(form.locator('label').filter({ has: coordinator.locator('[data-field="temperatureC"]') }).getByTestId('capture-entry-query-badge')).toHaveText('1 unresolved queries')
    await form.locator('[data-field="temperatureC"]').fill('37.4')
    await expect(coordinator.getByTestId('capture-save')).toBeDisabled() // a correction needs a reason for change
    await coordinator.getByTestId('capture-change-reason').fill('Transcription error (query answered)')
    const put = coordinator.waitForResponse((r) => r.url().includes(`/api/forms/${recordId}`) && r.request().method() === 'PUT')
    await coordinator.getByTestId('capture-save').click()
    expect((await put).status()).toBe(200)
    await expect(review(coordinator)).toBeVisible()
    await expect(fieldRow(coordinator, 'temperatureC')).toContainText('37.4')
    await expect(fieldRow(coordinator, '').locator('[data-sdv]')).toHaveAttribute('data-sdv', 'reset')
    await expect(fieldRow(coordinator, 'heartRate').locator('[data-sdv]')).toHaveAttribute('data-sdv', 'verified')
    await expect(coordinator.getByTestId('capture-list-vital_signs').getByRole('row', { name: /^Day 1 / }).getByTestId('capture-sdv-reset-badge')).toBeVisible()
  })

  await test.step('only the author closes the query', async () => {
    await openRecord(monitor, subject.id, recordId)
    const query = review(monitor).getByTestId('capture-query')
    await expect(query).toContainText('Transcription error, corrected to 37.4')
    await query.getByRole('button', { name: 'Close query' }).click()
    await query.getByLabel(/Closing note/).fill('Verified against the worksheet')
    await query.getByTestId('capture-query-close').getByRole('button', { name: 'Close query' }).click()
    await expect(query).toHaveAttribute('data-query-status', 'closed')
    await expect(fieldRow(monitor, 'temperatureC').getByTestId('capture-field-query-badge')).toHaveCount(0)
  })

  await test.step('an investigator signs with their password (a wrong one is refused); a later edit voids the signature', async () => {
    await openRecord(investigator, subject.id, recordId)
    await review(investigator).getByRole('button', { name: 'Sign form' }).click()
    const dialog = investigator.getByTestId('capture-sign')
    await expect(dialog.getByTestId('capture-sign-meaning')).toContainText('I confirm these data are accurate and complete')
    await dialog.getByLabel(/Your password/).fill('not my password')
    await dialog.getByRole('button', { name: 'Sign' }).click()
    await expect(dialog.getByRole('alert')).toHaveText('The password does not match: nothing was signed.')
    await dialog.screenshot({ path: 'artifacts/e2e/capture-review-sign-refused.png' })
    await expect(review(investigator).getByTestId('capture-signature')).toHaveCount(0)
    await dialog.getByLabel(/Your password/).fill(PASSWORD)
    await dialog.getByRole('button', { name: 'Sign' }).click()
    await expect(review(investigator).getByTestId('capture-signature')).toHaveAttribute('data-voided', 'no')
    await expect(review(investigator).getByTestId('capture-signature')).toContainText('I confirm these data are accurate and complete')
    await review(investigator).screenshot({ path: 'artifacts/e2e/capture-review-signed.png' })
    await investigator.getByTestId('capture-sign-visit-select').selectOption('Day 1')
    await investigator.getByRole('button', { name: 'Sign visit' }).click()
    const visitDialog = investigator.getByTestId('capture-sign')
    await expect(visitDialog.getByTestId('capture-sign-meaning')).toContainText('the data of this visit are accurate and complete')
    await visitDialog.getByLabel(/Your password/).fill(PASSWORD)
    await visitDialog.getByRole('button', { name: 'Sign' }).click()
    const visitSignature = investigator.getByTestId('capture-subject-signatures').locator('tr[data-voided]').filter({ hasText: 'Day 1' })
    await expect(visitSignature).toHaveAttribute('data-voided', 'no')
    await investigator.getByTestId('capture-subject-review').screenshot({ path: 'artifacts/e2e/capture-review-subject.png' })

    await openRecord(coordinator, subject.id, recordId)
    await review(coordinator).getByRole('button', { name: 'Correct' }).click()
    await coordinator.getByTestId('capture-form').locator('[data-field="heartRate"]').fill('86')
    await coordinator.getByTestId('capture-change-reason').fill('Heart rate re-read from the monitor printout')
    await coordinator.getByTestId('capture-save').click()
    await expect(review(coordinator).getByTestId('capture-signature')).toHaveAttribute('data-voided', 'yes')
    await expect(review(coordinator).getByTestId('capture-signature')).toContainText('Voided')
    await expect(fieldRow(coordinator, 'heartRate').locator('[data-sdv]')).toHaveAttribute('data-sdv', 'reset')
    await expect(coordinator.getByTestId('capture-subject-signatures').locator('tr[data-voided]').filter({ hasText: 'Day 1' })).toHaveAttribute('data-voided', 'yes')
  })

  await test.step('a data manager locks the form (read-only for the site) and unlocks it with a reason', async () => {
    await openRecord(dm, subject.id, recordId)
    await review(dm).getByRole('button', { name: 'Lock form' }).click()
    await expect(review(dm)).toContainText('Locked (form)')
    await openRecord(coordinator, subject.id, recordId)
    await expect(review(coordinator)).toContainText('Locked (form)')
    await expect(review(coordinator).getByRole('button', { name: 'Correct' })).toHaveCount(0)
    await expect(coordinator.getByRole('button', { name: `Correct record ${recordId}` })).toHaveCount(0)

    await review(dm).getByRole('button', { name: 'Unlock form' }).click()
    const unlock = dm.getByTestId('capture-unlock')
    await expect(unlock.getByRole('button', { name: 'Unlock' })).toBeDisabled() // unlocking needs a reason
    await unlock.getByLabel(/Reason for unlocking/).fill('Query follow-up needs a correction')
    await unlock.getByRole('button', { name: 'Unlock' }).click()
    await expect(review(dm)).not.toContainText('Locked (form)')
    await openRecord(coordinator, subject.id, recordId)
    await expect(review(coordinator).getByRole('button', { name: 'Correct' })).toBeVisible()
  })

  await test.step('the study lists queries per site with their age, linking to the subject and form', async () => {
    await dm.goto(`/studies/${study.id}`)
    const section = dm.getByTestId('data-review-section')
    await section.getByTestId('queries-status-filter').selectOption('closed')
    const row = section.getByTestId('study-query-row').filter({ hasText: 'Source worksheet says 37.4 °C' })
    await expect(row).toContainText(subject.code)
    await expect(row.locator('[data-age-days]')).toHaveText('0')
    await expect(section.getByTestId('study-sdv-site').first()).toContainText('forms verified')
    await section.scrollIntoViewIfNeeded()
    await section.screenshot({ path: 'artifacts/e2e/capture-review-study.png' })
    await row.getByRole('link', { name: 'Vital signs' }).click()
    await expect(review(dm)).toBeVisible()
    await expect(review(dm)).toContainText('Vital signs')
  })

  await test.step('the review reads in Chinese', async () => {
    await new AppPage(dm).switchLanguage('简体中文')
    await expect(review(dm).getByRole('heading', { level: 3 })).toContainText('审核：生命体征')
    await expect(fieldRow(dm, 'temperatureC')).toContainText('未核查')
    await review(dm).screenshot({ path: 'artifacts/e2e/capture-review-zh.png' })
    await new AppPage(dm).switchLanguage('English')
  })
})
