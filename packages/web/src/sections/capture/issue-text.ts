import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'

/** An edit-check issue as core returns it, or as the server reports it in an error's details. */
export interface IssueLike {
  code?: string
  checkId?: string
  message: string
  params?: Record<string, string | number>
}

/** The translation key of a check id: `vs.temp.plausible` -> `vs_temp_plausible` (i18next splits keys on dots). */
export const checkKey = (checkId: string): string => checkId.replace(/\./g, '_')

/**
 * An edit-check message in the user's language, keyed on the check's stable id (edit checks:
 * packages/core/src/forms/edit-check.ts), with the detail rebuilt from the issue's params. Schema problems are
 * translated by their zod code, around zod's own message. Anything without a translation keeps the English message the server or core gave.
 */
export function issueText(issue: IssueLike, t: TFunction, exists: (key: string) => boolean): string {
  const kind = issue.code?.startsWith('edit_check.') ? issue.code.slice('edit_check.'.length) : null
  const msgKey = issue.checkId ? `captureChecks.msg.${checkKey(issue.checkId)}` : null
  if (kind && msgKey && exists(msgKey)) {
    const detailKey = `captureChecks.detail.${kind}`
    const detail = exists(detailKey) ? t(detailKey, issue.params ?? {}) : ''
    return detail ? `${t(msgKey)} (${detail})` : t(msgKey)
  }
  const schemaKey = issue.code?.startsWith('schema.') ? `captureChecks.schema.${issue.code.slice('schema.'.length)}` : null
  if (schemaKey && exists(schemaKey)) return t(schemaKey, { message: issue.message })
  return issue.message
}

/** `issueText` bound to the current language. */
export function useIssueText(): (issue: IssueLike) => string {
  const { t, i18n } = useTranslation()
  return (issue) => issueText(issue, t, (key) => i18n.exists(key))
}
