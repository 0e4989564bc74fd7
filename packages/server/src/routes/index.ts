import type { Deps, RoutePlugin } from './deps.js'
import { healthRoutes } from './health.js'
import { authRoutes } from './auth.js'
import { studyRoutes } from './studies.js'
import { subjectRoutes } from './subjects.js'
import { adminRoutes } from './admin.js'
import { journeyRoutes } from './journey.js'
import { screeningRoutes } from './screening.js'
import { responseRoutes } from './response.js'
import { escalationRoutes } from './escalation.js'
import { captureRoutes } from './capture.js'
import { safetyRoutes } from './safety.js'
import { reportRoutes } from './report.js'
import { protocolVersionRoutes } from './protocol-versions.js'
import { exchangeRoutes } from './exchange.js'

/** Every route module of the API, registered in this order by buildApp. One line per feature. */
export const routeModules: ((deps: Deps) => RoutePlugin)[] = [
  healthRoutes,
  authRoutes,
  studyRoutes,
  subjectRoutes,
  adminRoutes,
  journeyRoutes,
  screeningRoutes,
  responseRoutes,
  escalationRoutes,
  captureRoutes,
  safetyRoutes,
  reportRoutes,
  protocolVersionRoutes,
  exchangeRoutes,
]
