import { useEffect, useState } from 'react'
import { api } from './api/client'

/** Load `path` from the API; reloads when the path changes. */
export function useApi<T>(path: string) {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true })
  useEffect(() => {
    let live = true
    setState({ loading: true })
    api<T>(path)
      .then((data) => live && setState({ data, loading: false }))
      .catch((error: Error) => live && setState({ error, loading: false }))
    return () => {
      live = false
    }
  }, [path])
  return state
}
