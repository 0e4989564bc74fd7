import { useEffect, useState } from 'react'
import { parseProtocol, type Protocol } from '@celltrial/core'
import { api, type StudyDetail, type StudySummary } from '../../api/client'

/** Every loaded study with its parsed protocol (studies whose protocol does not parse are left out). */
export function useStudyProtocols() {
  const [state, setState] = useState<{ studies?: { id: number; protocol: Protocol }[]; error?: Error }>({})
  useEffect(() => {
    let live = true
    api<StudySummary[]>('/api/studies')
      .then((list) => Promise.all(list.map((s) => api<StudyDetail>(`/api/studies/${s.id}`))))
      .then((details) => {
        const studies = details.flatMap((d) => {
          const r = parseProtocol(d.protocol)
          return r.ok ? [{ id: d.id, protocol: r.value }] : []
        })
        if (live) setState({ studies })
      })
      .catch((error: Error) => live && setState({ error }))
    return () => {
      live = false
    }
  }, [])
  return state
}
