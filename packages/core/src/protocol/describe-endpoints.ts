/**
 * Endpoint definitions in words, generated from a protocol's response parameters, so the protocol viewer
 * shows exactly the rule the response engine applies (never a hand-written paraphrase that can drift).
 *
 * Source: ../shared/domain/response-itp.md §1.2-1.3 (IWG 2009 categories, confirmation, loss), §3.2
 * (parameters), §3.4 (evaluability: evalStartDay/evalEndDay, rescue windows, new-therapy censoring), §3.5
 * (baseline), §3.7 (R/CR qualify and fail), §3.8-3.9 (confirmation and loss); README.md "Comparators".
 */
import type { ResponseParams, RescueType } from '../response/params.js'

export type EndpointDescriptionKey =
  | 'response'
  | 'completeResponse'
  | 'lossOfResponse'
  | 'lossOfCompleteResponse'
  | 'baseline'
  | 'evaluability'

/** One definition: the protocol's own term (e.g. `PR`) and the rule in words. */
export interface EndpointDescription {
  key: EndpointDescriptionKey
  term: string
  text: string
}

export type DescriptionLanguage = 'en' | 'zh-CN'

const UNIT = 'x10^9/L'

const WORDS = {
  en: {
    response: 'Response',
    completeResponse: 'Complete response',
    lossOf: (x: string) => `Loss of ${x}`,
    baseline: 'Baseline',
    evaluability: 'Evaluable counts',
    count: 'platelet count',
    and: 'and',
    or: 'or',
    doubling: (cmp: string, f: number) =>
      f === 2 ? (cmp === '>' ? 'more than doubling of baseline' : 'at least doubling of baseline') : `${cmp === '>' ? 'more than' : 'at least'} ${f} x baseline`,
    confirmed: (n: number) => `confirmed on 2 counts >= ${n} days apart`,
    withoutBleeding: (scale: string, g: number) => `without bleeding (${scale} grade >= ${g})`,
    bleedingAllowed: 'bleeding not considered',
    belowBaseline: (f: number) => `< ${f} x baseline`,
    bleeding: (scale: string, g: number) => `bleeding (${scale} grade >= ${g})`,
    lossConfirmed: (m: number) => `on 2 counts >= ${m} ${m === 1 ? 'day' : 'days'} apart, after a response`,
    baselineText: (anchor: string, days: number, rescue: boolean) =>
      `latest platelet count within ${days} days before ${anchor === 'LD_START' ? 'the start of lymphodepletion (infusion if none was given)' : 'the infusion'}${rescue ? ', rescue-affected counts excluded' : ''}; no baseline: response not evaluable (complete response still assessed)`,
    from: (start: number, end: number | null) =>
      `counts from Day ${start} after infusion to ${end === null ? 'the data cut-off' : `Day ${end}`}`,
    rescue: (parts: string) => `counts within a rescue window are not evaluable (${parts} after the rescue ends)`,
    rescueNames: {
      PLATELET_TRANSFUSION: 'platelet transfusion',
      IVIG: 'IVIG',
      HIGH_DOSE_CORTICOSTEROID: 'high-dose corticosteroid',
      TPO_RA: 'TPO-RA',
      OTHER_RESCUE: 'other rescue',
    } satisfies Record<RescueType, string>,
    days: (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`,
    newTherapy: 'counts on or after a new ITP therapy are not evaluable and the duration of response is censored',
    sep: ', ',
    end: '',
  },
  'zh-CN': {
    response: '缓解',
    completeResponse: '完全缓解',
    lossOf: (x: string) => `${x}丧失`,
    baseline: '基线',
    evaluability: '可评估的计数',
    count: '血小板计数',
    and: '且',
    or: '或',
    doubling: (cmp: string, f: number) =>
      f === 2 ? (cmp === '>' ? '较基线增加超过1倍' : '较基线至少增加1倍') : `${cmp === '>' ? '超过' : '至少为'}基线的 ${f} 倍`,
    confirmed: (n: number) => `经间隔 >= ${n} 天的 2 次计数确认`,
    withoutBleeding: (scale: string, g: number) => `且无出血（${scale} 分级 >= ${g}）`,
    bleedingAllowed: '不考虑出血',
    belowBaseline: (f: number) => `< 基线的 ${f} 倍`,
    bleeding: (scale: string, g: number) => `出血（${scale} 分级 >= ${g}）`,
    lossConfirmed: (m: number) => `缓解后经间隔 >= ${m} 天的 2 次计数确认`,
    baselineText: (anchor: string, days: number, rescue: boolean) =>
      `${anchor === 'LD_START' ? '清淋开始（未清淋则为回输）' : '回输'}前 ${days} 天内最近一次血小板计数${rescue ? '，排除受挽救治疗影响的计数' : ''}；无基线时缓解不可评估（仍评估完全缓解）`,
    from: (start: number, end: number | null) =>
      `回输后第 ${start} 天起至${end === null ? '数据截止日' : `第 ${end} 天`}的计数`,
    rescue: (parts: string) => `挽救治疗窗口内的计数不可评估（挽救治疗结束后 ${parts}）`,
    rescueNames: {
      PLATELET_TRANSFUSION: '输注血小板',
      IVIG: 'IVIG',
      HIGH_DOSE_CORTICOSTEROID: '大剂量糖皮质激素',
      TPO_RA: 'TPO-RA',
      OTHER_RESCUE: '其他挽救治疗',
    } satisfies Record<RescueType, string>,
    days: (n: number) => `${n} 天`,
    newTherapy: '开始新的 ITP 治疗当日及之后的计数不可评估，缓解持续时间在该日删失',
    sep: '，',
    end: '',
  },
} as const

/**
 * Describe the response, complete response, loss, baseline and evaluability rules of a protocol in words.
 *
 * @param params the protocol's parsed response parameters (`protocol.endpoints.response`)
 * @param options.language `en` (default) or `zh-CN`
 * @returns six definitions in a fixed order: response, complete response, loss of each, baseline, evaluability
 * @example
 * describeEndpoints({ ...DEFAULT_RESPONSE_PARAMS, rComparator: '>' })[0].text
 * // 'platelet count > 30 x10^9/L and at least doubling of baseline, confirmed on 2 counts >= 7 days apart, without bleeding (WHO grade >= 2)'
 * Source: ../shared/domain/response-itp.md §3.2, §3.7-3.9.
 */
export function describeEndpoints(
  params: ResponseParams,
  { language = 'en' }: { language?: DescriptionLanguage } = {},
): EndpointDescription[] {
  const w = WORDS[language]
  const names = params.categoryNames
  const rTerm = names.R === 'R' ? w.response : `${w.response} (${names.R})`
  const crTerm = names.CR === 'CR' ? w.completeResponse : `${w.completeResponse} (${names.CR})`
  const bleedingClause = (required: boolean) =>
    required ? w.withoutBleeding(params.bleedingScale, params.bleedingGradeThreshold) : w.bleedingAllowed
  const join = (parts: string[]) => parts.join(w.sep) + w.end

  const response = join([
    `${w.count} ${params.rComparator} ${params.rThreshold} ${UNIT} ${w.and} ${w.doubling(params.doublingComparator, params.doublingFactor)}`,
    w.confirmed(params.confirmMinGapDays),
    bleedingClause(params.requireNoBleedingForR),
  ])
  const complete = join([
    `${w.count} ${params.crComparator} ${params.crThreshold} ${UNIT}`,
    w.confirmed(params.confirmMinGapDays),
    bleedingClause(params.requireNoBleedingForCR),
  ])
  const bleed = w.bleeding(params.bleedingScale, params.bleedingGradeThreshold)
  const lossR = join([
    `${w.count} < ${params.rLossThreshold} ${UNIT} ${w.or} ${w.belowBaseline(params.doublingFactor)} ${w.or} ${bleed}`,
    w.lossConfirmed(params.lossMinGapDays),
  ])
  const lossCr = join([
    `${w.count} < ${params.crLossThreshold} ${UNIT} ${w.or} ${bleed}`,
    w.lossConfirmed(params.lossMinGapDays),
  ])
  const rescue = (Object.keys(params.rescueWindowDays) as RescueType[])
    .map((k) => `${w.rescueNames[k]} ${w.days(params.rescueWindowDays[k])}`)
    .join(w.sep)
  const evaluability = join([w.from(params.evalStartDay, params.evalEndDay), w.rescue(rescue), w.newTherapy])
  return [
    { key: 'response', term: rTerm, text: response },
    { key: 'completeResponse', term: crTerm, text: complete },
    { key: 'lossOfResponse', term: w.lossOf(names.R), text: lossR },
    { key: 'lossOfCompleteResponse', term: w.lossOf(names.CR), text: lossCr },
    {
      key: 'baseline',
      term: w.baseline,
      text: w.baselineText(params.baselineAnchor, params.baselineLookbackDays, params.baselineExcludeRescueAffected),
    },
    { key: 'evaluability', term: w.evaluability, text: evaluability },
  ]
}
