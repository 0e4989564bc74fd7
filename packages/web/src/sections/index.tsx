import type { ReactElement } from 'react'
import type { StudyDetail, SubjectDetail } from '../api/client'

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

export const studySections: StudySection[] = []
export const subjectSections: SubjectSection[] = []

/** Links in the top bar for logged-in users, after "Studies": an i18n key and a path. */
export const navLinks: { labelKey: string; to: string }[] = []
