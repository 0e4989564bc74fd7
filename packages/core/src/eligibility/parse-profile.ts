/**
 * Validate screening data, reporting every problem with its path.
 *
 * Source: profile-schema.ts; ../shared/STYLE.md §8.1.
 */
import { zodIssuesToIssues } from '../protocol/parse-protocol.js'
import { fail, ok, type Result } from '../result.js'
import { ScreeningProfileSchema, type ScreeningProfile } from './profile-schema.js'

/** @example parseScreeningProfile({ subjectId: 'S1' }).ok // true */
export function parseScreeningProfile(json: unknown): Result<ScreeningProfile> {
  const r = ScreeningProfileSchema.safeParse(json)
  return r.success
    ? ok(r.data)
    : fail(zodIssuesToIssues(r.error.issues, 'packages/core/src/eligibility/profile-schema.ts'))
}
