import type { ReactElement } from 'react'
import { StudiesPage } from './StudiesPage'
import { StudyPage } from './StudyPage'
import { SubjectPage } from './SubjectPage'
import { SafetyTablesPage } from './SafetyTablesPage'
import { ProductChainPage } from './ProductChainPage'
import { DosingPage } from './DosingPage'
import { SiteCalendarPage } from './SiteCalendarPage'
import { ProtocolPage } from './ProtocolPage'
import { ScreeningPage } from './ScreeningPage'
import { PrescreenPage } from './PrescreenPage'
import { OcPage } from './OcPage'
import { ReportPage } from './ReportPage'
import { AccountPage } from './AccountPage'

/** Pages behind login: a path pattern (`:name` parameters) and what it renders. One line per page. */
export const pageRoutes: { path: string; render: (params: Record<string, string>) => ReactElement }[] = [
  { path: '/', render: () => <StudiesPage /> },
  { path: '/tools/oc', render: () => <OcPage /> },
  { path: '/studies/:id', render: (p) => <StudyPage id={p.id!} /> },
  { path: '/subjects/:id', render: (p) => <SubjectPage id={p.id!} /> },
  { path: '/studies/:id/safety', render: (p) => <SafetyTablesPage id={p.id!} /> },
  { path: '/subjects/:id/product', render: (p) => <ProductChainPage id={p.id!} /> },
  { path: '/subjects/:id/dosing', render: (p) => <DosingPage id={p.id!} /> },
  { path: '/calendar', render: () => <SiteCalendarPage /> },
  { path: '/studies/:id/protocol', render: (p) => <ProtocolPage id={p.id!} /> },
  { path: '/studies/:id/screening', render: (p) => <ScreeningPage id={p.id!} /> },
  { path: '/prescreen', render: () => <PrescreenPage /> },
  { path: '/studies/:id/report', render: (p) => <ReportPage id={p.id!} /> },
  { path: '/account', render: () => <AccountPage /> },
]
