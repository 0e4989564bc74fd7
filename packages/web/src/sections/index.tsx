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
  render: (study: StudyDetail) => ReactElement
}
export interface SubjectSection {
  id: string
  render: (subject: SubjectDetail) => ReactElement
}

export const studySections: StudySection[] = [
  { id: 'safety', render: (study) => <StudySafetySection study={study} /> },
  { id: 'screening', render: (study) => <ScreeningSection study={study} /> },
  { id: 'efficacy', render: (study) => <EfficacySection study={study} /> },
  { id: 'escalation', render: (study) => <EscalationSection study={study} /> },
  { id: 'report', render: (study) => <ReportSection study={study} /> },
  { id: 'data-review', render: (study) => <DataReviewSection study={study} /> },
]
export const subjectSections: SubjectSection[] = [{ id: 'safety', render: (subject) => <SafetySection subject={subject} /> }, { id: 'journey', render: (subject) => <JourneySection subject={subject} /> }, { id: 'consent', render: (subject) => <ConsentSection subject={subject} /> }, { id: 'response', render: (subject) => <ResponseSection subject={subject} /> }, { id: 'dlt', render: (subject) => <DltSection subject={subject} /> }, { id: 'capture', render: (subject) => <DataEntrySection subject={subject} /> }]

/** Links in the top bar for logged-in users, after "Studies": an i18n key and a path. */
export const navLinks: { labelKey: string; to: string }[] = [{ labelKey: 'journey.calendar.nav', to: '/calendar' }, { labelKey: 'screening.nav', to: '/prescreen' }, { labelKey: 'escalation.oc.nav', to: '/tools/oc' }, { labelKey: 'account.nav', to: '/account' }]
