import type { ReactElement } from 'react'
import { StudiesPage } from './StudiesPage'
import { StudyPage } from './StudyPage'
import { SubjectPage } from './SubjectPage'

/** Pages behind login: a path pattern (`:name` parameters) and what it renders. One line per page. */
export const pageRoutes: { path: string; render: (params: Record<string, string>) => ReactElement }[] = [
  { path: '/', render: () => <StudiesPage /> },
  { path: '/studies/:id', render: (p) => <StudyPage id={p.id!} /> },
  { path: '/subjects/:id', render: (p) => <SubjectPage id={p.id!} /> },
]
