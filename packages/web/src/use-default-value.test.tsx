import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useDefaultValue } from './use-default-value'

function Meaning({ current }: { current: string }) {
  const [meaning, setMeaning] = useDefaultValue(current)
  return <input aria-label="meaning" value={meaning} onChange={(e) => setMeaning(e.target.value)} />
}

afterEach(cleanup)

describe('useDefaultValue', () => {
  it('follows the translated default (a language switch) until the user types', () => {
    const { rerender } = render(<Meaning current="Approved" />)
    const input = screen.getByLabelText<HTMLInputElement>('meaning')
    expect(input.value).toBe('Approved')
    rerender(<Meaning current="批准" />)
    expect(input.value).toBe('批准')
  })
  it('keeps what the user typed, an empty field included, across a language switch', () => {
    const { rerender } = render(<Meaning current="Approved" />)
    const input = screen.getByLabelText<HTMLInputElement>('meaning')
    fireEvent.change(input, { target: { value: 'Reviewed' } })
    rerender(<Meaning current="批准" />)
    expect(input.value).toBe('Reviewed')
    fireEvent.change(input, { target: { value: '' } })
    rerender(<Meaning current="Approved" />)
    expect(input.value).toBe('')
  })
})
