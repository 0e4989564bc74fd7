import { createRequire } from 'node:module'
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { AppPage } from '../pages/app.js'
import { E2E_SETUP_TOKEN } from '../../playwright.config.js'

/**
 * Issue 10 item 9: every page of the app, in English and in Simplified Chinese, has no 'serious' or
 * 'critical' axe-core violation (WCAG 2.x A/AA rules), and the app can be used from the keyboard alone.
 */
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const LANGS = [
  { code: 'en', html: 'en' },
  { code: 'zh-CN', html: 'zh-CN' },
] as const

interface AxeNode {
  target: string[]
  failureSummary?: string
}
interface AxeViolation {
  id: string
  impact: string | null
  help: string
  helpUrl: string
  nodes: AxeNode[]
}

/** Run axe-core in the page; returns the serious and critical violations, one readable line block each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH })
  // a string runs in the page (this file is typed without the DOM library)
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact}: ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 8)
          .map(
            (n) =>
              `    at ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
          )
          .join('\n'),
    )
}

/** Wait until the page has loaded its data: no request in flight and no loading text left. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle')
  await expect(page.getByText(/^(Loading…|加载中…)$/)).toHaveCount(0, { timeout: 15_000 })
  await expect(page.locator('main h1').first()).toBeVisible()
}

/** The app reads its language from localStorage (packages/web/src/i18n). */
const setLanguageScript = (code: string) =>
  `window.localStorage.setItem('celltrial.lang', ${JSON.stringify(code)})`

async function contextIn(browser: Browser, lang: string): Promise<BrowserContext> {
  const context = await browser.newContext()
  await context.addInitScript({ content: setLanguageScript(lang) })
  return context
}

interface Ids {
  studyId: number
  subjectId: number
}

/** The pages behind login, by name and path. */
const PAGES: { name: string; path: (ids: Ids) => string }[] = [
  { name: 'studies', path: () => '/' },
  { name: 'study', path: (i) => `/studies/${i.studyId}` },
  { name: 'subject', path: (i) => `/subjects/${i.subjectId}` },
  { name: 'protocol', path: (i) => `/studies/${i.studyId}/protocol` },
  { name: 'screening', path: (i) => `/studies/${i.studyId}/screening` },
  { name: 'pre-screen', path: () => '/prescreen' },
  { name: 'product chain', path: (i) => `/subjects/${i.subjectId}/product` },
  { name: 'dosing', path: (i) => `/subjects/${i.subjectId}/dosing` },
  { name: 'site calendar', path: () => '/calendar' },
  { name: 'safety tables', path: (i) => `/studies/${i.studyId}/safety` },
  { name: 'report', path: (i) => `/studies/${i.studyId}/report` },
  { name: 'operating characteristics', path: () => '/tools/oc' },
  { name: 'account', path: () => '/account' },
]

test.describe.serial('accessibility (axe-core: no serious or critical violation)', () => {
  let ids: Ids
  let session: BrowserContext

  test.beforeAll(async ({ browser }) => {
    // one login for all pages (the login rate limit is shared with the other spec files)
    session = await browser.newContext()
    const page = await session.newPage()
    await new AppPage(page).loginAsAdmin(E2E_SETUP_TOKEN)
    const studies = (await (await page.request.get('/api/studies')).json()) as {
      id: number
      registry_id: string
    }[]
    const studyId = studies.find((s) => s.registry_id === 'NCT06352281')!.id
    const study = (await (await page.request.get(`/api/studies/${studyId}`)).json()) as {
      subjects: { id: number }[]
    }
    ids = { studyId, subjectId: study.subjects[0]!.id }
    await page.close()
  })
  test.afterAll(async () => {
    await session.close()
  })

  for (const lang of LANGS) {
    test(`login and setup pages in ${lang.code}`, async ({ browser }) => {
      const context = await contextIn(browser, lang.code)
      const page = await context.newPage()
      const problems: string[] = []
      for (const path of ['/', `/setup?token=${E2E_SETUP_TOKEN}`, '/setup']) {
        await page.goto(path)
        await page.waitForLoadState('networkidle')
        await expect(page.locator('html')).toHaveAttribute('lang', lang.html)
        // issue 10 item 6: embedded mode names PostgreSQL as the choice for production, in both languages
        await expect(page.getByRole('note')).toContainText('PostgreSQL')
        for (const v of await seriousViolations(page)) problems.push(`${path} (${lang.code}): ${v}`)
      }
      await context.close()
      expect(problems, problems.join('\n\n')).toEqual([])
    })

    for (const p of PAGES)
      test(`${p.name} page in ${lang.code}`, async () => {
        const page = await session.newPage()
        await page.addInitScript({ content: setLanguageScript(lang.code) })
        const path = p.path(ids)
        await page.goto(path)
        await settled(page)
        await expect(page.locator('html')).toHaveAttribute('lang', lang.html)
        const problems = (await seriousViolations(page)).map((v) => `${path} (${lang.code}): ${v}`)
        // every page in both languages, to look at (and to see where a violation is)
        await page.screenshot({ path: `artifacts/e2e/page-${p.name.replace(/ /g, '-')}-${lang.code}.png`, fullPage: true })
        await page.close()
        expect(problems, problems.join('\n\n')).toEqual([])
      })
  }
})

/** Press Tab until the focused element matches, at most `max` times; returns how many presses it took. */
async function tabTo(
  page: Page,
  matches: (el: { tag: string; name: string }) => boolean,
  max = 80,
): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab')
    const el = await page.evaluate<{ tag: string; name: string }>(
      `(() => { const a = document.activeElement; return { tag: a ? a.tagName.toLowerCase() : '', name: ((a && (a.getAttribute('name') ?? a.textContent)) ?? '').trim() } })()`,
    )
    if (matches(el)) return i
  }
  throw new Error(`focus never reached the element after ${max} Tab presses`)
}

/** The focused element draws a visible focus indicator (outline or box shadow). */
async function expectVisibleFocus(page: Page) {
  const style = await page.evaluate<{ outlineStyle: string; outlineWidth: number; boxShadow: string }>(
    `(() => { const s = getComputedStyle(document.activeElement); return { outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), boxShadow: s.boxShadow } })()`,
  )
  expect(
    (style.outlineStyle !== 'none' && style.outlineWidth >= 2) || style.boxShadow !== 'none',
    JSON.stringify(style),
  ).toBe(true)
}

test('keyboard only: log in, use the main navigation and reach a subject page, with a visible focus indicator', async ({
  browser,
}) => {
  const context = await contextIn(browser, 'en')
  const page = await context.newPage()
  const app = new AppPage(page)
  // make sure the admin exists (another spec may not have run first), then start logged out
  const status = (await (await page.request.get('/api/setup/status')).json()) as { needsSetup: boolean }
  if (status.needsSetup) await app.createFirstAdmin(E2E_SETUP_TOKEN)
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible()

  await tabTo(page, (el) => el.tag === 'input' && el.name === 'username')
  await expectVisibleFocus(page)
  await page.keyboard.type('e2e.admin')
  await page.keyboard.press('Tab')
  await expect(page.locator(':focus')).toHaveAttribute('name', 'password')
  await expectVisibleFocus(page)
  await page.keyboard.type('a long e2e passphrase 42')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()

  // the main navigation: every link is reachable and shows where the focus is
  await page.locator('body').focus()
  await tabTo(page, (el) => el.tag === 'a' && el.name === 'Visit calendar')
  await expectVisibleFocus(page)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/calendar$/)
  await tabTo(page, (el) => el.tag === 'a' && el.name === 'Studies')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible()

  // from the study list to a study, then to a subject
  await tabTo(page, (el) => el.tag === 'a' && el.name === 'NCT06352281')
  await expectVisibleFocus(page)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: /NCT06352281/ })).toBeVisible()
  await tabTo(page, (el) => el.tag === 'a' && /-001$/.test(el.name), 200)
  await expectVisibleFocus(page)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Platelet count' })).toBeVisible()
  await expect(page).toHaveURL(/\/subjects\/\d+$/)
  await new AppPage(page).screenshot('a11y-keyboard-subject')
  await context.close()
})
