/**
 * The committed demo SDTM files (packages/protocols/NCT06352281/demo-sdtm/) equal the derivation from the
 * single source nct06352281-cohort.ts; `UPDATE_DEMO_SDTM=1 npx vitest run packages/server/src/demo` rewrites them.
 * Also checks the cohort's internal consistency with the seed abstract (seeds/004).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { daysBetween } from '@celltrial/core'
import { DEMO_CUTOFF, NCT06352281_DEMO } from './nct06352281-cohort.js'
import { nct06352281DemoSdtm } from './nct06352281-sdtm.js'

const dir = new URL('../../../protocols/NCT06352281/demo-sdtm/', import.meta.url)

describe('NCT06352281 demo SDTM', () => {
  const files = nct06352281DemoSdtm()
  if (process.env.UPDATE_DEMO_SDTM === '1') {
    mkdirSync(dir, { recursive: true })
    for (const [name, text] of Object.entries(files)) writeFileSync(new URL(name, dir), text)
  }

  it.each(['dm.csv', 'ex.csv', 'lb.csv', 'cm.csv', 'ce.csv', 'ae.csv'])('committed %s equals the derivation', (name) => {
    expect(readFileSync(new URL(name, dir), 'utf8')).toBe(files[name])
  })

  it('keeps the cohort consistent with itself', () => {
    for (const p of NCT06352281_DEMO) {
      expect(p.priorTherapies).toHaveLength(p.priorTherapyLines)
      const years = Math.floor(daysBetween(p.itpDiagnosisDate, p.infusionDate) / 365.25)
      expect(years).toBe(p.diseaseDurationYears)
      expect(daysBetween(p.ldStartDate, p.infusionDate)).toBe(-p.ldDays[0]!)
      expect(p.cellsPerKg).toBe(p.doseLevelId === 'DL1' ? 150000 : 300000)
      expect(Math.max(...p.platelets.map(([d]) => d))).toBeLessThanOrEqual(daysBetween(p.infusionDate, DEMO_CUTOFF))
    }
  })
})
