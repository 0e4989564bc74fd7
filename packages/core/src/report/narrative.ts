/**
 * The abstract paragraph of a study report, in the register of a conference abstract ("Three of four
 * patients (75.0 %; 95 % CI 19.4–99.4) achieved an objective response"), generated from the report model.
 * Numbers: statistics.md §1 (percent with one decimal and x/n), §2 (exact CI display), §3 (median DoR "NR").
 */
import { formatPercentLimit } from '../stats/index.js'
import type { ReportCount, ReportGrades, ReportLanguage, ReportProportion, ReportSummary, StudyReport } from './types.js'
import { roundTo } from './summaries.js'

const EN_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve']
const ZH_WORDS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']
const CLASS_EN: Record<string, string> = { GLUCOCORTICOID: 'glucocorticoids', IVIG: 'IVIG', 'TPO-RA': 'TPO receptor agonists', 'ANTI-CD20': 'rituximab', IMMUNOSUPPRESSANT: 'immunosuppressants' }
const CLASS_ZH: Record<string, string> = { GLUCOCORTICOID: '糖皮质激素', IVIG: '静脉注射免疫球蛋白（IVIG）', 'TPO-RA': 'TPO受体激动剂', 'ANTI-CD20': '利妥昔单抗', IMMUNOSUPPRESSANT: '免疫抑制剂' }

const en = (n: number, capital = false): string => {
  const w = n < EN_WORDS.length ? EN_WORDS[n]! : String(n)
  return capital ? w[0]!.toUpperCase() + w.slice(1) : w
}
const num = (x: number): string => String(roundTo(x, 1))
const pct = (c: ReportCount): string => (c.percent === null ? '–' : `${(Math.floor(c.percent * 10 + 0.5) / 10).toFixed(1)}%`)
const ci = (p: ReportProportion): string => (p.lower === null || p.upper === null ? '' : `95% CI ${formatPercentLimit(p.lower)}–${formatPercentLimit(p.upper)}`)
const andList = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`)
const patients = (n: number) => (n === 1 ? 'patient' : 'patients')
const range = (s: ReportSummary, lang: ReportLanguage) => (lang === 'en' ? `range, ${num(s.min)} to ${num(s.max)}` : `范围 ${num(s.min)}–${num(s.max)}`)

function gradesSentence(g: ReportGrades, name: string, lang: ReportLanguage): string {
  const parts: string[] = []
  let top = 0
  for (const k of [1, 2, 3, 4, 5] as const) {
    const c = g.byGrade[k]
    if (c.x === 0) continue
    top = k
    parts.push(lang === 'en' ? `grade ${k} ${name} occurred in ${en(c.x)} ${patients(c.x)}` : `${c.x}例患者发生${k}级${name}`)
  }
  if (parts.length === 0) return lang === 'en' ? `No ${name} was observed.` : `未观察到${name}。`
  const head = lang === 'en' ? parts.join('; ') : parts.join('，')
  const steroid = g.corticosteroids.x > 0
    ? lang === 'en'
      ? `, treated with high-dose ${g.corticosteroids.treatments.map((t) => t.toLowerCase()).join(' or ')} in ${en(g.corticosteroids.x)}`
      : `，其中${g.corticosteroids.x}例接受大剂量${g.corticosteroids.treatments.map((t) => (t === 'METHYLPREDNISOLONE' ? '甲泼尼龙' : t)).join('或')}治疗`
    : ''
  const none = top < 5 ? (lang === 'en' ? `; no grade ${top + 1} or higher ${name} was observed` : `；未观察到${top + 1}级及以上${name}`) : ''
  return lang === 'en' ? `${head[0]!.toUpperCase()}${head.slice(1)}${steroid}${none}.` : `${head}${steroid}${none}。`
}

/**
 * @param report the report model without its narrative
 * @param lang `en` or `zh-CN`
 * @returns one paragraph
 */
export function buildNarrative(report: Omit<StudyReport, 'narrative'>, lang: ReportLanguage): string {
  const g = report.groups[report.groups.length - 1]!
  const n = g.n
  const out: string[] = []
  const b = g.baseline
  const e = g.efficacy
  const fu = g.exposure.followUpMonths
  if (lang === 'en') {
    out.push(`As of the data cut-off on ${report.cutoff}, ${en(n)} ${patients(n)} had been infused and were evaluable for safety and response` +
      (fu ? `; follow-up ranged from ${Math.round(fu.min)} to ${Math.round(fu.max)} months.` : '.'))
    if (b.age) out.push(`The median age was ${num(b.age.median)} years (${range(b.age, lang)}) and ${pct(b.female)} of patients were women.`)
    if (b.baselinePlatelets) out.push(`The median baseline platelet count was ${num(b.baselinePlatelets.median)}×10⁹/L (${range(b.baselinePlatelets, lang)}).`)
    if (b.diseaseDurationYears && b.priorTherapies)
      out.push(`The median disease duration was ${num(b.diseaseDurationYears.median)} years (${range(b.diseaseDurationYears, lang)}), and patients had received a median of ${num(b.priorTherapies.median)} prior therapies (${range(b.priorTherapies, lang)}).`)
    const all = b.priorTherapyClasses.filter((c) => c.count.x === n && n > 0)
    if (all.length > 0) out.push(`Previous therapies in all patients included ${andList(all.map((c) => CLASS_EN[c.therapyClass] ?? c.therapyClass.toLowerCase()))}.`)
    if (b.gpAutoantibodyPositive.x > 0) out.push(`Platelet glycoprotein autoantibodies were detected in ${en(b.gpAutoantibodyPositive.x)} ${patients(b.gpAutoantibodyPositive.x)}.`)
    if (g.safety.crs.any.n > 0) out.push(gradesSentence(g.safety.crs, 'CRS', lang), gradesSentence(g.safety.icans, 'ICANS', lang))
    out.push(`${en(e.orr.x, true)} of ${en(n)} ${patients(n)} (${pct(e.orr)}; ${ci(e.orr)}) achieved an objective response` +
      (e.crRate.x > 0
        ? `, and ${en(e.crRate.x)} (${pct(e.crRate)}; ${ci(e.crRate)}) a complete response${e.ttcr ? ` at a median of ${num(e.ttcr.median)} days after infusion` : ''}.`
        : '; no complete response was observed.'))
    if (e.ttr) out.push(`The median time to response was ${num(e.ttr.median)} days (${range(e.ttr, lang)}).`)
    if (e.dor.n > 0)
      out.push(`${e.dor.events === 0 ? `No responder had lost the response (${e.dor.n} censored); the median duration of response was not reached.` : `The median duration of response was ${e.dor.median === null ? 'not reached' : `${num(e.dor.median)} days`} (95% CI ${e.dor.lower ?? 'NR'}–${e.dor.upper ?? 'NR'}).`}`)
    if (e.newItpTherapy.x > 0) out.push(`${en(e.newItpTherapy.x, true)} ${patients(e.newItpTherapy.x)} received a new ITP-directed therapy; later counts were censored.`)
    const c = g.correlatives
    if (c) {
      if (c.carTmax) out.push(`CAR-T expansion was observed in ${c.carExpansion.x === n ? 'all patients' : `${en(c.carExpansion.x)} ${patients(c.carExpansion.x)}`}, peaking at a median of day ${num(c.carTmax.median)} (${range(c.carTmax, lang)}).`)
      if (c.bCellElimination.x > 0)
        out.push(`Circulating CD19+ B cells were eliminated in ${c.bCellElimination.x === n ? 'all patients' : `${en(c.bCellElimination.x)} ${patients(c.bCellElimination.x)}`}; aplasia was sustained in ${en(c.sustainedAplasia.x)}` +
          (c.bCellRecovery.x > 0 && c.bCellRecoveryDay ? ` and B cells recovered in ${en(c.bCellRecovery.x)} (median day ${num(c.bCellRecoveryDay.median)}).` : '.'))
      if (c.gpTurnedNegative.n > 0) out.push(`GP autoantibodies turned negative after infusion in ${en(c.gpTurnedNegative.x)} of ${en(c.gpTurnedNegative.n)} positive ${patients(c.gpTurnedNegative.n)}.`)
    }
    return out.join(' ')
  }
  out.push(`截至${report.cutoff}数据截止日，共${n}例患者接受输注并完成安全性和疗效评估` + (fu ? `，随访时间${Math.round(fu.min)}–${Math.round(fu.max)}个月。` : '。'))
  if (b.age) out.push(`中位年龄${num(b.age.median)}岁（${range(b.age, lang)}），女性占${pct(b.female)}。`)
  if (b.baselinePlatelets) out.push(`中位基线血小板计数${num(b.baselinePlatelets.median)}×10⁹/L（${range(b.baselinePlatelets, lang)}）。`)
  if (b.diseaseDurationYears && b.priorTherapies)
    out.push(`中位病程${num(b.diseaseDurationYears.median)}年（${range(b.diseaseDurationYears, lang)}），既往接受治疗中位数${num(b.priorTherapies.median)}种（${range(b.priorTherapies, lang)}）。`)
  const all = b.priorTherapyClasses.filter((c) => c.count.x === n && n > 0)
  if (all.length > 0) out.push(`所有患者既往均接受过${all.map((c) => CLASS_ZH[c.therapyClass] ?? c.therapyClass).join('、')}治疗。`)
  if (b.gpAutoantibodyPositive.x > 0) out.push(`${b.gpAutoantibodyPositive.x}例患者检出血小板糖蛋白自身抗体。`)
  if (g.safety.crs.any.n > 0) out.push(gradesSentence(g.safety.crs, 'CRS', lang), gradesSentence(g.safety.icans, 'ICANS', lang))
  out.push(`${n}例患者中${ZH_WORDS[e.orr.x] ?? e.orr.x}例（${pct(e.orr)}；${ci(e.orr)}）达到客观缓解` +
    (e.crRate.x > 0 ? `，${e.crRate.x}例（${pct(e.crRate)}；${ci(e.crRate)}）达到完全缓解${e.ttcr ? `，中位时间为输注后${num(e.ttcr.median)}天` : ''}。` : '，无完全缓解。'))
  if (e.ttr) out.push(`中位起效时间${num(e.ttr.median)}天（${range(e.ttr, lang)}）。`)
  if (e.dor.n > 0)
    out.push(e.dor.events === 0 ? `缓解患者均未失去缓解（${e.dor.n}例删失），中位缓解持续时间未达到。` : `中位缓解持续时间${e.dor.median === null ? '未达到' : `${num(e.dor.median)}天`}（95% CI ${e.dor.lower ?? 'NR'}–${e.dor.upper ?? 'NR'}）。`)
  if (e.newItpTherapy.x > 0) out.push(`${e.newItpTherapy.x}例患者接受了新的ITP治疗，其后的计数作删失处理。`)
  const c = g.correlatives
  if (c) {
    if (c.carTmax) out.push(`${c.carExpansion.x === n ? '所有' : `${c.carExpansion.x}例`}患者均观察到CAR-T细胞扩增，中位峰值时间为第${num(c.carTmax.median)}天（${range(c.carTmax, lang)}）。`)
    if (c.bCellElimination.x > 0)
      out.push(`${c.bCellElimination.x === n ? '所有' : `${c.bCellElimination.x}例`}患者外周血CD19+ B细胞被清除，${c.sustainedAplasia.x}例持续B细胞缺乏` +
        (c.bCellRecovery.x > 0 && c.bCellRecoveryDay ? `，${c.bCellRecovery.x}例B细胞恢复（中位第${num(c.bCellRecoveryDay.median)}天）。` : '。'))
    if (c.gpTurnedNegative.n > 0) out.push(`${c.gpTurnedNegative.n}例GP自身抗体阳性患者中${c.gpTurnedNegative.x}例输注后转阴。`)
  }
  return out.join('')
}
