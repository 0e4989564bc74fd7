import { useState } from 'react'

/**
 * A text field whose default is a translated phrase (e.g. a signature's meaning): until the user types, the value
 * is `current`, computed at each render, so it follows a language switch; once typed, it is what the user typed.
 * @example const [meaning, setMeaning] = useDefaultValue(t('escalation.dlt.defaultMeaning'))
 */
export function useDefaultValue(current: string): [string, (typed: string) => void] {
  const [typed, setTyped] = useState<string | null>(null)
  return [typed ?? current, setTyped]
}
