import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { dinFeedback } from './din-feedback'

/**
 * An ISBT 128 DIN field checked as it is typed or scanned (structure and MOD 37-2 check character, core's
 * `parseDin`). The feedback is tied to the input (`aria-describedby`); `aria-invalid` marks a refused value.
 */
export function DinInput({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation()
  const id = useId()
  const f = dinFeedback(value)
  return (
    <label>
      {label}
      <input
        value={value}
        onChange={(e) => onChange(e.target.value.toUpperCase())}
        maxLength={40}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={f.state === 'invalid'}
        aria-describedby={f.state === 'empty' ? undefined : id}
        data-testid="din-input"
      />
      {f.state !== 'empty' && (
        <span id={id} className={f.state === 'invalid' ? 'error' : 'hint'} data-din-state={f.state} role={f.state === 'invalid' ? 'alert' : undefined}>
          {t(`journey.din.${f.key}`, f.values)}
        </span>
      )}
    </label>
  )
}

/** True when the DIN field may be submitted (empty, or structurally valid; the check character is computed if absent). */
export const dinSubmittable = (value: string) => dinFeedback(value).state !== 'invalid'
