/**
 * Stable error codes, mapped to HTTP statuses in one place (cf. Fastify lib/errors.js).
 * Every error a client can see has a code from this table; anything else is logged and becomes an
 * opaque 500 `internal`. docs/errors.md lists the codes for API users.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  totp_required: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  setup_done: 409,
  illegal_transition: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  data_dir_locked: 503,
  config_invalid: 500,
  internal: 500,
} as const
export type ErrorCode = keyof typeof ERROR_STATUS

/** One problem inside a request, e.g. a field that failed validation. */
export interface ErrorDetail {
  path: string
  message: string
}

export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message)
  }
  get status(): number {
    return ERROR_STATUS[this.code]
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`)
export const forbidden = (what: string) => new AppError('forbidden', `not allowed: ${what}`)
