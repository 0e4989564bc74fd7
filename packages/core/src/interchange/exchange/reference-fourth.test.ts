/**
 * Fourth check of /work/shared/interchange/ctgov-fhir-odm.md, from a line-by-line audit of the doc: the statements
 * no earlier test pinned down. §1: the AgencyClass, InterventionType and RecruitmentStatus enumerations of the fields
 * the draft import reads, the healthyVolunteers / conditions types, the sub-heading rule of the eligibility
 * convention. §2: every code of the R4 code lists in the resource table, the 1..1 elements, a year-only birthDate.
 * §3: the enumerations and cardinalities of the ODM hierarchy (StudyEventRef, StudyEventDef, CodeList, User,
 * Location, SignatureDef, GlobalVariables, AuditRecord child order), on the doc's own example.
 * Expected values are copied from the doc text, never imported from the engine.
 */
import { describe, expect, it } from 'vitest'
import { importCtgovStudy, splitEligibilityText } from '../../protocol/index.js'
import { buildFhirBundle, readFhirBundle } from './fhir-r4.js'
import { validateFhirResource } from './fhir-r4-structure.js'
import { validateOdmStructure } from './odm-structure.js'

// =============================================================================================================
// §1 ClinicalTrials.gov API v2 record
// =============================================================================================================

/** §1 "AgencyClass" (leadSponsor.class), as the doc lists it. */
const AGENCY_CLASS = ['NIH', 'FED', 'OTHER_GOV', 'INDIV', 'INDUSTRY', 'NETWORK', 'AMBIG', 'OTHER', 'UNKNOWN']
/** §1 `interventions[].type`. */
const INTERVENTION_TYPE = ['BEHAVIORAL', 'BIOLOGICAL', 'COMBINATION_PRODUCT', 'DEVICE', 'DIAGNOSTIC_TEST', 'DIETARY_SUPPLEMENT', 'DRUG', 'GENETIC', 'PROCEDURE', 'RADIATION', 'OTHER']
/** §1 `contactsLocationsModule.locations[].status` (9 values: not the expanded-access-only ones of `overallStatus`). */
const LOCATION_STATUS = ['ACTIVE_NOT_RECRUITING', 'COMPLETED', 'ENROLLING_BY_INVITATION', 'NOT_YET_RECRUITING', 'RECRUITING', 'SUSPENDED', 'TERMINATED', 'WITHDRAWN', 'AVAILABLE']

/** A small record in the §1 shape (the doc example, shortened). */
const record = () => ({
  protocolSection: {
    identificationModule: { nctId: 'NCT99999901', briefTitle: 'CD19 CAR-T Cells for Refractory Immune Thrombocytopenia (EXAMPLE-ITP)' },
    statusModule: { overallStatus: 'RECRUITING', startDateStruct: { date: '2025-03', type: 'ACTUAL' } },
    sponsorCollaboratorsModule: {
      leadSponsor: { name: 'Example University Hospital', class: 'OTHER' } as { name: string; class?: unknown },
      collaborators: [{ name: 'Example Biotech', class: 'INDUSTRY' }] as { name: string; class?: unknown }[],
    },
    conditionsModule: { conditions: ['Immune Thrombocytopenia'] as unknown[] },
    designModule: { studyType: 'INTERVENTIONAL', phases: ['EARLY_PHASE1'], enrollmentInfo: { count: 12, type: 'ESTIMATED' } },
    armsInterventionsModule: {
      armGroups: [{ label: 'CAR-T dose escalation', type: 'EXPERIMENTAL', interventionNames: ['Biological: CD19 CAR-T cells'] }],
      interventions: [
        { type: 'BIOLOGICAL' as unknown, name: 'CD19 CAR-T cells', armGroupLabels: ['CAR-T dose escalation'] },
        { type: 'DRUG' as unknown, name: 'Fludarabine', armGroupLabels: ['CAR-T dose escalation'] },
      ],
    },
    eligibilityModule: {
      eligibilityCriteria: 'Inclusion Criteria:\n\n* Primary ITP for at least 12 months\n\nExclusion Criteria:\n\n* Secondary thrombocytopenia',
      healthyVolunteers: false as unknown, sex: 'ALL', minimumAge: '18 Years', maximumAge: '70 Years',
    },
    contactsLocationsModule: { locations: [{ facility: 'Example University Hospital', status: 'RECRUITING' as unknown, city: 'Springfield', country: 'United States' }] },
  },
  hasResults: false,
})
type Rec = ReturnType<typeof record>
const AS_OF = { asOf: '2025-06-01' }
const issuePaths = (r: ReturnType<typeof importCtgovStudy>) => (r.ok ? [] : r.issues.map((i) => i.path.join('.')))

describe('reference-fourth §1: enumerations of the record fields the draft import reads', () => {
  it('leadSponsor.class and collaborators[].class: every AgencyClass value is kept; any other text is an issue at its path', () => {
    for (const c of AGENCY_CLASS) {
      const rec = record()
      rec.protocolSection.sponsorCollaboratorsModule.leadSponsor.class = c
      rec.protocolSection.sponsorCollaboratorsModule.collaborators[0]!.class = c
      const r = importCtgovStudy(rec, AS_OF)
      if (!r.ok) throw new Error(`${c}: ${JSON.stringify(r.issues)}`)
      expect(r.value.identification.sponsor).toEqual({ name: 'Example University Hospital', class: c })
      expect(r.value.identification.collaborators).toEqual([{ name: 'Example Biotech', class: c }])
    }
    // §1 row `leadSponsor`: class is absent from none of the API's records, but the draft does not need it
    const noClass = record()
    delete noClass.protocolSection.sponsorCollaboratorsModule.leadSponsor.class
    expect(importCtgovStudy(noClass, AS_OF).ok).toBe(true)
    for (const bad of ['Other', 'UNIVERSITY', 'industry', 'OTHER GOV', 7]) {
      const lead = record()
      lead.protocolSection.sponsorCollaboratorsModule.leadSponsor.class = bad
      expect(issuePaths(importCtgovStudy(lead, AS_OF)), String(bad)).toEqual(['protocolSection.sponsorCollaboratorsModule.leadSponsor.class'])
      const collab = record()
      collab.protocolSection.sponsorCollaboratorsModule.collaborators[0]!.class = bad
      expect(issuePaths(importCtgovStudy(collab, AS_OF)), String(bad)).toEqual(['protocolSection.sponsorCollaboratorsModule.collaborators.0.class'])
    }
  })

  it('interventions[].type: every InterventionType is read (BIOLOGICAL names the product); "Biological" (the display name) is an issue, never a silent miss', () => {
    for (const t of INTERVENTION_TYPE) {
      const rec = record()
      rec.protocolSection.armsInterventionsModule.interventions[1]!.type = t
      const r = importCtgovStudy(rec, AS_OF)
      if (!r.ok) throw new Error(`${t}: ${JSON.stringify(r.issues)}`)
      // the CAR-T product is the BIOLOGICAL intervention, whatever the type of the other one
      expect(r.value.identification.productName, t).toBe('CD19 CAR-T cells')
    }
    for (const bad of ['Biological', 'biological', 'CELL_THERAPY', 'Drug', '']) {
      const rec = record()
      rec.protocolSection.armsInterventionsModule.interventions[0]!.type = bad
      expect(issuePaths(importCtgovStudy(rec, AS_OF)), bad).toEqual(['protocolSection.armsInterventionsModule.interventions.0.type'])
    }
  })

  it('locations[].status: the nine RecruitmentStatus values are kept on the site; other values (also overall-only ones) are issues', () => {
    for (const s of LOCATION_STATUS) {
      const rec = record()
      rec.protocolSection.contactsLocationsModule.locations[0]!.status = s
      const r = importCtgovStudy(rec, AS_OF)
      if (!r.ok) throw new Error(`${s}: ${JSON.stringify(r.issues)}`)
      expect(r.value.identification.sites[0]!.status).toBe(s)
    }
    for (const bad of ['Recruiting', 'NO_LONGER_AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'APPROVED_FOR_MARKETING', 'WITHHELD', 'UNKNOWN', 'OPEN']) {
      const rec = record()
      rec.protocolSection.contactsLocationsModule.locations[0]!.status = bad
      expect(issuePaths(importCtgovStudy(rec, AS_OF)), bad).toEqual(['protocolSection.contactsLocationsModule.locations.0.status'])
    }
  })

  it('healthyVolunteers is a boolean and conditions a string[]: other types are issues at their path', () => {
    const cases: [(r: Rec) => void, string][] = [
      [(r) => void (r.protocolSection.eligibilityModule.healthyVolunteers = 'No'), 'protocolSection.eligibilityModule.healthyVolunteers'],
      [(r) => void (r.protocolSection.eligibilityModule.healthyVolunteers = 0), 'protocolSection.eligibilityModule.healthyVolunteers'],
      [(r) => void (r.protocolSection.conditionsModule.conditions = ['ITP', 3]), 'protocolSection.conditionsModule.conditions.1'],
    ]
    for (const [mutate, path] of cases) {
      const rec = record()
      mutate(rec)
      expect(issuePaths(importCtgovStudy(rec, AS_OF)), path).toEqual([path])
    }
    for (const hv of [true, false]) {
      const rec = record()
      rec.protocolSection.eligibilityModule.healthyVolunteers = hv
      expect(importCtgovStudy(rec, AS_OF).ok).toBe(true)
    }
  })
})

describe('reference-fourth §1: eligibility text convention, sub-headings', () => {
  it('"text under an unrecognised heading" (the doc\'s "For the \'...\' cohort:") goes on the review list, never dropped; a later known heading resumes', () => {
    const text = [
      'Inclusion Criteria:', '', '* Primary ITP for at least 12 months', '', "For the 'paediatric' cohort:", '', '* Age 8 to 17 years',
      '', 'Exclusion Criteria:', '', '* Secondary thrombocytopenia',
    ].join('\n')
    const got = splitEligibilityText(text)
    expect(got.inclusion).toEqual(['Primary ITP for at least 12 months'])
    expect(got.exclusion).toEqual(['Secondary thrombocytopenia'])
    const review = got.review.join('\n')
    expect(review).toContain("For the 'paediatric' cohort:")
    expect(review).toContain('Age 8 to 17 years')
    // and the draft lists them for review
    const rec = record()
    rec.protocolSection.eligibilityModule.eligibilityCriteria = text
    const r = importCtgovStudy(rec, AS_OF)
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    const list = r.value.reviewList.join('\n')
    expect(list).toContain("For the 'paediatric' cohort:")
    expect(list).toContain('Age 8 to 17 years')
    expect(r.value.eligibility.filter((c) => c.rule.kind === 'needs-encoding').map((c) => c.text)).toEqual(['Primary ITP for at least 12 months', 'Secondary thrombocytopenia'])
  })
})

// =============================================================================================================
// §2 FHIR R4: the resource table's cardinalities and code lists
// =============================================================================================================

const OBSERVATION_STATUS = ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown']
const STUDY_STATUS = ['active', 'administratively-completed', 'approved', 'closed-to-accrual', 'closed-to-accrual-and-intervention', 'completed', 'disapproved', 'in-review', 'temporarily-closed-to-accrual', 'temporarily-closed-to-accrual-and-intervention', 'withdrawn']
const SUBJECT_STATUS = ['candidate', 'eligible', 'follow-up', 'ineligible', 'not-registered', 'off-study', 'on-study', 'on-study-intervention', 'on-study-observation', 'pending-on-study', 'potential-candidate', 'screening', 'withdrawn']
const GENDER = ['male', 'female', 'other', 'unknown']

const obs = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation', id: 'plat-1', status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '777-3' }], text: 'PLAT' },
  subject: { reference: 'Patient/exitp-01-003' }, effectiveDateTime: '2025-04-02T08:30:00+08:00',
  valueQuantity: { value: 12, unit: '10^9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' }, ...extra,
})
const study = (extra: Record<string, unknown> = {}) => ({ resourceType: 'ResearchStudy', id: 'nct99999901', status: 'active', arm: [{ name: 'DL1' }], ...extra })
const subject = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'ResearchSubject', id: 'rs-1', status: 'on-study', study: { reference: 'ResearchStudy/nct99999901' }, individual: { reference: 'Patient/p1' }, ...extra,
})
const ae = (extra: Record<string, unknown> = {}) => ({ resourceType: 'AdverseEvent', id: 'ae-1', actuality: 'actual', subject: { reference: 'Patient/p1' }, event: { text: 'Cytokine release syndrome' }, date: '2025-04-03', ...extra })
const patient = (extra: Record<string, unknown> = {}) => ({ resourceType: 'Patient', id: 'p1', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'EXITP-01-003' }], ...extra })
const issues = (r: unknown) => validateFhirResource(r).map((i) => `${i.code} ${i.path.join('.')}`)

describe('reference-fourth §2: R4 code lists and cardinalities of the resource table', () => {
  it('every listed status / gender / actuality / severity code passes; a near miss is a code issue at its element', () => {
    const lists: [string[], (v: string) => unknown, string][] = [
      [OBSERVATION_STATUS, (v) => obs({ status: v }), 'status'],
      [STUDY_STATUS, (v) => study({ status: v }), 'status'],
      [SUBJECT_STATUS, (v) => subject({ status: v }), 'status'],
      [GENDER, (v) => patient({ gender: v }), 'gender'],
      [['actual', 'potential'], (v) => ae({ actuality: v }), 'actuality'],
    ]
    for (const [codes, make, el] of lists) {
      for (const c of codes) expect(issues(make(c)), c).toEqual([])
      for (const bad of ['Final', 'on_study', 'recruiting', 'M', 'ACTUAL', 'closed'].filter((b) => !codes.includes(b))) expect(issues(make(bad)), bad).toEqual([`fhir.code ${el}`])
    }
    for (const s of ['mild', 'moderate', 'severe']) expect(issues(ae({ severity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity', code: s }] } }))).toEqual([])
    expect(issues(ae({ severity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity', code: 'life-threatening' }] } }))).toEqual(['fhir.code severity.coding.0.code'])
  })

  it('1..1 elements are required: Observation.status, ResearchStudy.status, ResearchSubject.status/study/individual, AdverseEvent.actuality/subject, arm.name', () => {
    const without = (r: Record<string, unknown>, k: string) => Object.fromEntries(Object.entries(r).filter(([key]) => key !== k))
    expect(issues(without(obs(), 'status'))).toEqual(['fhir.required status'])
    expect(issues(without(study(), 'status'))).toEqual(['fhir.required status'])
    for (const k of ['status', 'study', 'individual']) expect(issues(without(subject(), k)), k).toEqual([`fhir.required ${k}`])
    for (const k of ['actuality', 'subject']) expect(issues(without(ae(), k)), k).toEqual([`fhir.required ${k}`])
    expect(issues(study({ arm: [{ type: { text: 'Experimental' } }] }))).toEqual(['fhir.required arm.0.name'])
    // phase is one CodeableConcept (0..1): a list of phases is a cardinality error
    expect(issues(study({ phase: [{ coding: [{ code: 'phase-1' }] }, { coding: [{ code: 'phase-2' }] }] }))).toEqual(['fhir.cardinality phase'])
  })

  it('Patient.birthDate "may be the year only": 1981, 1981-06 and 1981-06-15 pass; other shapes are type issues', () => {
    for (const d of ['1981', '1981-06', '1981-06-15']) expect(issues(patient({ birthDate: d })), d).toEqual([])
    for (const d of ['81', '1981-6', '1981-13', '1981-06-15T00:00:00Z', '15/06/1981']) expect(issues(patient({ birthDate: d })), d).toEqual(['fhir.type birthDate'])
  })
})

// =============================================================================================================
// §3 ODM 1.3.2: the hierarchy's enumerations and cardinalities, on the doc example
// =============================================================================================================

/** The §3 example, verbatim (it validates against ODM1-3-2.xsd). */
const EXAMPLE = `<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Transactional"
     FileOID="EXITP.20250402.1" CreationDateTime="2025-04-02T10:15:00+08:00" Granularity="SingleSubject">
  <Study OID="ST.EXITP">
    <GlobalVariables><StudyName>EXAMPLE-ITP</StudyName><StudyDescription>CD19 CAR-T in ITP</StudyDescription><ProtocolName>EXITP-001</ProtocolName></GlobalVariables>
    <MetaDataVersion OID="MDV.1" Name="Protocol v1.0">
      <Protocol><StudyEventRef StudyEventOID="SE.D0" Mandatory="Yes" OrderNumber="1"/></Protocol>
      <StudyEventDef OID="SE.D0" Name="Day 0" Repeating="No" Type="Scheduled"><FormRef FormOID="F.LB" Mandatory="Yes"/></StudyEventDef>
      <FormDef OID="F.LB" Name="Local labs" Repeating="Yes"><ItemGroupRef ItemGroupOID="IG.LB" Mandatory="Yes"/></FormDef>
      <ItemGroupDef OID="IG.LB" Name="Lab result" Repeating="Yes" Domain="LB">
        <ItemRef ItemOID="IT.LBTESTCD" Mandatory="Yes"/><ItemRef ItemOID="IT.LBORRES" Mandatory="Yes"/></ItemGroupDef>
      <ItemDef OID="IT.LBTESTCD" Name="LBTESTCD" DataType="text" Length="8"><CodeListRef CodeListOID="CL.LBTESTCD"/></ItemDef>
      <ItemDef OID="IT.LBORRES" Name="LBORRES" DataType="float"/>
      <CodeList OID="CL.LBTESTCD" Name="Lab test code" DataType="text">
        <CodeListItem CodedValue="PLAT"><Decode><TranslatedText xml:lang="en">Platelets</TranslatedText></Decode></CodeListItem></CodeList>
    </MetaDataVersion>
  </Study>
  <AdminData StudyOID="ST.EXITP">
    <User OID="USR.1" UserType="Investigator"><FullName>Site investigator 1</FullName></User>
    <Location OID="LOC.01" Name="Site 01" LocationType="Site"><MetaDataVersionRef StudyOID="ST.EXITP" MetaDataVersionOID="MDV.1" EffectiveDate="2025-01-15"/></Location>
    <SignatureDef OID="SD.PI" Methodology="Electronic"><Meaning>Investigator approval</Meaning><LegalReason>21 CFR Part 11</LegalReason></SignatureDef>
  </AdminData>
  <ClinicalData StudyOID="ST.EXITP" MetaDataVersionOID="MDV.1">
    <SubjectData SubjectKey="EXITP-01-003" TransactionType="Insert">
      <AuditRecord><UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.01"/><DateTimeStamp>2025-04-02T10:14:00+08:00</DateTimeStamp><SourceID>lab-import-17</SourceID></AuditRecord>
      <StudyEventData StudyEventOID="SE.D0"><FormData FormOID="F.LB" FormRepeatKey="1">
        <Signature><UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.01"/><SignatureRef SignatureOID="SD.PI"/><DateTimeStamp>2025-04-02T10:15:00+08:00</DateTimeStamp></Signature>
        <ItemGroupData ItemGroupOID="IG.LB" ItemGroupRepeatKey="1">
          <ItemData ItemOID="IT.LBTESTCD" Value="PLAT"/><ItemData ItemOID="IT.LBORRES" Value="12"/></ItemGroupData>
      </FormData></StudyEventData>
    </SubjectData>
  </ClinicalData>
</ODM>`
const odmCodes = (xml: string) => validateOdmStructure(xml).map((i) => i.code)
/** The example with `from` replaced by `to` (which must occur exactly once). */
const edit = (from: string, to: string, xml = EXAMPLE) => {
  expect(xml.split(from).length, from).toBe(2)
  return xml.replace(from, to)
}

describe('reference-fourth §3: ODM hierarchy enumerations and cardinalities (validator)', () => {
  it('each enumerated attribute of the hierarchy: every listed value is valid, another one is an enumeration issue', () => {
    const attrs: [from: string, attr: (v: string) => string, values: string[], bad: string][] = [
      ['ODMVersion="1.3.2"', (v) => `ODMVersion="${v}"`, ['1.2', '1.2.1', '1.3', '1.3.1', '1.3.2'], '1.3.3'],
      ['Granularity="SingleSubject"', (v) => `Granularity="${v}"`, ['All', 'Metadata', 'AdminData', 'ReferenceData', 'AllClinicalData', 'SingleSite', 'SingleSubject'], 'Subject'],
      ['StudyEventOID="SE.D0" Mandatory="Yes"', (v) => `StudyEventOID="SE.D0" Mandatory="${v}"`, ['Yes', 'No'], 'yes'],
      ['Type="Scheduled"', (v) => `Type="${v}"`, ['Scheduled', 'Unscheduled', 'Common'], 'Visit'],
      ['Name="Lab test code" DataType="text"', (v) => `Name="Lab test code" DataType="${v}"`, ['integer', 'float', 'text', 'string'], 'date'],
      ['UserType="Investigator"', (v) => `UserType="${v}"`, ['Sponsor', 'Investigator', 'Lab', 'Other'], 'PI'],
      ['LocationType="Site"', (v) => `LocationType="${v}"`, ['Sponsor', 'Site', 'CRO', 'Lab', 'Other'], 'Hospital'],
      ['Methodology="Electronic"', (v) => `Methodology="${v}"`, ['Digital', 'Electronic'], 'Wet ink'],
    ]
    for (const [from, attr, values, bad] of attrs) {
      for (const v of values) expect(odmCodes(edit(from, attr(v))), `${from} -> ${v}`).toEqual([])
      expect(odmCodes(edit(from, attr(bad))), `${from} -> ${bad}`).toEqual(['odm.enumeration'])
    }
    // the optional ones may be left out (ODMVersion, Granularity, UserType, LocationType, Methodology are opt)
    for (const from of [' ODMVersion="1.3.2"', ' Granularity="SingleSubject"', ' UserType="Investigator"', ' LocationType="Site"', ' Methodology="Electronic"'])
      expect(odmCodes(edit(from, '')), from).toEqual([])
  })

  it('required attributes: an OID is a non-empty string; StudyEventRef Mandatory and StudyEventDef Type are required', () => {
    expect(odmCodes(edit('<Study OID="ST.EXITP">', '<Study OID="">'))).toContain('odm.required_attribute')
    expect(odmCodes(edit('<User OID="USR.1"', '<User'))).toContain('odm.required_attribute')
    expect(odmCodes(edit('StudyEventOID="SE.D0" Mandatory="Yes"', 'StudyEventOID="SE.D0"'))).toEqual(['odm.required_attribute'])
    expect(odmCodes(edit(' Type="Scheduled"', ''))).toEqual(['odm.required_attribute'])
    expect(odmCodes(edit('<MetaDataVersion OID="MDV.1" Name="Protocol v1.0">', '<MetaDataVersion OID="MDV.1">'))).toEqual(['odm.required_attribute'])
  })

  it('GlobalVariables: StudyName, StudyDescription and ProtocolName are all required, once each, in that order', () => {
    for (const el of ['StudyName', 'StudyDescription', 'ProtocolName']) {
      const without = EXAMPLE.replace(new RegExp(`<${el}>[^<]*</${el}>`), '')
      expect(odmCodes(without), el).toEqual(['odm.missing_element'])
    }
    expect(odmCodes(edit('<ProtocolName>EXITP-001</ProtocolName>', '<ProtocolName>EXITP-001</ProtocolName><ProtocolName>EXITP-002</ProtocolName>'))).toEqual(['odm.too_many'])
    expect(odmCodes(edit('<StudyName>EXAMPLE-ITP</StudyName><StudyDescription>CD19 CAR-T in ITP</StudyDescription>', '<StudyDescription>CD19 CAR-T in ITP</StudyDescription><StudyName>EXAMPLE-ITP</StudyName>'))).not.toEqual([])
  })

  it('CodeList holds CodeListItem+ (each with a Decode), EnumeratedItem+ or one ExternalCodeList; Location holds MetaDataVersionRef+', () => {
    const item = '<CodeListItem CodedValue="PLAT"><Decode><TranslatedText xml:lang="en">Platelets</TranslatedText></Decode></CodeListItem>'
    expect(odmCodes(edit(item, ''))).toContain('odm.code_list_items')
    expect(odmCodes(edit(item, '<CodeListItem CodedValue="PLAT"/>'))).toEqual(['odm.missing_element'])
    expect(odmCodes(edit(item, '<EnumeratedItem CodedValue="PLAT"/>'))).toEqual([])
    expect(odmCodes(edit(item, `${item}<EnumeratedItem CodedValue="WBC"/>`))).toContain('odm.code_list_items')
    expect(odmCodes(edit('<MetaDataVersionRef StudyOID="ST.EXITP" MetaDataVersionOID="MDV.1" EffectiveDate="2025-01-15"/>', ''))).toEqual(['odm.missing_element'])
  })

  it('AuditRecord children in order UserRef, LocationRef, DateTimeStamp, ReasonForChange?, SourceID?', () => {
    const stampEl = '<DateTimeStamp>2025-04-02T10:14:00+08:00</DateTimeStamp><SourceID>lab-import-17</SourceID>'
    expect(odmCodes(edit(stampEl, '<DateTimeStamp>2025-04-02T10:14:00+08:00</DateTimeStamp><ReasonForChange>transcription error</ReasonForChange><SourceID>lab-import-17</SourceID>'))).toEqual([])
    expect(odmCodes(edit(stampEl, '<DateTimeStamp>2025-04-02T10:14:00+08:00</DateTimeStamp><SourceID>lab-import-17</SourceID><ReasonForChange>transcription error</ReasonForChange>'))).toEqual(['odm.order'])
    expect(odmCodes(edit(stampEl, '<DateTimeStamp>2025-04-02T10:14:00+08:00</DateTimeStamp>'))).toEqual([])
    expect(odmCodes(edit(stampEl, '<SourceID>lab-import-17</SourceID>'))).toContain('odm.missing_element')
    // EditPoint and UsedImputationMethod take exactly their listed values
    for (const ep of ['Monitoring', 'DataManagement', 'DBAudit']) expect(odmCodes(edit('<AuditRecord>', `<AuditRecord EditPoint="${ep}" UsedImputationMethod="No">`)), ep).toEqual([])
    expect(odmCodes(edit('<AuditRecord>', '<AuditRecord UsedImputationMethod="Yes">'))).toEqual([])
  })
})

// =============================================================================================================
// §2: codes come from the doc's tables only ("Copy codes from this table only"): a text that names an inherited
// object key (constructor, toString, __proto__, valueOf) is no LBTESTCD, LOINC, UCUM, NCIt, status or phase code
// =============================================================================================================

describe('reference-fourth §2: inherited object keys are never codes of the §2 tables (export, import, validator)', () => {
  const KEYS = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty']
  const USUBJID_SYSTEM = 'https://celltrial.example/fhir/sid/usubjid'
  /** JSON text of a value with no function or prototype-object in it (every value is plain data). */
  const plain = (v: unknown): boolean =>
    v === null || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) ? v.every(plain) : typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(plain))

  it('export: an unlisted LBTESTCD is sent in the platform code system, a unit outside the UCUM table as text only; the registry status/phase fall back', () => {
    for (const k of KEYS) {
      const bundle = buildFhirBundle({
        registryId: 'NCT99999901', title: 'Example', overallStatus: k, phases: [k],
        subjects: [{ usubjid: 'S-1', siteId: '01', age: 30, sex: 'F', armCode: null, infusionDate: null, adverseEvents: [],
          labs: [{ testCode: k, value: 3, text: '3', unit: k, date: '2025-01-01', time: null, refLow: 1, refHigh: 5 }] }],
      })
      expect(plain(bundle), k).toBe(true)
      const rs = bundle.entry!.map((e) => e.resource!)
      const study = rs.find((r) => r.resourceType === 'ResearchStudy')!
      // status is 1..1: a status outside the §2 map gets the default `active`; no phase when the phases map to none
      expect(study).toMatchObject({ status: 'active' })
      expect(study).not.toHaveProperty('phase')
      const o = rs.find((r) => r.resourceType === 'Observation')!
      expect(o, k).toMatchObject({ code: { coding: [{ system: 'https://celltrial.example/fhir/CodeSystem/lbtestcd', code: k }], text: k }, valueQuantity: { value: 3, unit: k } })
      expect((o as { valueQuantity: object }).valueQuantity, k).not.toHaveProperty('code')
      expect(validateFhirResource(bundle, [], { strict: true }), k).toEqual([])
    }
  })

  it('import: a LOINC code or NCIt grade code naming an inherited key is not read as a test or a grade', () => {
    for (const k of KEYS) {
      const r = readFhirBundle({
        resourceType: 'Bundle', type: 'collection', entry: [
          { resource: patient({ id: 'p' }) },
          { resource: obs({ id: 'o1', subject: { reference: 'Patient/p' }, code: { coding: [{ system: 'http://loinc.org', code: k }] } }) },
          { resource: ae({ id: 'a1', subject: { reference: 'Patient/p' }, extension: [{ url: 'http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade', valueCodeableConcept: { coding: [{ system: 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl', code: k }] } }] }) },
        ],
      })
      expect(r.issues.map((i) => `${i.code} ${i.path.join('.')}`), k).toEqual(['fhir.unknown_code entry.1.code'])
      const s = r.study.subjects[0]!
      expect([s.usubjid, s.labs, s.adverseEvents.map((a) => a.grade)], k).toEqual(['EXITP-01-003', [], [null]])
      expect(USUBJID_SYSTEM).toBe(patient().identifier[0]!.system)
    }
  })

  it('validator: a resourceType naming an inherited key is not a resource type of the rules', () => {
    for (const k of KEYS) expect(validateFhirResource({ resourceType: k }).map((i) => i.code), k).toEqual(['fhir.resource_type'])
  })
})
