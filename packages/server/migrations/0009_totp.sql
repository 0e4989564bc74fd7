-- Optional TOTP second factor (RFC 6238) per user. One row per user: a pending enrolment has enabled_at
-- null and does not change how the user logs in; an admin reset deletes the row (it is a credential,
-- not clinical data; the reset itself is in the audit trail).
create table user_totp (
  user_id integer primary key references app_user(id),
  -- 'aes256gcm:<iv>:<tag>:<ciphertext>' with CELLTRIAL_TOTP_KEY, else 'plain:<hex>' (see SECURITY.md)
  secret text not null,
  created_at timestamptz not null,
  enabled_at timestamptz,
  -- the last 30-second step whose code was accepted: that step and earlier ones are refused (replay)
  last_used_step bigint
);
