import type { Deps, RoutePlugin } from './deps.js'
import { healthRoutes } from './health.js'
import { authRoutes } from './auth.js'
import { studyRoutes } from './studies.js'
import { subjectRoutes } from './subjects.js'
import { adminRoutes } from './admin.js'

/** Every route module of the API, registered in this order by buildApp. One line per feature. */
export const routeModules: ((deps: Deps) => RoutePlugin)[] = [
  healthRoutes,
  authRoutes,
  studyRoutes,
  subjectRoutes,
  adminRoutes,
]
