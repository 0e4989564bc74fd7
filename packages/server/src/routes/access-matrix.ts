import type { Action } from '@celltrial/core'
import type { RouteTarget } from '../auth/route-guard.js'

/**
 * The documented access rule of every API route (issue "Trustworthy under attack", item 1). The test beside
 * this file reads the routes from the router: a route without an entry here, or an entry without a route,
 * fails it.
 *
 * - `access`: `public` (no login) or `user` (login required; anonymous callers get 401, before validation).
 * - `scope`: what the `:id` of the path names: a `subject` (site-scoped), a `study`, `none`, or `other`.
 * - `action`: for reads, the core access action (packages/core/src/access/roles.ts) the route requires;
 *   the test checks every role at its own site and at another site against `canAccess`. `null`: any
 *   logged-in user. Writes: WRITE_ACCESS below (access-matrix-writes.test.ts).
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
  'GET /api/auth/totp': { access: 'user', scope: 'none', action: null },
  'POST /api/auth/totp/enrol': { access: 'user', scope: 'none' },
  'POST /api/auth/totp/confirm': { access: 'user', scope: 'none' },
  'POST /api/users/:id/totp/reset': { access: 'user', scope: 'other' },
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
  'GET /api/studies/:id/protocol-versions': { access: 'user', scope: 'study', action: 'study.read' },
  'GET /api/studies/:id/protocol-versions/diff': { access: 'user', scope: 'study', action: 'study.read' },
  'POST /api/studies/:id/protocol-versions': { access: 'user', scope: 'study' },
  'GET /api/subjects/:id/consent': { access: 'user', scope: 'subject', action: 'subject.read' },
  'POST /api/subjects/:id/consent': { access: 'user', scope: 'subject' },
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
  'GET /api/studies/:id/queries': { access: 'user', scope: 'study', action: 'study.read' },
  'GET /api/studies/:id/sdv': { access: 'user', scope: 'study', action: 'study.read' },
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
  'GET /api/studies/:id/export/odm': { access: 'user', scope: 'study', action: 'audit.read' },
  'GET /api/studies/:id/export/sdtm': { access: 'user', scope: 'study', action: 'study.read' },
  'POST /api/studies/:id/import/odm': { access: 'user', scope: 'study' },
  'POST /api/subjects/:id/import/fhir': { access: 'user', scope: 'subject' },
  'GET /api/subjects/:id/export/fhir': { access: 'user', scope: 'subject', action: 'subject.read' },
}

/**
 * The documented access rule of every write route (POST/PUT/PATCH/DELETE) that needs a login, checked by
 * access-matrix-writes.test.ts against the router: each route must declare the same `action` and `target` in
 * its `config` (enforced before validation by auth/route-guard.ts), and every role at its own site and at
 * another site must get what `canAccess` in packages/core/src/access/roles.ts says.
 *
 * - `action`: the core action(s) the route requires, all of them; `null`: any logged-in user.
 * - `target`: what the path's `:id` names (the site where the action is checked), or `body.siteId`;
 *   omitted: a study-wide action, checked for the role alone.
 */
export interface WriteRule {
  action: Action | readonly Action[] | null
  target?: RouteTarget
}

export const WRITE_ACCESS: Record<string, WriteRule> = {
  'POST /api/auth/logout': { action: null },
  'POST /api/studies/:id/subjects': { action: 'subject.enrol', target: 'body.siteId' },
  'POST /api/subjects/:id/labs': { action: 'subject.write', target: 'subject' },
  'PUT /api/labs/:id': { action: 'subject.write', target: 'lab_result' },
  'POST /api/users': { action: 'user.manage' },
  'POST /api/subjects/:id/events': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/product': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/product/collections': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/product/lots': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/product/release-tests': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/product/hand-offs': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/product/bedside-verifications': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/dosing/calculate': { action: 'subject.read', target: 'subject' },
  'POST /api/subjects/:id/lymphodepletion': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/infusion': { action: 'subject.write', target: 'subject' },
  'PUT /api/subjects/:id/infusion-date': { action: 'subject.write', target: 'subject' },
  'PUT /api/subjects/:id/visits/:visitId': { action: 'subject.write', target: 'subject' },
  'POST /api/screening/prescreen': { action: 'study.read' },
  'POST /api/studies/:id/screening': { action: 'subject.enrol', target: 'body.siteId' },
  'POST /api/screening/:id/attestations': { action: 'form.sign', target: 'screening_attempt' },
  'POST /api/studies/:id/escalation/decisions': { action: 'escalation.decide' },
  'POST /api/escalation-decisions/:id/void': { action: 'escalation.decide' },
  'POST /api/studies/:id/escalation/rp2d': { action: 'escalation.decide' },
  'POST /api/subjects/:id/dlt-assessment': { action: ['safety.review', 'form.sign'], target: 'subject' },
  'PUT /api/dlt-assessments/:id': { action: ['safety.review', 'form.sign'], target: 'dlt_assessment' },
  'POST /api/dlt-assessments/:id/sign': { action: ['safety.review', 'form.sign'], target: 'dlt_assessment' },
  'POST /api/subjects/:id/forms': { action: 'subject.write', target: 'subject' },
  'PUT /api/forms/:id': { action: 'subject.write', target: 'form_record' },
  'POST /api/forms/:id/void': { action: 'subject.write', target: 'form_record' },
  'POST /api/forms/:id/queries': { action: 'query.raise', target: 'form_record' },
  'POST /api/queries/:id/answer': { action: 'query.answer', target: 'data_query' },
  'POST /api/queries/:id/close': { action: 'query.raise', target: 'data_query' },
  'POST /api/forms/:id/sdv': { action: 'sdv.mark', target: 'form_record' },
  'POST /api/subjects/:id/signatures': { action: 'form.sign', target: 'subject' },
  'POST /api/locks': { action: 'form.lock' },
  'POST /api/locks/:id/unlock': { action: 'form.lock', target: 'data_lock' },
  'POST /api/subjects/:id/safety/evaluate': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/safety/labs': { action: 'subject.write', target: 'subject' },
  'POST /api/subjects/:id/safety/lab-proposals/refresh': { action: 'subject.write', target: 'subject' },
  'POST /api/lab-ae-proposals/:id/decision': { action: 'safety.review', target: 'lab_ae_proposal' },
  'POST /api/safety-alerts/:id/acknowledge': { action: 'safety.review', target: 'safety_alert' },
  'POST /api/subjects/:id/sae': { action: 'safety.review', target: 'subject' },
  'PATCH /api/sae/:id': { action: 'safety.review', target: 'sae_report' },
  'POST /api/sae/:id/follow-ups': { action: 'safety.review', target: 'sae_report' },
  'POST /api/sae/:id/void': { action: 'safety.review', target: 'sae_report' },
  'POST /api/studies/:id/import/odm': { action: 'form.lock' },
  'POST /api/subjects/:id/import/fhir': { action: 'subject.write', target: 'subject' },
  'POST /api/auth/totp/enrol': { action: null },
  'POST /api/auth/totp/confirm': { action: null },
  'POST /api/users/:id/totp/reset': { action: 'user.manage' },
  'POST /api/studies/:id/protocol-versions': { action: 'study.configure' },
  'POST /api/subjects/:id/consent': { action: 'subject.enrol', target: 'subject' },
}
