import type { Protocol } from '@celltrial/core'

/** A problem reported by the API: stable code, message, and per-field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message)
  }
}

let csrfToken = ''
export function setCsrfToken(token: string) {
  csrfToken = token
}

/** Call the API; state-changing calls carry the session's CSRF token. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET'
  const headers: Record<string, string> = {}
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const res = await fetch(path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), credentials: 'same-origin' })
  const text = await res.text()
  const data: unknown = text ? JSON.parse(text) : undefined
  if (!res.ok) {
    const err = (data as { error?: { code: string; message: string; details?: { path: string; message: string }[] } } | undefined)?.error
    throw new ApiError(res.status, err?.code ?? 'internal', err?.message ?? res.statusText, err?.details ?? [])
  }
  return data as T
}

export interface Me {
  userId: number
  username: string
  displayName: string
  roles: string[]
  siteIds: number[]
  csrfToken: string
}

export interface SiteRef {
  id: number
  code: string
  name: string
  city: string | null
}

export interface StudySummary {
  id: number
  registry_id: string
  title: string
  product: string
  phase: string
  target_enrolment: number | null
  protocol_version: string
  is_demo: boolean
  sites: SiteRef[]
  subjectCount: number
}

export interface SubjectRow {
  id: number
  code: string
  status: string
  sex: string | null
  age_years: number | null
  dose_level: string | null
  infusion_date: string | null
  is_demo: boolean
  site_code: string
}

export interface StudyDetail extends StudySummary {
  protocol: Protocol
  subjects: SubjectRow[]
}

export interface LabRow {
  id: number
  test_code: string
  value: number
  unit: string
  collected_on: string
  voided_at: string | null
}

export interface SubjectDetail {
  id: number
  code: string
  status: string
  sex: string | null
  age_years: number | null
  dose_level: string | null
  ld_start_date: string | null
  infusion_date: string | null
  is_demo: boolean
  site_code: string
  site_name: string
  registry_id: string
  study_id: number
  study_title: string
  labs: LabRow[]
}
