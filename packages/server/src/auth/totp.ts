import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Time-based one-time passwords: TOTP (RFC 6238) over HOTP (RFC 4226) with HMAC-SHA-1, a 30-second step
 * and 6 digits, the parameters every authenticator app assumes. Secrets travel as base32 (RFC 4648 §6).
 */
export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6
/** 160-bit secrets, the HMAC-SHA-1 output size recommended by RFC 4226 §4 (R6) */
export const TOTP_SECRET_BYTES = 20

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * Base32 encoding, RFC 4648 §6.
 * @example base32Encode(Buffer.from('foobar')) // 'MZXW6YTBOI======'
 */
export function base32Encode(bytes: Uint8Array, { padding = true }: { padding?: boolean } = {}): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31]
  if (padding) while (out.length % 8 !== 0) out += '='
  return out
}

/**
 * Base32 decoding, RFC 4648 §6; case, spaces and padding are ignored (people copy secrets by hand).
 * @throws Error naming the first character outside the alphabet
 */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  const out: number[] = []
  let buffer = 0
  let bits = 0
  for (let i = 0; i < clean.length; i++) {
    const value = BASE32_ALPHABET.indexOf(clean[i]!)
    if (value < 0)
      throw new Error(
        `base32: character ${JSON.stringify(clean[i])} at position ${i} is not in the RFC 4648 alphabet`,
      )
    buffer = (buffer << 5) | value
    bits += 5
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255)
      bits -= 8
    }
    buffer &= (1 << bits) - 1
  }
  return Buffer.from(out)
}

/** A fresh random secret (160 bits). */
export function newTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES)
}

/**
 * HOTP value of a counter, RFC 4226 §5.3 (dynamic truncation), zero-padded to `digits`.
 * The counter is an 8-byte big-endian integer; steps fit a double exactly for the next million years.
 */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', secret).update(msg).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** The TOTP time step of an instant, RFC 6238 §4.2: T = floor((unix time - T0) / X), T0 = 0, X = 30 s. */
export function totpStep(nowMs: number, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(nowMs / 1000 / stepSeconds)
}

/** The TOTP code at an instant. */
export function totp(
  secret: Uint8Array,
  nowMs: number,
  { digits = TOTP_DIGITS, stepSeconds = TOTP_STEP_SECONDS } = {},
): string {
  return hotp(secret, totpStep(nowMs, stepSeconds), digits)
}

/**
 * Check a code against the steps around now (±`window` steps, RFC 6238 §5.2 allows for clock drift and
 * typing time) and return the matching step, or undefined. A step at or before `lastUsedStep` is refused
 * even when the code matches: a code works once (RFC 6238 §5.2, "MUST NOT accept the second attempt").
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  nowMs: number,
  { lastUsedStep = null, window = 1 }: { lastUsedStep?: number | null; window?: number } = {},
): number | undefined {
  const given = code.replace(/\s/g, '')
  if (!/^\d+$/.test(given) || given.length !== TOTP_DIGITS) return undefined
  const now = totpStep(nowMs)
  let matched: number | undefined
  // compare every candidate (no early exit), in constant time per candidate
  for (let step = now - window; step <= now + window; step++) {
    const expected = Buffer.from(hotp(secret, step))
    if (timingSafeEqual(expected, Buffer.from(given)) && (lastUsedStep === null || step > lastUsedStep))
      matched ??= step
  }
  return matched
}

/**
 * The provisioning URI authenticator apps read (Google Authenticator "Key Uri Format"):
 * `otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
 */
export function otpauthUri({
  secret,
  account,
  issuer = 'CellTrial',
}: {
  secret: Uint8Array
  account: string
  issuer?: string
}): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`
  const query = new URLSearchParams({
    secret: base32Encode(secret, { padding: false }),
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  })
  return `otpauth://totp/${label}?${query.toString()}`
}
