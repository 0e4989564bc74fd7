/** Figure words in English and Simplified Chinese (every visible string of the figures). */
import type { ReportLanguage } from '../report/types.js'

export interface FigureLabels {
  swimmerTitle: string
  swimmerX: string
  firstR: string
  firstCR: string
  loss: string
  newTherapy: string
  death: string
  severeCrsIcans: string
  ongoing: string
  spaghettiTitle: string
  spaghettiX: string
  spaghettiY: string
  excluded: string
  zeroNote: string
  rescueBand: string
  kmTitle: string
  kmX: string
  kmY: string
  censored: string
  atRisk: string
  noResponders: string
  medianNr: string
  median: string
  expansionTitle: string
  expansionX: string
  expansionY: string
  peak: string
  bCellTitle: string
  bCellX: string
  bCellY: string
  cutoff: string
  waterfallTitle: string
  waterfallY: string
  noData: string
  dayAbbrev: string
  response: Record<'CR' | 'R' | 'NR' | 'NE', string>
}

export const FIGURE_LABELS: Record<ReportLanguage, FigureLabels> = {
  en: {
    swimmerTitle: 'Time on study and response per patient',
    swimmerX: 'Months since CAR-T infusion',
    firstR: 'First response (R)',
    firstCR: 'Complete response (CR)',
    loss: 'Loss of response',
    newTherapy: 'New ITP therapy',
    death: 'Death',
    severeCrsIcans: 'CRS or ICANS grade ≥ 3 (onset)',
    ongoing: 'In response at cut-off',
    spaghettiTitle: 'Platelet counts over time',
    spaghettiX: 'Day since infusion (Day 0)',
    spaghettiY: 'Platelets ×10⁹/L (log scale)',
    excluded: 'Not evaluable (rescue or new therapy)',
    zeroNote: '0 is plotted at the axis minimum',
    rescueBand: 'Rescue therapy and its exclusion window',
    kmTitle: 'Duration of response (Kaplan-Meier)',
    kmX: 'Months since response',
    kmY: 'Probability of remaining in response',
    censored: 'Censored',
    atRisk: 'At risk',
    noResponders: 'No responders: duration of response not estimable',
    medianNr: 'Median not reached',
    median: 'Median',
    expansionTitle: 'CAR-T expansion (qPCR)',
    expansionX: 'Day since infusion',
    expansionY: 'CAR copies/µg gDNA (log scale)',
    peak: 'Peak',
    bCellTitle: 'CD19+ B cells in peripheral blood',
    bCellX: 'Day since infusion',
    bCellY: 'CD19+ B cells/µL',
    cutoff: 'Aplasia cutoff',
    waterfallTitle: 'Best platelet change from baseline',
    waterfallY: 'Change from baseline (%)',
    noData: 'No data',
    dayAbbrev: 'Day',
    response: { CR: 'Complete response', R: 'Response', NR: 'No response', NE: 'Not evaluable' },
  },
  'zh-CN': {
    swimmerTitle: '各患者研究时间与缓解情况',
    swimmerX: 'CAR-T输注后月数',
    firstR: '首次缓解（R）',
    firstCR: '完全缓解（CR）',
    loss: '失去缓解',
    newTherapy: '新的ITP治疗',
    death: '死亡',
    severeCrsIcans: 'CRS或ICANS ≥3级（发生）',
    ongoing: '截止时仍处于缓解',
    spaghettiTitle: '血小板计数随时间变化',
    spaghettiX: '输注后天数（第0天）',
    spaghettiY: '血小板 ×10⁹/L（对数坐标）',
    excluded: '不可评估（挽救治疗或新治疗）',
    zeroNote: '0值绘于坐标轴最小值处',
    rescueBand: '挽救治疗及其排除窗',
    kmTitle: '缓解持续时间（Kaplan-Meier）',
    kmX: '缓解后月数',
    kmY: '维持缓解的概率',
    censored: '删失',
    atRisk: '风险人数',
    noResponders: '无缓解患者：无法估计缓解持续时间',
    medianNr: '中位数未达到',
    median: '中位数',
    expansionTitle: 'CAR-T细胞扩增（qPCR）',
    expansionX: '输注后天数',
    expansionY: 'CAR拷贝数/µg gDNA（对数坐标）',
    peak: '峰值',
    bCellTitle: '外周血CD19+ B细胞',
    bCellX: '输注后天数',
    bCellY: 'CD19+ B细胞/µL',
    cutoff: 'B细胞缺乏阈值',
    waterfallTitle: '血小板较基线的最佳变化',
    waterfallY: '较基线变化（%）',
    noData: '无数据',
    dayAbbrev: '第',
    response: { CR: '完全缓解', R: '缓解', NR: '无缓解', NE: '不可评估' },
  },
}

/** Short subject label: the last segment of USUBJID ("NCT06352281-SITE01-001" -> "001"). */
export const shortId = (id: string): string => id.split(/[-_]/).pop() || id
