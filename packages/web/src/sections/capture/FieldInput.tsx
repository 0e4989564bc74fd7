import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { FormIssue } from '@celltrial/core'
import type { FieldSpec } from './form-fields'
import { useIssueText } from './issue-text'

const ICE_KEYS = ['orientation.year', 'orientation.month', 'orientation.city', 'orientation.hospital', 'naming.0', 'naming.1', 'naming.2', 'followsCommands', 'writesStandardSentence', 'countsBackwardsBy10'] as const

function triState(v: unknown): string {
  return v === true ? 'yes' : v === false ? 'no' : ''
}
const fromTri = (s: string): boolean | null => (s === 'yes' ? true : s === 'no' ? false : null)

/** One labelled control for a field spec; problems are linked with aria-describedby; open queries flagged. */
export function FieldInput({ spec, value, onChange, issues, openQueries = 0 }: { spec: FieldSpec; value: unknown; onChange: (v: unknown) => void; issues: FormIssue[]; openQueries?: number }) {
  const { t } = useTranslation()
  const issueText = useIssueText()
  const id = useId()
  // unresolved data queries on this field are flagged beside its label while the site corrects it
  const label = (
    <>
      {t(`capture.field.${spec.key}`)}
      {openQueries > 0 && (
        <>
          {' '}
          <span className="badge capture-query" data-testid="capture-entry-query-badge">{t('captureReview.badge.unresolved', { n: openQueries })}</span>
        </>
      )}
    </>
  )
  const invalid = issues.some((i) => i.severity === 'error')
  const describedBy = issues.length > 0 ? `${id}-issues` : undefined
  const problems = issues.length > 0 && (
    <span id={`${id}-issues`} className={invalid ? 'error' : 'capture-warn'}>
      {issues.map(issueText).join(' · ')}
    </span>
  )
  const common = { id, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy, 'data-field': spec.key }
  switch (spec.kind) {
    case 'number':
      return (
        <label htmlFor={id}>
          {label}
          {spec.unit ? ` (${spec.unit})` : ''}
          <input {...common} type="number" inputMode="decimal" step={spec.step ?? 'any'} value={typeof value === 'number' ? String(value) : ''} onChange={(e) => onChange(e.target.value.trim() === '' ? null : Number(e.target.value))} />
          {problems}
        </label>
      )
    case 'text':
      return (
        <label htmlFor={id}>
          {label}
          <input {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' && spec.key === 'unit' ? null : e.target.value)} />
          {problems}
        </label>
      )
    case 'datetime':
      return (
        <label htmlFor={id}>
          {label}
          <input {...common} type="datetime-local" value={typeof value === 'string' ? value.slice(0, 16) : ''} onChange={(e) => onChange(e.target.value)} />
          {problems}
        </label>
      )
    case 'date':
    case 'optionalDate':
      return (
        <label htmlFor={id}>
          {label}
          <input {...common} type="date" value={typeof value === 'string' ? value.slice(0, 10) : ''} onChange={(e) => onChange(e.target.value === '' ? (spec.kind === 'optionalDate' ? null : '') : e.target.value)} />
          {problems}
        </label>
      )
    case 'select':
      return (
        <label htmlFor={id}>
          {label}
          <select {...common} value={typeof value === 'number' || typeof value === 'string' ? String(value) : ''} onChange={(e) => onChange(e.target.value === '' ? null : spec.numeric ? Number(e.target.value) : e.target.value)}>
            {(spec.nullable ?? true) && <option value="">{t('capture.notRecorded')}</option>}
            {spec.options.map((o) => (
              <option key={o} value={o}>
                {spec.numeric ? o : t(`capture.optFor.${spec.key}.${o}`, { defaultValue: t(`capture.opt.${o}`, { defaultValue: o }) })}
              </option>
            ))}
          </select>
          {problems}
        </label>
      )
    case 'boolean':
      return spec.nullable ? (
        <label htmlFor={id}>
          {label}
          <select {...common} value={triState(value)} onChange={(e) => onChange(fromTri(e.target.value))}>
            <option value="">{t('capture.notRecorded')}</option>
            <option value="yes">{t('capture.yes')}</option>
            <option value="no">{t('capture.no')}</option>
          </select>
          {problems}
        </label>
      ) : (
        <label htmlFor={id} className="capture-check">
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}
          {problems}
        </label>
      )
    case 'multi': {
      const selected = Array.isArray(value) ? (value as string[]) : []
      return (
        <fieldset className="capture-multi" aria-describedby={describedBy}>
          <legend>{label}</legend>
          {spec.options.map((o) => (
            <label key={o} className="capture-check">
              <input type="checkbox" checked={selected.includes(o)} onChange={(e) => onChange(e.target.checked ? [...selected, o] : selected.filter((x) => x !== o))} /> {t(`capture.opt.${o}`, { defaultValue: o })}
            </label>
          ))}
          {problems}
        </fieldset>
      )
    }
    case 'ice': {
      const items = (value ?? null) as Record<string, unknown> | null
      const get = (k: string) => k.split('.').reduce<unknown>((c, p) => (c && typeof c === 'object' ? (c as Record<string, unknown>)[p] : undefined), items)
      const set = (k: string, v: boolean | null) => {
        const next = structuredClone<Record<string, unknown>>(items ?? {})
        const [a, b] = k.split('.')
        if (b === undefined) next[a!] = v
        else if (a === 'naming') (next.naming as (boolean | null)[])[Number(b)] = v
        else (next[a!] as Record<string, unknown>)[b] = v
        onChange(next)
      }
      return (
        <fieldset className="capture-multi capture-ice" aria-describedby={describedBy}>
          <legend>{label}</legend>
          {items === null ? (
            <p>{t('capture.notRecorded')}</p>
          ) : (
            ICE_KEYS.map((k) => (
              <label key={k}>
                {t(`capture.ice.${k}`)}
                <select value={triState(get(k))} onChange={(e) => set(k, fromTri(e.target.value))} data-field={`iceItems.${k}`}>
                  <option value="">{t('capture.notRecorded')}</option>
                  <option value="yes">{t('capture.ice.correct')}</option>
                  <option value="no">{t('capture.ice.incorrect')}</option>
                </select>
              </label>
            ))
          )}
          {problems}
        </fieldset>
      )
    }
    case 'items': {
      const items = (value ?? {}) as Record<string, number | null>
      const text = Object.entries(items).map(([k, v]) => `${k}=${v ?? ''}`).join('\n')
      const parse = (s: string) =>
        Object.fromEntries(
          s.split('\n').map((l) => l.trim()).filter((l) => l.includes('=')).map((l) => {
            const [k, v] = l.split('=')
            return [k!.trim(), v!.trim() === '' ? null : Number(v)]
          }),
        )
      return (
        <label htmlFor={id}>
          {label}
          <textarea {...common} rows={6} defaultValue={text} onBlur={(e) => onChange(parse(e.target.value))} />
          <span className="capture-help">{t('capture.itemsHelp')}</span>
          {problems}
        </label>
      )
    }
  }
}
