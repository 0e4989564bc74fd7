import { useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'

/**
 * Submit a chain-of-identity form: run the API call, report "saved" or the server's error (with the field each
 * detail names), and tell the page to reload. `ok` is true after a successful save (to clear the form).
 */
export function useSubmit(onSaved: () => void) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>()
  const [busy, setBusy] = useState(false)
  const run = async (e: FormEvent, call: () => Promise<unknown>, okText: string): Promise<boolean> => {
    e.preventDefault()
    setBusy(true)
    try {
      await call()
      setMessage({ ok: true, text: okText })
      onSaved()
      return true
    } catch (err) {
      const details = err instanceof ApiError ? err.details.map((d) => `${d.path}: ${d.message}`) : []
      setMessage({ ok: false, text: [(err as Error).message, ...details].join(' — ') })
      return false
    } finally {
      setBusy(false)
    }
  }
  const view = message && (
    <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'}>
      {message.text}
    </p>
  )
  return { run, view, busy }
}
