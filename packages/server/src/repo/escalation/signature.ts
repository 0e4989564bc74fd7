import { verifyPassword } from '../../auth/passwords.js'
import { AppError } from '../../errors.js'
import type { ScopedRepo } from '../scoped-repo.js'

/** What a signer re-enters and declares (21 CFR 11.50 style: name, time and meaning of the signature). */
export interface SignatureInput {
  password: string
  meaning: string
}

export interface Signature {
  signed_by: number
  signed_by_name: string
  signature_meaning: string
  signed_at: string
}

/**
 * Verify the caller's re-entered password and return the signature columns. A wrong password is audited
 * (`signature_failed`) and refused with `invalid_credentials`.
 */
export async function signAs(repo: ScopedRepo, input: SignatureInput, what: { entity: string; entityId?: number | null }): Promise<Signature> {
  const meaning = input.meaning.trim()
  if (meaning.length === 0) throw new AppError('validation_failed', 'the meaning of the signature is required', [{ path: 'meaning', message: 'required' }])
  const user = await repo.db.selectFrom('app_user').select(['password_hash', 'display_name']).where('id', '=', repo.who.userId).executeTakeFirst()
  if (!(await verifyPassword(user?.password_hash ?? null, input.password))) {
    await repo.write((_tx, audit) => audit({ action: 'signature_failed', entity: what.entity, entityId: what.entityId ?? null }))
    throw new AppError('invalid_credentials', 'signature refused: wrong password', [{ path: 'password', message: 'wrong password' }])
  }
  return { signed_by: repo.who.userId, signed_by_name: user?.display_name ?? repo.who.username, signature_meaning: meaning, signed_at: repo.clock().toISOString() }
}
