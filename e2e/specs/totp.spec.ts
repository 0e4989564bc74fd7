import { expect, test } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'
import { base32Decode, totp } from '../../packages/server/src/auth/totp.js'

const USER = { username: 'e2e.totp', password: 'a long totp passphrase 42' }

test('a user turns on two-step verification on the account page, then logs in with a code', async ({
  page,
  browser,
}) => {
  await test.step('Given an invited coordinator with a password (created by the admin through the API)', async () => {
    await new AppPage(page).loginAsAdmin(E2E_SETUP_TOKEN)
    const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }
    const invited = await page.request.post('/api/users', {
      headers: { 'x-csrf-token': csrfToken },
      data: { username: USER.username, displayName: 'E2E TOTP', roles: ['coordinator'], siteIds: [] },
    })
    expect(invited.status()).toBe(201)
    const { setupToken } = (await invited.json()) as { setupToken: string }
    expect(
      (
        await page.request.post('/api/setup', {
          headers: { 'x-csrf-token': csrfToken },
          data: { token: setupToken, password: USER.password },
        })
      ).status(),
    ).toBe(200)
  })

  const context = await browser.newContext()
  const user = await context.newPage()
  const app = new AppPage(user)
  let secret: Buffer

  await test.step('When the user sets up two-step verification with the secret shown once', async () => {
    await app.login(USER.username, USER.password)
    await user.getByRole('link', { name: 'Account' }).click()
    await expect(user.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    await user.getByRole('button', { name: 'Set up two-step verification' }).click()
    const shown = (await user.getByTestId('totp-secret').textContent())!.replace(/\s/g, '')
    await expect(user.getByTestId('totp-uri')).toContainText(
      `otpauth://totp/CellTrial:${USER.username}?secret=${shown}`,
    )
    secret = base32Decode(shown)
    await app.screenshot('totp-01-enrol')
    await user.getByLabel('Code from the app').fill(totp(secret, Date.now()))
    await user.getByRole('button', { name: 'Turn on' }).click()
    await expect(user.getByRole('status')).toContainText('Two-step verification is on')
    await expect(user.getByTestId('totp-secret')).toHaveCount(0)
  })

  await test.step('Then login asks for the code after the password, and lets the user in with it', async () => {
    await user.getByRole('button', { name: 'Log out' }).click()
    await app.login(USER.username, USER.password)
    await expect(user.getByRole('status')).toContainText('6-digit code')
    await app.screenshot('totp-02-login-code')
    // the confirmation used the current 30-second step: the next step's code is within the ±1 tolerance
    await user.getByLabel('Authentication code').fill(totp(secret, Date.now() + 30_000))
    await user.getByRole('button', { name: 'Log in' }).click()
    await expect(user.getByRole('button', { name: 'Log out' })).toBeVisible()
  })
  await context.close()
})
