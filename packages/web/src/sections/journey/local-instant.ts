/**
 * A `datetime-local` value (`YYYY-MM-DDTHH:MM`, wall time of this computer) as an RFC 3339 date-time with the
 * computer's UTC offset on that date, which the API requires for instants (records cross time zones).
 * @returns null when the value is not a date-time
 * @example withLocalOffset('2025-06-03T09:00') // '2025-06-03T09:00+08:00' in China Standard Time
 */
export function withLocalOffset(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null
  const d = new Date(local)
  if (Number.isNaN(d.getTime())) return null
  return `${local}${offsetText(-d.getTimezoneOffset())}`
}

/** `+08:00` for 480 minutes east of UTC, `-04:00` for 240 minutes west. */
export function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+'
  const m = Math.abs(minutesEast)
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}
