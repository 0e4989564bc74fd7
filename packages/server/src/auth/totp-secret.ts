import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * How a TOTP secret is kept in `user_totp.secret`:
 * - `aes256gcm:<iv>:<tag>:<ciphertext>` (base64url parts) when the server has a key (CELLTRIAL_TOTP_KEY);
 *   the user id is the additional authenticated data, so a secret copied to another account does not open;
 * - `plain:<hex>` without a key: readable by anyone who can read the database (SECURITY.md says so).
 */
export type TotpKey = Buffer

/**
 * Parse CELLTRIAL_TOTP_KEY: 32 bytes as 64 hex digits or base64.
 * @throws Error saying what the value must look like
 */
export function parseTotpKey(text: string): TotpKey {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64')
  if (key.length !== 32)
    throw new Error(`must be 32 bytes as 64 hex digits or base64 (got ${key.length} bytes)`)
  return key
}

export function sealTotpSecret(secret: Uint8Array, userId: number, key: TotpKey | undefined): string {
  if (!key) return `plain:${Buffer.from(secret).toString('hex')}`
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(`user:${userId}`))
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()])
  return ['aes256gcm', iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join(':')
}

/**
 * Recover a stored secret.
 * @throws Error when the secret is encrypted and no key, or another key, is configured
 */
export function openTotpSecret(stored: string, userId: number, key: TotpKey | undefined): Buffer {
  const [kind, ...parts] = stored.split(':')
  if (kind === 'plain' && parts.length === 1) return Buffer.from(parts[0]!, 'hex')
  if (kind === 'aes256gcm' && parts.length === 3) {
    if (!key)
      throw new Error(`the TOTP secret of user ${userId} is encrypted but CELLTRIAL_TOTP_KEY is not set`)
    const [iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer]
    const decipher = createDecipheriv('aes-256-gcm', key, iv)
    decipher.setAAD(Buffer.from(`user:${userId}`))
    decipher.setAuthTag(tag)
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()])
    } catch {
      throw new Error(
        `the TOTP secret of user ${userId} does not decrypt with CELLTRIAL_TOTP_KEY (another key?)`,
      )
    }
  }
  throw new Error(`the TOTP secret of user ${userId} has an unknown format ${JSON.stringify(kind)}`)
}
