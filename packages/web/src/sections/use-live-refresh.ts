import { useEffect, useRef } from 'react'

/** How often safety alerts are fetched again while the page is visible. */
export const LIVE_REFRESH_MS = 15_000

/**
 * Call `refresh` every `everyMs` while the tab is visible, so data changed by another user (e.g. a safety alert
 * raised from someone else's bedside entry) appears without a reload. Polling pauses while the tab is hidden
 * (`document.hidden`) and refreshes at once when it becomes visible again.
 */
export function useLiveRefresh(refresh: () => void, everyMs = LIVE_REFRESH_MS) {
  const latest = useRef(refresh)
  latest.current = refresh
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined
    const start = () => {
      timer ??= setInterval(() => latest.current(), everyMs)
    }
    const stop = () => {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
    }
    const onVisibility = () => {
      if (document.hidden) stop()
      else {
        latest.current()
        start()
      }
    }
    if (!document.hidden) start()
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      stop()
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }, [everyMs])
}
