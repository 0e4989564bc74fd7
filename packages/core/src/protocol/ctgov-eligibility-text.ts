/**
 * Split ClinicalTrials.gov free-text eligibility into numbered inclusion and exclusion items.
 *
 * Source: ../shared/interchange/ctgov-fhir-odm.md §1 "Eligibility text layout" convention: split on lines
 * matching /^(inclusion|exclusion) criteria:?$/i; a line starting with `*`, `-` or `\d+.` begins a new item;
 * any other line is appended to the open item; text before the first heading, and text under an
 * unrecognised heading, goes on the review list — never dropped.
 */

export interface SplitEligibility {
  inclusion: string[]
  exclusion: string[]
  /** text that could not be placed (before the first heading, or under an unrecognised heading) */
  review: string[]
}

const HEADING = /^(inclusion|exclusion) criteria:?$/i
const ITEM = /^(\*|-|\d+\.)\s*/
const OTHER_HEADING = /^[^*\-\d].*:$/

/**
 * @example splitEligibilityText('Inclusion Criteria:\n\n* A\n* B\n\nExclusion Criteria:\n\n* C')
 * // { inclusion: ['A', 'B'], exclusion: ['C'], review: [] }
 */
export function splitEligibilityText(text: string): SplitEligibility {
  const out: SplitEligibility = { inclusion: [], exclusion: [], review: [] }
  let section: 'inclusion' | 'exclusion' | 'review' = 'review'
  let open: { list: string[]; index: number } | undefined
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '') continue
    const h = HEADING.exec(line)
    if (h) {
      section = (h[1] ?? '').toLowerCase() === 'inclusion' ? 'inclusion' : 'exclusion'
      open = undefined
      continue
    }
    if (OTHER_HEADING.test(line) && !ITEM.test(line)) {
      out.review.push(`unrecognised heading: ${line}`)
      section = 'review'
      open = undefined
      continue
    }
    if (section === 'review') {
      out.review.push(line)
      continue
    }
    const list = out[section]
    if (ITEM.test(line)) {
      const item = line.replace(ITEM, '')
      // a bare marker (`*` alone on its line): the item is the text of the lines that follow, if any
      if (item !== '') list.push(item)
      open = { list, index: item !== '' ? list.length - 1 : list.length }
    } else if (open) {
      const before = open.list[open.index]
      open.list[open.index] = before === undefined ? line : `${before} ${line}`
    } else {
      list.push(line)
      open = { list, index: list.length - 1 }
    }
  }
  return out
}
