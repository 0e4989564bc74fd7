import { useTranslation } from 'react-i18next'
import { DiagnosisSchema } from '@celltrial/core'
import {
  humanize,
  MEDICATION_CLASSES,
  THERAPY_CLASSES,
  THERAPY_OUTCOMES,
  type ProfileFields,
  type ProfileFormState,
} from './profile-form'

const row = { display: 'flex', flexWrap: 'wrap', gap: '0 1rem', alignItems: 'flex-end' } as const
const fieldset = { border: '1px solid #dde1e7', borderRadius: 6, marginBottom: '1rem', background: '#fff' } as const

/**
 * A candidate's screening data: demographics, diagnosis, labs, prior therapies, medications and the yes/no
 * findings, serology and dated events the loaded protocols read. Blank means unknown.
 */
export function ProfileForm({
  value,
  onChange,
  fields,
  mode,
}: {
  value: ProfileFormState
  onChange: (next: ProfileFormState) => void
  fields: ProfileFields
  mode: 'durations' | 'dates'
}) {
  const { t } = useTranslation()
  const set = <K extends keyof ProfileFormState>(k: K, v: ProfileFormState[K]) => onChange({ ...value, [k]: v })
  const lab = (test: string) => value.labs[test] ?? { value: '', uln: '', lln: '' }
  const setLab = (test: string, k: 'value' | 'uln' | 'lln', v: string) => set('labs', { ...value.labs, [test]: { ...lab(test), [k]: v } })
  return (
    <div className="profile-form">
      <fieldset style={fieldset}>
        <legend>{t('screening.form.person')}</legend>
        <div style={row}>
          {mode === 'durations' ? (
            <label>
              {t('screening.form.age')}
              <input type="number" min={0} max={120} step={1} value={value.ageYears} onChange={(e) => set('ageYears', e.target.value)} />
            </label>
          ) : (
            <label>
              {t('screening.form.birthDate')}
              <input type="date" value={value.birthDate} onChange={(e) => set('birthDate', e.target.value)} />
            </label>
          )}
          <label>
            {t('screening.form.sex')}
            <select value={value.sex} onChange={(e) => set('sex', e.target.value as ProfileFormState['sex'])}>
              <option value="">{t('screening.form.unknown')}</option>
              <option value="female">{t('screening.form.female')}</option>
              <option value="male">{t('screening.form.male')}</option>
            </select>
          </label>
          <label>
            {t('screening.form.diagnosis')}
            <select value={value.diagnosis} onChange={(e) => set('diagnosis', e.target.value as ProfileFormState['diagnosis'])}>
              <option value="">{t('screening.form.unknown')}</option>
              {DiagnosisSchema.options.map((d) => (
                <option key={d} value={d}>
                  {t(`screening.diagnosis.${d}`)}
                </option>
              ))}
            </select>
          </label>
          {mode === 'durations' ? (
            <label>
              {t('screening.form.durationMonths')}
              <input type="number" min={0} step={1} value={value.durationMonths} onChange={(e) => set('durationMonths', e.target.value)} />
            </label>
          ) : (
            <label>
              {t('screening.form.diagnosisDate')}
              <input type="date" value={value.diagnosisDate} onChange={(e) => set('diagnosisDate', e.target.value)} />
            </label>
          )}
          {fields.ecog && (
            <label>
              {t('screening.form.ecog')}
              <input type="number" min={0} max={5} step={1} value={value.ecog} onChange={(e) => set('ecog', e.target.value)} />
            </label>
          )}
          {fields.lvef && (
            <label>
              {t('screening.form.lvef')}
              <input type="number" min={0} max={100} value={value.lvef} onChange={(e) => set('lvef', e.target.value)} />
            </label>
          )}
        </div>
      </fieldset>

      <fieldset style={fieldset}>
        <legend>{t('screening.form.labs')}</legend>
        <label style={{ maxWidth: 220 }}>
          {t('screening.form.labDate')}
          <input type="date" value={value.labDate} onChange={(e) => set('labDate', e.target.value)} />
        </label>
        {fields.labs.map((l) => (
          <div key={l.test} style={row}>
            <label>
              {t('screening.form.labValue', { test: t(`screening.lab.${l.test}`, { defaultValue: l.test }), unit: l.unit })}
              <input type="number" min={0} step="any" value={lab(l.test).value} onChange={(e) => setLab(l.test, 'value', e.target.value)} />
            </label>
            {l.refs.includes('uln') && (
              <label>
                {t('screening.form.uln', { test: t(`screening.lab.${l.test}`, { defaultValue: l.test }) })}
                <input type="number" min={0} step="any" value={lab(l.test).uln} onChange={(e) => setLab(l.test, 'uln', e.target.value)} />
              </label>
            )}
            {l.refs.includes('lln') && (
              <label>
                {t('screening.form.lln', { test: t(`screening.lab.${l.test}`, { defaultValue: l.test }) })}
                <input type="number" min={0} step="any" value={lab(l.test).lln} onChange={(e) => setLab(l.test, 'lln', e.target.value)} />
              </label>
            )}
          </div>
        ))}
      </fieldset>

      <fieldset style={fieldset}>
        <legend>{t('screening.form.therapies')}</legend>
        <label style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input type="checkbox" checked={value.therapiesKnown} onChange={(e) => set('therapiesKnown', e.target.checked)} />
          {t('screening.form.therapiesKnown')}
        </label>
        {value.therapies.map((th, i) => {
          const update = (patch: Partial<(typeof value.therapies)[number]>) =>
            set('therapies', value.therapies.map((x, j) => (j === i ? { ...x, ...patch } : x)))
          return (
            <div key={i} style={row}>
              <label>
                {t('screening.form.therapyClass', { n: i + 1 })}
                <select value={th.class} onChange={(e) => update({ class: e.target.value as typeof th.class })}>
                  {THERAPY_CLASSES.map((c) => (
                    <option key={c} value={c}>
                      {t(`screening.therapy.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('screening.form.therapyOutcome', { n: i + 1 })}
                <select value={th.outcome} onChange={(e) => update({ outcome: e.target.value as typeof th.outcome })}>
                  {THERAPY_OUTCOMES.map((o) => (
                    <option key={o} value={o}>
                      {t(`screening.outcomeOf.${o}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('screening.form.therapyEnd', { n: i + 1 })}
                <input type="date" value={th.endDate} onChange={(e) => update({ endDate: e.target.value })} />
              </label>
              <button type="button" onClick={() => set('therapies', value.therapies.filter((_, j) => j !== i))}>
                {t('screening.form.remove')}
              </button>
            </div>
          )
        })}
        <button type="button" onClick={() => set('therapies', [...value.therapies, { class: 'corticosteroid', outcome: 'no-response', endDate: '' }])}>
          {t('screening.form.addTherapy')}
        </button>
      </fieldset>

      <fieldset style={fieldset}>
        <legend>{t('screening.form.medications')}</legend>
        <label style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input type="checkbox" checked={value.medicationsKnown} onChange={(e) => set('medicationsKnown', e.target.checked)} />
          {t('screening.form.medicationsKnown')}
        </label>
        {value.medications.map((m, i) => {
          const update = (patch: Partial<(typeof value.medications)[number]>) =>
            set('medications', value.medications.map((x, j) => (j === i ? { ...x, ...patch } : x)))
          return (
            <div key={i} style={row}>
              <label>
                {t('screening.form.medicationClass', { n: i + 1 })}
                <select value={m.class} onChange={(e) => update({ class: e.target.value as typeof m.class })}>
                  {MEDICATION_CLASSES.map((c) => (
                    <option key={c} value={c}>
                      {t(`screening.medication.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('screening.form.medicationStart', { n: i + 1 })}
                <input type="date" value={m.startDate} onChange={(e) => update({ startDate: e.target.value })} />
              </label>
              <label>
                {t('screening.form.medicationEnd', { n: i + 1 })}
                <input type="date" value={m.endDate} onChange={(e) => update({ endDate: e.target.value })} />
              </label>
              <button type="button" onClick={() => set('medications', value.medications.filter((_, j) => j !== i))}>
                {t('screening.form.remove')}
              </button>
            </div>
          )
        })}
        <button type="button" onClick={() => set('medications', [...value.medications, { class: 'corticosteroid', name: '', startDate: '', endDate: '' }])}>
          {t('screening.form.addMedication')}
        </button>
      </fieldset>

      <details>
        <summary>{t('screening.form.more', { n: fields.findings.length + fields.serology.length + fields.events.length })}</summary>
        <fieldset style={fieldset}>
          <legend>{t('screening.form.findings')}</legend>
          <div style={row}>
            {fields.findings.map((f) => (
              <label key={f}>
                {humanize(f)}
                <select value={value.findings[f] ?? ''} onChange={(e) => set('findings', { ...value.findings, [f]: e.target.value as '' | 'yes' | 'no' })}>
                  <option value="">{t('screening.form.unknown')}</option>
                  <option value="yes">{t('screening.form.yes')}</option>
                  <option value="no">{t('screening.form.no')}</option>
                </select>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset style={fieldset}>
          <legend>{t('screening.form.serology')}</legend>
          <div style={row}>
            {fields.serology.map((s) => (
              <label key={s}>
                {s}
                <select value={value.serology[s] ?? ''} onChange={(e) => set('serology', { ...value.serology, [s]: e.target.value as '' | 'positive' | 'negative' })}>
                  <option value="">{t('screening.form.unknown')}</option>
                  <option value="negative">{t('screening.form.negative')}</option>
                  <option value="positive">{t('screening.form.positive')}</option>
                </select>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset style={fieldset}>
          <legend>{t('screening.form.events')}</legend>
          {fields.events.map((ev) => {
            const cur = value.events[ev] ?? { state: '', date: '' }
            return (
              <div key={ev} style={row}>
                <label>
                  {humanize(ev)}
                  <select value={cur.state} onChange={(e) => set('events', { ...value.events, [ev]: { ...cur, state: e.target.value as typeof cur.state } })}>
                    <option value="">{t('screening.form.unknown')}</option>
                    <option value="never">{t('screening.form.never')}</option>
                    <option value="date">{t('screening.form.onDate')}</option>
                  </select>
                </label>
                {cur.state === 'date' && (
                  <label>
                    {t('screening.form.eventDate', { event: humanize(ev) })}
                    <input type="date" value={cur.date} onChange={(e) => set('events', { ...value.events, [ev]: { ...cur, date: e.target.value } })} />
                  </label>
                )}
              </div>
            )
          })}
        </fieldset>
      </details>
    </div>
  )
}
