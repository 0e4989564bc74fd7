import type { Action } from '@celltrial/core'

/**
 * The documented access rule of every API route (issue "Trustworthy under attack", item 1). The test beside
 * this file reads the routes from the router: a route without an entry here, or an entry without a route,
 * fails it.
 *
 * - `access`: `public` (no login) or `user` (login required; anonymous callers get 401, before validation).
 * - `scope`: what the `:id` of the path names: a `subject` (site-scoped), a `study`, `none`, or `other`.
 * - `action`: for reads, the core access action (packages/core/src/access/roles.ts) the route requires;
 *   the test checks every role at its own site and at another site against `canAccess`. `null`: any
 *   logged-in user. Writes are role-checked by their feature's API tests (each asserts its 403/404 cases).
 */
export interface RouteRule {
  access: 'public' | 'user'
  scope: 'subject' | 'study' | 'none' | 'other'
  action?: Action | null
  /** a query string the route needs, for the test's requests */
  query?: string
}

export const ROUTE_ACCESS: Record<string, RouteRule> = {
  'GET /api/health': { access: 'public', scope: 'none', action: null },
  'POST /api/auth/login': { access: 'public', scope: 'none' },
  'POST /api/auth/logout': { access: 'user', scope: 'none' },
  'GET /api/auth/me': { access: 'user', scope: 'none', action: null },
  'GET /api/setup/status': { access: 'public', scope: 'none', action: null },
  'POST /api/setup': { access: 'public', scope: 'none' },
  'GET /api/studies': { access: 'user', scope: 'none', action: 'study.read' },
  'GET /api/studies/:id': { access: 'user', scope: 'study', action: 'study.read' },
  'POST /api/studies/:id/subjects': { access: 'user', scope: 'study' },
  'GET /api/subjects/:id': { access: 'user', scope: 'subject', action: 'subject.read' },
  'POST /api/subjects/:id/labs': { access: 'user', scope: 'subject' },
  'PUT /api/labs/:id': { access: 'user', scope: 'other' },
  'GET /api/audit': { access: 'user', scope: 'none', action: 'audit.read', query: '?entity=study&entityId=1' },
  'GET /api/users': { access: 'user', scope: 'none', action: 'user.manage' },
  'POST /api/users': { access: 'user', scope: 'none' },
  'GET /api/sites': { access: 'user', scope: 'none', action: 'study.read' },
  'GET /api/subjects/:id/journey': { access: 'user', scope: 'subject', action: 'subject.read' },
  'POST /api/subjects/:id/events': { access: 'user', scope: 'subject' },
  'GET /api/subjects/:id/product': { access: 'user', scope: 'subject', action: 'subject.read' },
  'POST /api/subjects/:id/product': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/product/collections': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/product/lots': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/product/release-tests': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/product/hand-offs': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/product/bedside-verifications': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/dosing/calculate': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/lymphodepletion': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/infusion': { access: 'user', scope: 'subject' },
  'PUT /api/subjects/:id/infusion-date': { access: 'user', scope: 'subject' },
  'GET /api/subjects/:id/visits': { access: 'user', scope: 'subject', action: 'subject.read' },
  'PUT /api/subjects/:id/visits/:visitId': { access: 'user', scope: 'subject' },
  'GET /api/calendar/sites': { access: 'user', scope: 'none', action: 'study.read' },
  'GET /api/sites/:id/calendar': { access: 'user', scope: 'other', action: 'study.read' },
  'GET /api/sites/:id/calendar.ics': { access: 'user', scope: 'other', action: 'study.read' },
  'GET /api/studies/:id/protocol': { access: 'user', scope: 'study', action: 'study.read' },
  'POST /api/screening/prescreen': { access: 'user', scope: 'none' },
  'GET /api/studies/:id/screening': { access: 'user', scope: 'study', action: 'study.read' },
  'POST /api/studies/:id/screening': { access: 'user', scope: 'study' },
  'GET /api/screening/:id': { access: 'user', scope: 'other', action: 'study.read' },
  'POST /api/screening/:id/attestations': { access: 'user', scope: 'other' },
  'GET /api/subjects/:id/response': { access: 'user', scope: 'subject', action: 'subject.read' },
  'GET /api/studies/:id/efficacy': { access: 'user', scope: 'study', action: 'study.read' },
  'GET /api/studies/:id/escalation': { access: 'user', scope: 'study', action: 'study.read' },
  'POST /api/studies/:id/escalation/decisions': { access: 'user', scope: 'study' },
  'POST /api/escalation-decisions/:id/void': { access: 'user', scope: 'other' },
  'POST /api/studies/:id/escalation/rp2d': { access: 'user', scope: 'study' },
  'GET /api/subjects/:id/dlt-assessment': { access: 'user', scope: 'subject', action: 'subject.read' },
  'POST /api/subjects/:id/dlt-assessment': { access: 'user', scope: 'subject' },
  'PUT /api/dlt-assessments/:id': { access: 'user', scope: 'other' },
  'POST /api/dlt-assessments/:id/sign': { access: 'user', scope: 'other' },
  'GET /api/subjects/:id/forms': { access: 'user', scope: 'subject', action: 'subject.read' },
  'POST /api/subjects/:id/forms': { access: 'user', scope: 'subject' },
  'GET /api/forms/:id': { access: 'user', scope: 'other', action: 'study.read' },
  'PUT /api/forms/:id': { access: 'user', scope: 'other' },
  'POST /api/forms/:id/void': { access: 'user', scope: 'other' },
  'POST /api/forms/:id/queries': { access: 'user', scope: 'other' },
  'POST /api/queries/:id/answer': { access: 'user', scope: 'other' },
  'POST /api/queries/:id/close': { access: 'user', scope: 'other' },
  'GET /api/subjects/:id/queries': { access: 'user', scope: 'subject', action: 'subject.read' },
  'GET /api/sites/:id/queries': { access: 'user', scope: 'other', action: 'study.read' },
  'POST /api/forms/:id/sdv': { access: 'user', scope: 'other' },
  'GET /api/subjects/:id/sdv': { access: 'user', scope: 'subject', action: 'subject.read' },
  'GET /api/sites/:id/sdv': { access: 'user', scope: 'other', action: 'study.read' },
  'POST /api/subjects/:id/signatures': { access: 'user', scope: 'subject' },
  'GET /api/subjects/:id/signatures': { access: 'user', scope: 'subject', action: 'subject.read' },
  'POST /api/locks': { access: 'user', scope: 'none' },
  'POST /api/locks/:id/unlock': { access: 'user', scope: 'other' },
  'GET /api/studies/:id/locks': { access: 'user', scope: 'study', action: 'study.read' },
  'GET /api/subjects/:id/safety': { access: 'user', scope: 'subject', action: 'subject.read' },
  'POST /api/subjects/:id/safety/evaluate': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/safety/labs': { access: 'user', scope: 'subject' },
  'POST /api/subjects/:id/safety/lab-proposals/refresh': { access: 'user', scope: 'subject' },
  'POST /api/lab-ae-proposals/:id/decision': { access: 'user', scope: 'other' },
  'GET /api/studies/:id/safety/alerts': { access: 'user', scope: 'study', action: 'study.read' },
  'POST /api/safety-alerts/:id/acknowledge': { access: 'user', scope: 'other' },
  'GET /api/studies/:id/safety/tables': { access: 'user', scope: 'study', action: 'report.run' },
  'POST /api/subjects/:id/sae': { access: 'user', scope: 'subject' },
  'GET /api/sae/:id': { access: 'user', scope: 'other', action: 'study.read' },
  'PATCH /api/sae/:id': { access: 'user', scope: 'other' },
  'POST /api/sae/:id/follow-ups': { access: 'user', scope: 'other' },
  'POST /api/sae/:id/void': { access: 'user', scope: 'other' },
  'GET /api/sae/:id/form.html': { access: 'user', scope: 'other', action: 'study.read' },
  'GET /api/sae/:id/form.pdf': { access: 'user', scope: 'other', action: 'study.read' },
  'GET /api/studies/:id/report': { access: 'user', scope: 'study', action: 'study.read' },
  'GET /api/studies/:id/report.html': { access: 'user', scope: 'study', action: 'study.read' },
}
