/**
 * The abstract paragraph of a study report, in the register of a conference abstract ("Three of four
 * patients (75.0 %; 95 % CI 19.4–99.4) achieved an objective response"), generated from the report model.
 * Every number of the paragraph is a part that carries the subject ids behind it, so that the HTML page can
 * link it to those subjects (issue 9: "every number links to the subjects behind it").
 * Numbers: statistics.md §1 (percent with one decimal and x/n), §2 (exact CI display), §3 (median DoR "NR").
 */
import { formatPercentLimit } from '../stats/index.js'
import type { ReportCount, ReportGrades, ReportLanguage, ReportProportion, ReportSummary, StudyReport } from './types.js'
import { roundTo } from './summaries.js'

/** A run of narrative text; `ids` (possibly empty) when the run is a number, the subjects behind it. */
export interface NarrativePart {
  text: string
  ids?: string[]
}

const EN_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve']
const ZH_WORDS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']
const CLASS_EN: Record<string, string> = { GLUCOCORTICOID: 'glucocorticoids', IVIG: 'IVIG', 'TPO-RA': 'TPO receptor agonists', 'ANTI-CD20': 'rituximab', IMMUNOSUPPRESSANT: 'immunosuppressants' }
const CLASS_ZH: Record<string, string> = { GLUCOCORTICOID: '糖皮质激素', IVIG: '静脉注射免疫球蛋白（IVIG）', 'TPO-RA': 'TPO受体激动剂', 'ANTI-CD20': '利妥昔单抗', IMMUNOSUPPRESSANT: '免疫抑制剂' }

type Piece = string | NarrativePart | false | null | undefined | Piece[]

/** A number (or number phrase) with the subjects behind it. */
const n$ = (text: string | number, ids: readonly string[]): NarrativePart => ({ text: String(text), ids: [...ids] })

/** Flatten pieces into parts, merging adjacent plain text. */
function parts(...pieces: Piece[]): NarrativePart[] {
  const out: NarrativePart[] = []
  const add = (p: Piece): void => {
    if (p === false || p === null || p === undefined || p === '') return
    if (Array.isArray(p)) return p.forEach(add)
    if (typeof p === 'string') {
      const last = out[out.length - 1]
      if (last && last.ids === undefined) last.text += p
      else out.push({ text: p })
      return
    }
    if (p.ids === undefined) return add(p.text)
    out.push({ text: p.text, ids: p.ids })
  }
  pieces.forEach(add)
  return out
}

const en = (n: number, capital = false): string => {
  const w = n < EN_WORDS.length ? EN_WORDS[n]! : String(n)
  return capital ? w[0]!.toUpperCase() + w.slice(1) : w
}
const num = (x: number): string => String(roundTo(x, 1))
const pct = (c: ReportCount): string => (c.percent === null ? '–' : `${(Math.floor(c.percent * 10 + 0.5) / 10).toFixed(1)}%`)
const ci = (p: ReportProportion): Piece => (p.lower === null || p.upper === null ? '' : ['95% CI ', n$(`${formatPercentLimit(p.lower)}–${formatPercentLimit(p.upper)}`, p.ids)])
const andList = (xs: Piece[]): Piece[] => (xs.length <= 1 ? xs : [...xs.slice(0, -1).flatMap((x, i) => (i === 0 ? [x] : [', ', x])), ' and ', xs[xs.length - 1]])
const patients = (n: number) => (n === 1 ? 'patient' : 'patients')
/** "range, 8 to 25" / "范围 8–25": the ends link to the subjects with a value */
const range = (s: ReportSummary, lang: ReportLanguage): Piece =>
  lang === 'en' ? ['range, ', n$(num(s.min), s.ids), ' to ', n$(num(s.max), s.ids)] : ['范围 ', n$(`${num(s.min)}–${num(s.max)}`, s.ids)]
const med = (s: ReportSummary) => n$(num(s.median), s.ids)

function gradesSentence(g: ReportGrades, name: string, lang: ReportLanguage): NarrativePart[] {
  const clauses: Piece[] = []
  let top = 0
  for (const k of [1, 2, 3, 4, 5] as const) {
    const c = g.byGrade[k]
    if (c.x === 0) continue
    top = k
    clauses.push(lang === 'en' ? [`grade ${k} ${name} occurred in `, n$(`${en(c.x)}`, c.ids), ` ${patients(c.x)}`] : [n$(c.x, c.ids), `例患者发生${k}级${name}`])
  }
  // episodes whose grade was not recorded still count as the event (g.any includes them; safety-grading.md ICANS-6)
  const graded = new Set(([1, 2, 3, 4, 5] as const).flatMap((k) => g.byGrade[k].ids))
  const ungraded = g.any.ids.filter((id) => !graded.has(id))
  if (ungraded.length > 0)
    clauses.push(lang === 'en' ? [`${name} of unrecorded grade occurred in `, n$(en(ungraded.length), ungraded), ` ${patients(ungraded.length)}`] : [n$(ungraded.length, ungraded), `例患者发生未记录分级的${name}`])
  if (clauses.length === 0) return parts(lang === 'en' ? `No ${name} was observed.` : `未观察到${name}。`)
  const joined: Piece[] = clauses.flatMap((c, i) => (i === 0 ? [c] : [lang === 'en' ? '; ' : '，', c]))
  const steroid: Piece = g.corticosteroids.x > 0
    ? lang === 'en'
      ? [`, treated with high-dose ${g.corticosteroids.treatments.map((t) => t.toLowerCase()).join(' or ')} in `, n$(en(g.corticosteroids.x), g.corticosteroids.ids)]
      : ['，其中', n$(g.corticosteroids.x, g.corticosteroids.ids), `例接受大剂量${g.corticosteroids.treatments.map((t) => (t === 'METHYLPREDNISOLONE' ? '甲泼尼龙' : t)).join('或')}治疗`]
    : ''
  const none = top > 0 && top < 5 ? (lang === 'en' ? `; no grade ${top + 1} or higher ${name} was observed` : `；未观察到${top + 1}级及以上${name}`) : ''
  const out = parts(joined, steroid, none, lang === 'en' ? '.' : '。')
  if (lang === 'en') out[0]!.text = out[0]!.text[0]!.toUpperCase() + out[0]!.text.slice(1)
  return out
}

/**
 * The abstract paragraph as parts: plain text, and numbers with the subject ids behind them.
 * @param report the report model (its narrative is not read)
 * @param lang `en` or `zh-CN`
 * @example buildNarrativeParts(report, 'en').find((p) => p.text === 'Three')?.ids // the three responders
 */
export function buildNarrativeParts(report: Omit<StudyReport, 'narrative'>, lang: ReportLanguage): NarrativePart[] {
  const g = report.groups[report.groups.length - 1]!
  const n = g.n
  const all = n$(lang === 'en' ? en(n) : n, g.ids)
  const out: Piece[] = []
  const b = g.baseline
  const e = g.efficacy
  const fu = g.exposure.followUpMonths
  // one value when the shortest and longest follow-up round to the same month ("ranged from 1 to 1 months" otherwise)
  const fuSame = fu !== null && Math.round(fu.min) === Math.round(fu.max)
  const fuRange = (sep: string) => (fu ? (fuSame ? [n$(Math.round(fu.min), fu.ids)] : [n$(Math.round(fu.min), fu.ids), sep, n$(Math.round(fu.max), fu.ids)]) : [])
  const allClasses = b.priorTherapyClasses.filter((c) => c.count.x === n && n > 0)
  const safetyN = g.safety.crs.any.n
  // the response population (response-itp.md §3.11): all infused, or without NE when the protocol says so
  const rn = e.orr.n
  const rAll = rn === n ? all : n$(lang === 'en' ? en(rn) : rn, e.responseIds)
  // statistics.md §1 PROTOCOL DECISION: reverse Kaplan-Meier median follow-up, when chosen and reached
  const rkm = g.exposure.followUpReverseKm
  const rkmMedian = rkm !== null && rkm.median !== null ? n$(num(rkm.median / report.methods.followUpMonthDays), rkm.ids) : null
  if (lang === 'en') {
    // statistics.md §1 "state the analysis population": the safety denominator is the subjects whose AEs were
    // collected (safety.crs.any.n); say so when it is not everyone infused
    const evaluable: Piece = safetyN === n
      ? ` ${n === 1 ? 'was' : 'were'} evaluable for safety and response`
      : [` ${n === 1 ? 'was' : 'were'} evaluable for response, and `, n$(safetyN === 0 ? 'none' : en(safetyN), g.safety.crs.any.ids), ' for safety']
    out.push([`As of the data cut-off on ${report.cutoff}, `, all, ` ${patients(n)} had been infused and`, evaluable, fu ? [fuSame ? '; follow-up was ' : '; follow-up ranged from ', fuRange(' to '), fuSame && Math.round(fu.min) === 1 ? ' month' : ' months', rkmMedian ? [' (median ', rkmMedian, ' months by reverse Kaplan-Meier)'] : '', '.'] : '.'])
    if (b.age) out.push(['The median age was ', med(b.age), ' years (', range(b.age, lang), ') and ', n$(pct(b.female), b.female.ids), ' of patients were women.'])
    if (b.baselinePlatelets) out.push(['The median baseline platelet count was ', med(b.baselinePlatelets), '×10⁹/L (', range(b.baselinePlatelets, lang), ').'])
    if (b.diseaseDurationYears && b.priorTherapies)
      out.push(['The median disease duration was ', med(b.diseaseDurationYears), ' years (', range(b.diseaseDurationYears, lang), '), and patients had received a median of ', med(b.priorTherapies), ' prior therapies (', range(b.priorTherapies, lang), ').'])
    if (allClasses.length > 0) out.push(['Previous therapies in all patients included ', andList(allClasses.map((c) => n$(CLASS_EN[c.therapyClass] ?? c.therapyClass.toLowerCase(), c.count.ids))), '.'])
    if (b.gpAutoantibodyPositive.x > 0) out.push(['Platelet glycoprotein autoantibodies were detected in ', n$(en(b.gpAutoantibodyPositive.x), b.gpAutoantibodyPositive.ids), ` ${patients(b.gpAutoantibodyPositive.x)}.`])
    if (g.safety.crs.any.n > 0) out.push(gradesSentence(g.safety.crs, 'CRS', lang), gradesSentence(g.safety.icans, 'ICANS', lang))
    // "None of four patients", not "No of four patients" (0/n responders: statistics.md §2 table, 0/4)
    // no response sentence without a population (statistics.md §1: percent needs n >= 1)
    if (n > 0 && rn === 0) out.push('No patient was evaluable for response.')
    if (rn > 0) out.push([n$(e.orr.x === 0 ? 'None' : en(e.orr.x, true), e.orr.ids), ' of ', rAll, ` ${patients(rn)}${rn === n ? '' : ' evaluable for response'} (`, n$(pct(e.orr), e.orr.ids), '; ', ci(e.orr), ') achieved an objective response',
      e.crRate.x > 0
        ? [', and ', n$(en(e.crRate.x), e.crRate.ids), ' (', n$(pct(e.crRate), e.crRate.ids), '; ', ci(e.crRate), ') a complete response', e.ttcr ? [' at a median of ', med(e.ttcr), ' days after infusion'] : '', '.']
        : '; no complete response was observed.'])
    if (e.ttr) out.push(['The median time to response was ', med(e.ttr), ' days (', range(e.ttr, lang), ').'])
    if (e.dor.n > 0) {
      const d = e.dor
      out.push(d.events === 0
        ? ['No responder had lost the response (', n$(d.n, d.ids), ' censored); the median duration of response was not reached.']
        : ['The median duration of response was ', d.median === null ? 'not reached' : [n$(num(d.median), d.ids), ' days'], ' (95% CI ', n$(`${d.lower ?? 'NR'}–${d.upper ?? 'NR'}`, d.ids), ').'])
    }
    if (e.ivigIndependent.x > 0 && e.ivigIndependenceDay)
      out.push([n$(en(e.ivigIndependent.x, true), e.ivigIndependent.ids), ' of ', n$(en(e.ivigIndependent.n), e.ivigGivenIds), ` ${patients(e.ivigIndependent.n)} given IVIG after infusion became IVIG-independent from a median of day `, med(e.ivigIndependenceDay), '.'])
    if (e.newItpTherapy.x > 0) out.push([n$(en(e.newItpTherapy.x, true), e.newItpTherapy.ids), ` ${patients(e.newItpTherapy.x)} received a new ITP-directed therapy; later counts were censored.`])
    const c = g.correlatives
    if (c) {
      const some = (x: ReportCount) => (x.x === n ? n$('all patients', x.ids) : [n$(en(x.x), x.ids), ` ${patients(x.x)}`])
      if (c.carTmax) out.push(['CAR-T expansion was observed in ', some(c.carExpansion), ', peaking at a median of day ', med(c.carTmax), ' (', range(c.carTmax, lang), ').'])
      if (c.bCellElimination.x > 0)
        out.push(['Circulating CD19+ B cells were eliminated in ', some(c.bCellElimination), '; aplasia was sustained in ', n$(c.sustainedAplasia.x === 0 ? 'none' : en(c.sustainedAplasia.x), c.sustainedAplasia.ids),
          c.bCellRecovery.x > 0 && c.bCellRecoveryDay ? [' and B cells recovered in ', n$(en(c.bCellRecovery.x), c.bCellRecovery.ids), ' (median day ', med(c.bCellRecoveryDay), ').'] : '.'])
      if (c.gpTurnedNegative.n > 0)
        out.push(['GP autoantibodies turned negative after infusion in ', n$(c.gpTurnedNegative.x === 0 ? 'none' : en(c.gpTurnedNegative.x), c.gpTurnedNegative.ids), ' of ', n$(en(c.gpTurnedNegative.n), b.gpAutoantibodyPositive.ids), ` positive ${patients(c.gpTurnedNegative.n)}.`])
    }
    return parts(out.flatMap((s, i) => (i === 0 ? [s] : [' ', s])))
  }
  out.push([`截至${report.cutoff}数据截止日，共`, all, safetyN === n ? '例患者接受输注并完成安全性和疗效评估' : ['例患者接受输注并完成疗效评估，其中', n$(safetyN, g.safety.crs.any.ids), '例完成安全性评估'], fu ? ['，随访时间', fuRange('–'), '个月', rkmMedian ? ['（反向Kaplan-Meier法中位随访', rkmMedian, '个月）'] : '', '。'] : '。'])
  if (b.age) out.push(['中位年龄', med(b.age), '岁（', range(b.age, lang), '），女性占', n$(pct(b.female), b.female.ids), '。'])
  if (b.baselinePlatelets) out.push(['中位基线血小板计数', med(b.baselinePlatelets), '×10⁹/L（', range(b.baselinePlatelets, lang), '）。'])
  if (b.diseaseDurationYears && b.priorTherapies)
    out.push(['中位病程', med(b.diseaseDurationYears), '年（', range(b.diseaseDurationYears, lang), '），既往接受治疗中位数', med(b.priorTherapies), '种（', range(b.priorTherapies, lang), '）。'])
  if (allClasses.length > 0) out.push(['所有患者既往均接受过', allClasses.flatMap((c, i) => [i === 0 ? '' : '、', n$(CLASS_ZH[c.therapyClass] ?? c.therapyClass, c.count.ids)]), '治疗。'])
  if (b.gpAutoantibodyPositive.x > 0) out.push([n$(b.gpAutoantibodyPositive.x, b.gpAutoantibodyPositive.ids), '例患者检出血小板糖蛋白自身抗体。'])
  if (g.safety.crs.any.n > 0) out.push(gradesSentence(g.safety.crs, 'CRS', lang), gradesSentence(g.safety.icans, 'ICANS', lang))
  if (n > 0 && rn === 0) out.push('无疗效可评估的患者。')
  if (rn > 0) out.push([rAll, rn === n ? '例患者中' : '例疗效可评估患者中', n$(ZH_WORDS[e.orr.x] ?? e.orr.x, e.orr.ids), '例（', n$(pct(e.orr), e.orr.ids), '；', ci(e.orr), '）达到客观缓解',
    e.crRate.x > 0
      ? ['，', n$(e.crRate.x, e.crRate.ids), '例（', n$(pct(e.crRate), e.crRate.ids), '；', ci(e.crRate), '）达到完全缓解', e.ttcr ? ['，中位时间为输注后', med(e.ttcr), '天'] : '', '。']
      : '，无完全缓解。'])
  if (e.ttr) out.push(['中位起效时间', med(e.ttr), '天（', range(e.ttr, lang), '）。'])
  if (e.dor.n > 0) {
    const d = e.dor
    out.push(d.events === 0
      ? ['缓解患者均未失去缓解（', n$(d.n, d.ids), '例删失），中位缓解持续时间未达到。']
      : ['中位缓解持续时间', d.median === null ? '未达到' : [n$(num(d.median), d.ids), '天'], '（95% CI ', n$(`${d.lower ?? 'NR'}–${d.upper ?? 'NR'}`, d.ids), '）。'])
  }
  if (e.ivigIndependent.x > 0 && e.ivigIndependenceDay)
    out.push(['输注后曾使用IVIG的', n$(e.ivigIndependent.n, e.ivigGivenIds), '例患者中', n$(e.ivigIndependent.x, e.ivigIndependent.ids), '例摆脱IVIG依赖，中位起始于第', med(e.ivigIndependenceDay), '天。'])
  if (e.newItpTherapy.x > 0) out.push([n$(e.newItpTherapy.x, e.newItpTherapy.ids), '例患者接受了新的ITP治疗，其后的计数作删失处理。'])
  const c = g.correlatives
  if (c) {
    const some = (x: ReportCount) => (x.x === n ? n$('所有', x.ids) : [n$(x.x, x.ids), '例'])
    // 均 ("all") only when every patient expanded
    if (c.carTmax) out.push([some(c.carExpansion), c.carExpansion.x === n ? '患者均观察到CAR-T细胞扩增，中位峰值时间为第' : '患者观察到CAR-T细胞扩增，中位峰值时间为第', med(c.carTmax), '天（', range(c.carTmax, lang), '）。'])
    if (c.bCellElimination.x > 0)
      out.push([some(c.bCellElimination), '患者外周血CD19+ B细胞被清除，', n$(c.sustainedAplasia.x, c.sustainedAplasia.ids), '例持续B细胞缺乏',
        c.bCellRecovery.x > 0 && c.bCellRecoveryDay ? ['，', n$(c.bCellRecovery.x, c.bCellRecovery.ids), '例B细胞恢复（中位第', med(c.bCellRecoveryDay), '天）。'] : '。'])
    if (c.gpTurnedNegative.n > 0) out.push([n$(c.gpTurnedNegative.n, b.gpAutoantibodyPositive.ids), '例GP自身抗体阳性患者中', n$(c.gpTurnedNegative.x, c.gpTurnedNegative.ids), '例输注后转阴。'])
  }
  return parts(out)
}

/**
 * @param report the report model without its narrative
 * @param lang `en` or `zh-CN`
 * @returns one paragraph (the text of `buildNarrativeParts`)
 */
export function buildNarrative(report: Omit<StudyReport, 'narrative'>, lang: ReportLanguage): string {
  return buildNarrativeParts(report, lang).map((p) => p.text).join('')
}
