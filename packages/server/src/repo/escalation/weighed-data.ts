import { sql } from 'kysely'
import type { ScopedRepo } from '../scoped-repo.js'

/**
 * Per-dose-level efficacy and safety data weighed beside the DLTs when choosing the RP2D
 * (dose-escalation.md seed context: NCT06826430 judges the RP2D on ORR and AEs to Day 28). Each source is
 * read only when its table exists in this database (other features add them); otherwise the figure is null
 * and the UI says the data are not yet available. Nothing is estimated or filled in.
 */
export interface DoseLevelOutcomes {
  doseLevel: string
  /** subjects with a current derived ITP response (null: no response data source) */
  responseEvaluated: number | null
  /** CR or R (objective response) */
  responders: number | null
  /** subjects with any CRS / ICANS alert, and with grade ≥ 3 (null: no safety alert source) */
  crsAny: number | null
  crsGrade3Plus: number | null
  icansAny: number | null
  icansGrade3Plus: number | null
}

async function tableExists(repo: ScopedRepo, name: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(repo.db)
  return r.rows[0]?.t != null
}

export async function outcomesByDoseLevel(repo: ScopedRepo, studyId: number, doseLevels: readonly string[]): Promise<{ responseSource: boolean; safetySource: boolean; levels: DoseLevelOutcomes[] }> {
  const responseSource = await tableExists(repo, 'derived_response')
  const safetySource = await tableExists(repo, 'safety_alert')
  const responses = responseSource
    ? (
        await sql<{ dose_level: string; evaluated: number; responders: number }>`
          select s.dose_level, count(*)::int as evaluated,
                 count(*) filter (where r.best_response in ('CR', 'R'))::int as responders
            from derived_response r join subject s on s.id = r.subject_id
           where r.study_id = ${studyId} and r.superseded_at is null and s.dose_level is not null
           group by s.dose_level`.execute(repo.db)
      ).rows
    : []
  const alerts = safetySource
    ? (
        await sql<{ dose_level: string; kind: string; any_grade: number; grade3: number }>`
          select dose_level, kind, count(*)::int as any_grade, count(*) filter (where max_grade >= 3)::int as grade3
            from (select s.dose_level, a.kind, a.subject_id, max(a.grade) as max_grade
                    from safety_alert a join subject s on s.id = a.subject_id
                   where a.study_id = ${studyId} and a.kind in ('crs', 'icans') and s.dose_level is not null
                   group by s.dose_level, a.kind, a.subject_id) per_subject
           group by dose_level, kind`.execute(repo.db)
      ).rows
    : []
  const alert = (level: string, kind: string) => alerts.find((a) => a.dose_level === level && a.kind === kind)
  return {
    responseSource,
    safetySource,
    levels: doseLevels.map((level) => {
      const r = responses.find((x) => x.dose_level === level)
      return {
        doseLevel: level,
        responseEvaluated: responseSource ? (r?.evaluated ?? 0) : null,
        responders: responseSource ? (r?.responders ?? 0) : null,
        crsAny: safetySource ? (alert(level, 'crs')?.any_grade ?? 0) : null,
        crsGrade3Plus: safetySource ? (alert(level, 'crs')?.grade3 ?? 0) : null,
        icansAny: safetySource ? (alert(level, 'icans')?.any_grade ?? 0) : null,
        icansGrade3Plus: safetySource ? (alert(level, 'icans')?.grade3 ?? 0) : null,
      }
    }),
  }
}
