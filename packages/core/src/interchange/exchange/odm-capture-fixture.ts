/**
 * Test data (used by the ODM tests and fuzz tests only): one subject with every kind of captured data the ODM
 * exchange carries (nested, nullable-object, list and record fields; updates, a void, signatures, labs).
 */
import type { OdmAuditStamp, OdmCapturedStudy } from './odm-capture-export.js'

export const stamp = (sourceId: string, at = '2025-03-10T09:00:00.000Z', reason: string | null = null): OdmAuditStamp => ({ userOid: 'USR.2', at, reason, sourceId })
const ice = { orientation: { year: true, month: true, city: true, hospital: false }, naming: [true, true, true], followsCommands: true, writesStandardSentence: false, countsBackwardsBy10: true }
const noSerious = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
const ae1 = { ctcaeTerm: 'Cytokine release syndrome <grade 2> & "fever"', grade: 2, serious: true, seriousness: { ...noSerious, hospitalisation: 'requires-admission' }, attribution: 'probable', outcome: null, start: '2025-03-10', end: null }
const ae2 = { ...ae1, outcome: 'recovered', end: '2025-03-12' }
const neuroNoIce = { assessedAt: '2025-03-04T09:00', tool: 'CAPD', iceItems: null, unableToPerform: false, capdTotal: 4, consciousness: null, seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false }
const neuroIce = { ...neuroNoIce, tool: 'ICE', iceItems: ice, capdTotal: null, iceTotalOnSource: 8 }
const vitals = { measuredAt: '2025-03-01T08:00', temperatureC: 38.4, systolicMmHg: 118, diastolicMmHg: 72, heartRate: 84, spo2Percent: null, weightKg: 60.5 }
const sledai = { assessedOn: '2025-03-01', variant: 'SLEDAI-2K', present: ['thrombocytopenia', 'arthritis'], notAssessed: [] }
const qol = { instrument: 'RAND-36', instrumentVersion: '1.0', language: 'zh-CN', completedOn: '2025-03-14', items: { '3': 3, '4': 2, '5': 1 } }

export const capturedStudy: OdmCapturedStudy = {
  registryId: 'NCT06352281',
  title: 'CD19 CAR-T in ITP <test & "quotes">',
  protocolVersion: '1.0',
  sites: [{ code: 'KUN01', name: 'Kunming <First> Hospital' }],
  users: [{ oid: 'USR.2', loginName: 'li.na', displayName: 'Li Na' }, { oid: 'USR.3', loginName: 'pi', displayName: 'Dr Wang' }],
  subjects: [
    {
      key: 'KUN01-001', siteCode: 'KUN01', sex: 'F', age: 34, audit: stamp('1'),
      signature: { userOid: 'USR.3', at: '2025-03-20T10:00:00.000Z', meaning: 'Casebook approved' },
      records: [
        {
          formType: 'adverse_event', repeatKey: '11',
          versions: [
            { transaction: 'Insert', data: ae1, visitDay: 2, visitLabel: 'Day 2', audit: stamp('5') },
            { transaction: 'Update', data: ae2, visitDay: 2, visitLabel: 'Day 2', audit: stamp('8', '2025-03-12T09:00:00.000Z', 'resolved'), signature: { userOid: 'USR.3', at: '2025-03-13T10:00:00.000Z', meaning: 'Investigator approval' } },
          ],
        },
        { formType: 'neuro', repeatKey: '12', versions: [{ transaction: 'Insert', data: neuroNoIce, visitDay: null, visitLabel: null, audit: stamp('6') }] },
        { formType: 'neuro', repeatKey: '13', versions: [{ transaction: 'Insert', data: neuroIce, visitDay: 4, visitLabel: null, audit: stamp('7') }] },
        {
          formType: 'vital_signs', repeatKey: '14',
          versions: [
            { transaction: 'Insert', data: vitals, visitDay: 0, visitLabel: 'Day 0', audit: stamp('9') },
            { transaction: 'Update', data: { ...vitals, weightKg: undefined, heightCm: 165 }, visitDay: 0, visitLabel: 'Day 0', audit: stamp('10', undefined, 'height, not weight') },
          ],
        },
        { formType: 'sledai', repeatKey: '15', versions: [{ transaction: 'Insert', data: sledai, visitDay: null, visitLabel: null, audit: stamp('11') }] },
        { formType: 'questionnaire', repeatKey: '16', versions: [{ transaction: 'Insert', data: qol, visitDay: null, visitLabel: null, audit: stamp('12') }] },
        {
          formType: 'vital_signs', repeatKey: '17',
          versions: [
            { transaction: 'Insert', data: vitals, visitDay: null, visitLabel: null, audit: stamp('13') },
            { transaction: 'Remove', data: null, visitDay: null, visitLabel: null, audit: stamp('14', undefined, 'entered for the wrong subject') },
          ],
        },
      ],
      labs: [
        { repeatKey: '21', testCode: 'PLAT', value: 12, unit: '10^9/L', date: '2025-03-01', refLow: 125, refHigh: 350, audit: stamp('3') },
        { repeatKey: '22', testCode: 'HGB', value: 10.5, unit: 'g/dL', date: '2025-03-01', refLow: null, refHigh: null, audit: stamp('4'), voided: stamp('15', undefined, 'duplicate') },
      ],
    },
  ],
}

