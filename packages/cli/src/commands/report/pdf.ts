/**
 * HTML -> PDF (A4) with playwright-core driving Debian's Chromium, as the SAE form does
 * (packages/server/src/safety/sae.ts). Unavailable (with the reason) when Chromium or playwright-core is missing.
 */
import { existsSync } from 'node:fs'
import type { chromium as Chromium } from 'playwright-core'

/**
 * @param html a self-contained page
 * @param chromiumPath executable (default /usr/bin/chromium; env CHROMIUM_PATH)
 * @param hooks `onBeforeClose`: called with the PDF printed, before Chromium closes (the benchmark reads
 *   Chromium's CPU time there)
 */
export async function htmlToPdf(html: string, chromiumPath: string, hooks: { onBeforeClose?: () => void } = {}): Promise<{ pdf: Buffer } | { unavailable: string }> {
  if (!existsSync(chromiumPath)) return { unavailable: `PDF needs Chromium at ${chromiumPath} (set CHROMIUM_PATH); use --format html and print from a browser` }
  let chromium: typeof Chromium
  try {
    ;({ chromium } = await import('playwright-core'))
  } catch {
    return { unavailable: 'PDF needs the playwright-core package; use --format html and print from a browser' }
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-extensions', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] })
  try {
    const page = await browser.newPage()
    await page.setContent(html, { waitUntil: 'load' })
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } })
    hooks.onBeforeClose?.()
    return { pdf }
  } finally {
    await browser.close()
  }
}
