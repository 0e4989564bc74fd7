import { useTranslation } from 'react-i18next'
import { Layout } from './components/Layout/Layout'
import { LoginPage } from './pages/LoginPage'
import { SetupPage } from './pages/SetupPage'
import { StudiesPage } from './pages/StudiesPage'
import { pageRoutes } from './pages/routes'
import { matchPath, usePath } from './router'
import { useSession } from './session'

function Routes() {
  const path = usePath()
  const { me, loading } = useSession()
  const { t } = useTranslation()
  if (matchPath('/setup', path)) return <SetupPage token={new URLSearchParams(window.location.search).get('token')} />
  if (loading) return <p>{t('common.loading')}</p>
  if (!me) return <LoginPage />
  for (const route of pageRoutes) {
    const params = matchPath(route.path, path)
    if (params) return route.render(params)
  }
  return <StudiesPage />
}

export function App() {
  return (
    <Layout>
      <Routes />
    </Layout>
  )
}
