import { describe, expect, it } from 'vitest'
import { act, fireEvent, render } from '@testing-library/react'
import i18n from '../i18n'
import { ReportPage } from './ReportPage'

describe('ReportPage', () => {
  it('frames the server-rendered report in the interface language and applies a valid cut-off', async () => {
    await act(async () => void (await i18n.changeLanguage('zh-CN')))
    const { getByTestId, getByRole, getByText } = render(<ReportPage id="7" />)
    expect(getByText('结果报告')).toBeTruthy()
    expect(getByTestId('report-frame').getAttribute('src')).toBe('/api/studies/7/report.html?lang=zh-CN')
    fireEvent.change(getByTestId('report-cutoff'), { target: { value: '2025-06-1' } })
    expect(getByRole('alert').textContent).toContain('YYYY-MM-DD')
    fireEvent.change(getByTestId('report-cutoff'), { target: { value: '2025-06-15' } })
    fireEvent.submit(getByTestId('report-cutoff').closest('form')!)
    expect(getByTestId('report-frame').getAttribute('src')).toBe('/api/studies/7/report.html?lang=zh-CN&cutoff=2025-06-15')
    await act(async () => void (await i18n.changeLanguage('en')))
    expect(getByTestId('report-frame').getAttribute('src')).toBe('/api/studies/7/report.html?lang=en&cutoff=2025-06-15')
  })
})
