import { expect, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'

export const ADMIN = { username: 'e2e.admin', displayName: 'E2E Admin', password: 'a long e2e passphrase 42' }

/** Page object for the shell of the app: setup, login, language, screenshots. */
export class AppPage {
  constructor(readonly page: Page) {}

  async createFirstAdmin(token: string) {
    await this.page.goto(`/setup?token=${token}`)
    await this.page.getByLabel('Username').fill(ADMIN.username)
    await this.page.getByLabel('Full name').fill(ADMIN.displayName)
    await this.page.getByLabel(/^Password/).fill(ADMIN.password)
    await this.page.getByRole('button', { name: 'Save' }).click()
    await expect(this.page.getByRole('status')).toContainText('Account ready')
  }

  /**
   * Log in as the e2e admin, creating it first through the setup link when the database has no user
   * yet (spec files may run in any order; they share one server).
   */
  async loginAsAdmin(token: string) {
    const status = await this.page.request.get('/api/setup/status')
    if (((await status.json()) as { needsSetup: boolean }).needsSetup) await this.createFirstAdmin(token)
    await this.login()
    await expect(this.page.getByRole('button', { name: /Log out|退出登录/ })).toBeVisible()
  }

  async login(username = ADMIN.username, password = ADMIN.password) {
    await this.page.goto('/')
    await this.page.getByLabel('Username').fill(username)
    await this.page.getByLabel('Password').fill(password)
    await this.page.getByRole('button', { name: 'Log in' }).click()
  }

  async switchLanguage(label: string) {
    await this.page.getByRole('combobox', { name: /Language|语言/ }).selectOption({ label })
  }

  /** Save a full-page screenshot under artifacts/e2e/ (kept by CI as a test artifact). */
  async screenshot(name: string) {
    mkdirSync('artifacts/e2e', { recursive: true })
    await this.page.screenshot({ path: `artifacts/e2e/${name}.png`, fullPage: true })
  }
}
