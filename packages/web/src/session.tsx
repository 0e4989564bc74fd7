import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { api, ApiError, setCsrfToken, type Me } from './api/client'

interface Session {
  me: Me | null
  loading: boolean
  /** `totpCode`: the authenticator code, for accounts with a second factor */
  login: (username: string, password: string, totpCode?: string) => Promise<void>
  logout: () => Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null)
  const [loading, setLoading] = useState(true)
  useEffect(() => {
    api<Me>('/api/auth/me')
      .then((m) => {
        setCsrfToken(m.csrfToken)
        setMe(m)
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) console.error(e)
      })
      .finally(() => setLoading(false))
  }, [])
  const login = useCallback(async (username: string, password: string, totpCode?: string) => {
    const m = await api<Me>('/api/auth/login', { method: 'POST', body: { username, password, ...(totpCode ? { totpCode } : {}) } })
    setCsrfToken(m.csrfToken)
    setMe(m)
  }, [])
  const logout = useCallback(async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined)
    setCsrfToken('')
    setMe(null)
  }, [])
  return <SessionContext.Provider value={{ me, loading, login, logout }}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionProvider')
  return s
}
