import { mod37_2CheckCharacter, parseDin } from '@celltrial/core'

/**
 * Live feedback on a typed or scanned ISBT 128 DIN, from core's parser (regimen-and-dosing.md §5.2: 13 characters,
 * ISO/IEC 7064 MOD 37-2 check character), as an i18n key under `journey.din` with its values. The server runs the
 * same parser and refuses what this flags.
 */
export type DinFeedback =
  | { state: 'empty' }
  | { state: 'valid'; key: 'valid'; values: { eyeReadable: string } }
  | { state: 'incomplete'; key: 'needsCheck'; values: { check: string } }
  | { state: 'invalid'; key: 'structure' | 'checkMismatch' | 'flagMismatch'; values: Record<string, string> }

export function dinFeedback(input: string): DinFeedback {
  const text = input.trim()
  if (text === '') return { state: 'empty' }
  const parsed = parseDin(text)
  if (parsed.ok) {
    // 13 characters without the check character are structurally valid, but a DIN copied from a label must carry
    // its check character, which is what catches a mistyped identifier: ask for it
    const compact = text.replace(/ /g, '')
    if (!text.startsWith('=') && compact.length === 13) return { state: 'incomplete', key: 'needsCheck', values: { check: parsed.value.checkCharacter } }
    return { state: 'valid', key: 'valid', values: { eyeReadable: parsed.value.eyeReadable } }
  }
  const issue = parsed.issues[0]
  if (issue?.code === 'isbt128.check_character_mismatch') {
    const compact = text.replace(/ /g, '')
    return { state: 'invalid', key: 'checkMismatch', values: { given: compact.slice(13), expected: mod37_2CheckCharacter(compact.slice(0, 13)) ?? '?' } }
  }
  if (issue?.code === 'isbt128.flag_check_mismatch') return { state: 'invalid', key: 'flagMismatch', values: { given: text.slice(-2) } }
  return { state: 'invalid', key: 'structure', values: {} }
}

/** The DIN with its check character as the API takes it, or null when the field is empty. */
export function dinForApi(input: string): string | null {
  return input.trim() === '' ? null : input.trim()
}
