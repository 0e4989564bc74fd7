import { hash, verify } from '@node-rs/argon2'

/**
 * argon2id with OWASP's 2023 minimum (19 MiB, 2 iterations, 1 lane).
 * Source: OWASP Password Storage Cheat Sheet, "Argon2id".
 */
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export const MIN_PASSWORD_LENGTH = 12

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

/** Constant-time check; an account without a password (invited, not yet set) never verifies. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    await hash(password, OPTIONS) // same cost as a real check, so timing does not reveal the account state
    return false
  }
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must have at least ${MIN_PASSWORD_LENGTH} characters`
  if (password.toLowerCase().includes(username.toLowerCase())) return 'password must not contain the username'
  return undefined
}
