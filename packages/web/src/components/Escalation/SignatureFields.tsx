import { useId } from 'react'
import { useTranslation } from 'react-i18next'

/** Re-entered password and the meaning of the signature (a signed act: who, when, what it means). */
export function SignatureFields({ password, meaning, onPassword, onMeaning }: { password: string; meaning: string; onPassword: (v: string) => void; onMeaning: (v: string) => void }) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <fieldset className="signature">
      <legend>{t('escalation.sign.legend')}</legend>
      <label htmlFor={`${id}-m`}>{t('escalation.sign.meaning')}</label>
      <input id={`${id}-m`} value={meaning} onChange={(e) => onMeaning(e.target.value)} required />
      <label htmlFor={`${id}-p`}>{t('escalation.sign.password')}</label>
      <input id={`${id}-p`} type="password" autoComplete="current-password" value={password} onChange={(e) => onPassword(e.target.value)} required />
    </fieldset>
  )
}
