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

/**
 * An instant from the API (RFC 3339, stored in UTC) as this computer's wall time with its offset, e.g.
 * `2024-01-22 09:00 +08:00` for `2024-01-22T01:00:00.000Z` in China Standard Time: a signature or hand-off
 * time read at a site must not show UTC as if it were local.
 * @returns the input unchanged when it is not a date-time
 */
export function displayInstant(iso: string): string {
  const d = new Date(iso)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())} ${offsetText(-d.getTimezoneOffset())}`
}

/** The local calendar date (`YYYY-MM-DD`) of an instant from the API; the input unchanged when it is not one. */
export function displayLocalDate(iso: string): string {
  const shown = displayInstant(iso)
  return shown === iso ? iso : shown.slice(0, 10)
}
