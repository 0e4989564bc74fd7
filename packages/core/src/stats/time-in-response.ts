/** Proportion of observed time spent in response, reported with both day counts. */
export interface TimeInResponse {
  cumulativeDaysInResponse: number
  observedDays: number
  /** cumulativeDaysInResponse / observedDays; `null` when nothing was observed (observedDays ≤ 0) */
  fraction: number | null
}

/**
 * IWG duration-of-response definition (b): cumulative time in response over the observation period,
 * reported together with the total observed time. Inputs are the response algorithm's
 * `cumulativeDaysInResponse` (sum over R-level episodes of end − start) and `observedDays` (protocol day of
 * the last evaluable count).
 *
 * Source: domain/response-itp.md §1.3 "Duration of response (b)" and §3.11 (worked example E13:
 * 21/49 = 42.9 %). Rodeghiero F, et al. *Blood* 2009;113(11):2386–2393.
 *
 * @param cumulativeDaysInResponse days in response, ≥ 0
 * @param observedDays days observed
 * @throws RangeError when an input is not finite or cumulativeDaysInResponse is negative
 * @example timeInResponse(21, 49).fraction // 0.42857142857142855
 */
export function timeInResponse(cumulativeDaysInResponse: number, observedDays: number): TimeInResponse {
  if (!Number.isFinite(cumulativeDaysInResponse) || cumulativeDaysInResponse < 0)
    throw new RangeError(`timeInResponse requires cumulativeDaysInResponse >= 0, got ${cumulativeDaysInResponse}`)
  if (!Number.isFinite(observedDays)) throw new RangeError(`timeInResponse requires finite observedDays, got ${observedDays}`)
  return {
    cumulativeDaysInResponse,
    observedDays,
    fraction: observedDays > 0 ? cumulativeDaysInResponse / observedDays : null,
  }
}
