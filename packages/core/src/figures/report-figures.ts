/** All figures of a report, in reading order, for one language. */
import type { ReportLanguage, StudyReport } from '../report/types.js'
import { bCellPlot } from './b-cell-plot.js'
import { carExpansionPlot } from './car-expansion-plot.js'
import { kaplanMeierPlot } from './km-plot.js'
import { plateletSpaghettiPlot } from './platelet-spaghetti.js'
import { swimmerPanels } from './swimmer-plot.js'
import { waterfallPlot } from './waterfall-plot.js'

export type ReportFigureId = 'swimmer' | 'spaghetti' | 'waterfall' | 'km-dor' | 'car-expansion' | 'b-cells'

/**
 * The swimmer plot of a large study comes in panels of SWIMMER_ROWS_PER_PANEL patients: the first in `svg`,
 * the others in `continued`.
 * @example reportFigures(report, 'zh-CN').map((x) => x.id) // ['swimmer', 'spaghetti', 'waterfall', 'km-dor', 'car-expansion', 'b-cells']
 */
export function reportFigures(report: StudyReport, lang: ReportLanguage): { id: ReportFigureId; svg: string; continued?: string[] }[] {
  const [swimmer, ...continued] = swimmerPanels(report, { lang })
  return [
    { id: 'swimmer', svg: swimmer!, ...(continued.length > 0 ? { continued } : {}) },
    { id: 'spaghetti', svg: plateletSpaghettiPlot(report, { lang }) },
    { id: 'waterfall', svg: waterfallPlot(report, { lang }) },
    { id: 'km-dor', svg: kaplanMeierPlot(report, { lang }) },
    { id: 'car-expansion', svg: carExpansionPlot(report, { lang }) },
    { id: 'b-cells', svg: bCellPlot(report, { lang }) },
  ]
}
