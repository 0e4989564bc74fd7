/** A user's TOTP second factor (migration 0009_totp.sql). `secret` is sealed by auth/totp-secret.ts. */
export interface UserTotpTable {
  user_id: number
  secret: string
  created_at: string
  /** null while the enrolment waits for its first valid code */
  enabled_at: string | null
  last_used_step: number | null
}

/** Tables of migration 0009 (totp). */
export interface TotpTables {
  user_totp: UserTotpTable
}
