import type { ReactElement } from 'react'
import type { StudyDetail, SubjectDetail } from '../api/client'
import { SafetySection } from './SafetySection'
import { StudySafetySection } from './StudySafetySection'
import { ScreeningSection } from './ScreeningSection'
import { EfficacySection } from './EfficacySection'
import { ResponseSection } from './ResponseSection'
import { EscalationSection } from './EscalationSection'
import { DltSection } from './DltSection'
import { JourneySection } from './JourneySection'
import { ReportSection } from './ReportSection'
import { DataEntrySection } from './DataEntrySection'
import { ConsentSection } from './ConsentSection'
import { DataReviewSection } from './DataReviewSection'

/**
 * Extension points of the study and subject pages: each feature adds its section here (one line), in the
 * order the page shows them, instead of editing the page itself.
 */
export interface StudySection {
  id: string
  /** i18n key of the section's heading, for the page's "On this page" links */
  titleKey: string
  /** whether the section shows anything for this study (a link to an empty section is left out); default yes */
  shown?: (study: StudyDetail) => boolean
  render: (study: StudyDetail) => ReactElement
}
export interface SubjectSection {
  id: string
  /** i18n key of the section's heading, for the page's "On this page" links */
  titleKey: string
  /** whether the section shows anything for this subject; default yes */
  shown?: (subject: SubjectDetail) => boolean
  render: (subject: SubjectDetail) => ReactElement
}

export const studySections: StudySection[] = [
  { id: 'safety', titleKey: 'safety.study.title', render: (study) => <StudySafetySection study={study} /> },
  { id: 'screening', titleKey: 'screening.sectionTitle', render: (study) => <ScreeningSection study={study} /> },
  { id: 'efficacy', titleKey: 'response.efficacy.title', render: (study) => <EfficacySection study={study} /> },
  {
    id: 'escalation',
    titleKey: 'escalation.title',
    shown: (study) => study.protocol.escalation.design !== 'none',
    render: (study) => <EscalationSection study={study} />,
  },
  { id: 'report', titleKey: 'report.section', render: (study) => <ReportSection study={study} /> },
  { id: 'data-review', titleKey: 'captureReview.study.title', render: (study) => <DataReviewSection study={study} /> },
]
export const subjectSections: SubjectSection[] = [
  { id: 'safety', titleKey: 'safety.title', render: (subject) => <SafetySection subject={subject} /> },
  { id: 'journey', titleKey: 'journey.title', render: (subject) => <JourneySection subject={subject} /> },
  { id: 'consent', titleKey: 'amendments.consentTitle', render: (subject) => <ConsentSection subject={subject} /> },
  { id: 'response', titleKey: 'response.title', render: (subject) => <ResponseSection subject={subject} /> },
  // the DLT assessment starts at the infusion (DltSection shows nothing before)
  { id: 'dlt', titleKey: 'escalation.dlt.title', shown: (subject) => subject.infusion_date !== null, render: (subject) => <DltSection subject={subject} /> },
  { id: 'capture', titleKey: 'capture.title', render: (subject) => <DataEntrySection subject={subject} /> },
]

/** Links in the top bar for logged-in users, after "Studies": an i18n key and a path. */
export const navLinks: { labelKey: string; to: string }[] = [{ labelKey: 'journey.calendar.nav', to: '/calendar' }, { labelKey: 'screening.nav', to: '/prescreen' }, { labelKey: 'escalation.oc.nav', to: '/tools/oc' }, { labelKey: 'account.nav', to: '/account' }]
