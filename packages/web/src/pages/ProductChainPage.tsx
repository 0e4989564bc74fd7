import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { canAccess, isRole, mod37_2CheckCharacter } from '@celltrial/core'
import { useReloadableApi, type ProductChainView } from '../api/journey'
import { Link } from '../router'
import { useSession } from '../session'
import { BedsideCheck } from '../sections/journey/BedsideCheck'
import { CollectionForm, HandOffForm, LotForm, RegisterForm, ReleaseTestForm } from '../sections/journey/ChainRecordForms'
import { displayInstant } from '../local-instant'

/** A stored 13-character DIN in eye-readable form with its MOD 37-2 check character (regimen-and-dosing.md §5.2). */
const eyeReadableDin = (din: string) => `${din.slice(0, 4)} ${din.slice(4, 7)} ${din.slice(7, 10)} ${din.slice(10, 13)} ${mod37_2CheckCharacter(din) ?? '?'}`

/**
 * The product's chain of identity (COI, DIN, apheresis collections, manufacturing lots, release tests, bedside
 * check) and chain of custody (hand-offs), for one subject. Entry forms are shown to users who may enter data at
 * the subject's site (`subject.write`, the rule the server enforces); others see the records only.
 */
export function ProductChainPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const { me } = useSession()
  const chain = useReloadableApi<ProductChainView>(`/api/subjects/${id}/product`)
  const principal = useMemo(() => (me ? { userId: me.userId, username: me.username, roles: me.roles.filter(isRole), siteIds: me.siteIds } : undefined), [me])
  if (chain.loading) return <p>{t('common.loading')}</p>
  if (chain.error || !chain.data) return <p role="alert">{t('common.error', { message: chain.error?.message ?? '' })}</p>
  const c = chain.data
  const canWrite = !!principal && canAccess(principal, 'subject.write', c.siteId)
  const k = (key: string) => t(`journey.product.${key}`)
  const none = t('common.none')
  const lotNumber = (lotId: number | null) => c.lots.find((l) => l.id === lotId)?.lot_number ?? none
  return (
    <section>
      <p>
        <Link to={`/subjects/${id}`}>← {k('back')}</Link>
      </p>
      <h1>
        {c.code} <span className="muted">{k('title')}</span>
      </h1>
      {!canWrite && <p className="hint">{k('readOnly')}</p>}
      {!c.product ? (
        <>
          <p className="hint">{k('none')}</p>
          {canWrite && <RegisterForm subjectId={id} onSaved={chain.reload} />}
        </>
      ) : (
        <>
          <dl className="facts">
            <dt>{k('coi')}</dt>
            <dd>
              <code data-testid="coi">{c.product.coi_identifier}</code>
            </dd>
            <dt>{k('din')}</dt>
            <dd>{c.product.din ? eyeReadableDin(c.product.din) : none}</dd>
            <dt>{k('description')}</dt>
            <dd>{c.product.product_description ?? none}</dd>
          </dl>

          <h2>{k('collections')}</h2>
          {c.collections.length === 0 ? (
            <p className="hint">{k('noCollections')}</p>
          ) : (
            <table className="grid" aria-label={k('collections')}>
              <thead>
                <tr>
                  <th scope="col">{k('collectedAt')}</th>
                  <th scope="col">{k('facility')}</th>
                  <th scope="col">{k('volume')}</th>
                  <th scope="col">{k('din')}</th>
                  <th scope="col">{k('notes')}</th>
                </tr>
              </thead>
              <tbody>
                {c.collections.map((x) => (
                  <tr key={x.id}>
                    <td>{displayInstant(x.collected_at)}</td>
                    <td>{x.facility}</td>
                    <td className="num">{x.volume_ml ?? none}</td>
                    <td>{x.din ? eyeReadableDin(x.din) : none}</td>
                    <td>{x.notes ?? none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canWrite && <CollectionForm subjectId={id} onSaved={chain.reload} />}

          <h2>{k('lots')}</h2>
          {c.lots.length === 0 ? (
            <p className="hint">{k('noLots')}</p>
          ) : (
            <table className="grid" aria-label={k('lots')}>
              <thead>
                <tr>
                  <th scope="col">{k('lot')}</th>
                  <th scope="col">{k('manufacturer')}</th>
                  <th scope="col">{k('started')}</th>
                  <th scope="col">{k('ended')}</th>
                  <th scope="col">{k('batchRecord')}</th>
                  <th scope="col">{k('deviations')}</th>
                </tr>
              </thead>
              <tbody>
                {c.lots.map((x) => (
                  <tr key={x.id}>
                    <td>{x.lot_number}</td>
                    <td>{x.manufacturer}</td>
                    <td>{x.started_on}</td>
                    <td>{x.ended_on ?? none}</td>
                    <td>{x.batch_record_ref ?? none}</td>
                    <td>{x.deviations ?? none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canWrite && <LotForm subjectId={id} onSaved={chain.reload} />}

          <h2>{k('releaseTests')}</h2>
          {c.releaseTests.length === 0 ? (
            <p className="hint">{k('noReleaseTests')}</p>
          ) : (
            <table className="grid" aria-label={k('releaseTests')}>
              <thead>
                <tr>
                  <th scope="col">{k('lot')}</th>
                  <th scope="col">{k('test')}</th>
                  <th scope="col">{k('result')}</th>
                  <th scope="col">{k('passed')}</th>
                  <th scope="col">{k('testedOn')}</th>
                </tr>
              </thead>
              <tbody>
                {c.releaseTests.map((x) => (
                  <tr key={x.id} className={x.passed ? undefined : 'error'}>
                    <td>{lotNumber(x.lot_id)}</td>
                    <td>{x.test}</td>
                    <td>{x.result}</td>
                    <td>{x.passed ? k('yes') : k('no')}</td>
                    <td>{x.tested_on}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canWrite && <ReleaseTestForm key={c.lots.length} subjectId={id} lots={c.lots} onSaved={chain.reload} />}

          <h2>{k('custody')}</h2>
          {c.handOffs.length === 0 ? (
            <p className="hint">{k('noHandOffs')}</p>
          ) : (
            <table className="grid" aria-label={k('custody')}>
              <thead>
                <tr>
                  <th scope="col">{k('time')}</th>
                  <th scope="col">{k('from')}</th>
                  <th scope="col">{k('to')}</th>
                  <th scope="col">{k('place')}</th>
                  <th scope="col">{k('condition')}</th>
                  <th scope="col">{k('inRange')}</th>
                  <th scope="col">{k('seal')}</th>
                </tr>
              </thead>
              <tbody>
                {c.handOffs.map((h) => (
                  <tr key={h.id}>
                    <td>{displayInstant(h.handed_at)}</td>
                    <td>{h.from_holder}</td>
                    <td>{h.to_holder}</td>
                    <td>{h.place}</td>
                    <td>{h.temperature_condition}</td>
                    <td>{h.temperature_in_range ? k('yes') : k('no')}</td>
                    <td>{h.seal_intact ? k('yes') : k('no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {c.custody?.ok && <p className="hint">{k('chainOk')}</p>}
          {c.custody && !c.custody.ok && (
            <div role="alert" className="error">
              <strong>{k('chainIssues')}</strong>
              <ul>
                {c.custody.issues.map((i, n) => (
                  <li key={`${i.code}-${n}`}>{i.message}</li>
                ))}
              </ul>
            </div>
          )}
          {canWrite && <HandOffForm subjectId={id} previousTo={c.handOffs[c.handOffs.length - 1]?.to_holder ?? ''} material={c.handOffs[0]?.material_id ?? ''} onSaved={chain.reload} />}
          <BedsideCheck subjectId={id} subjectCode={c.code} verifications={c.verifications} canWrite={canWrite} onSaved={chain.reload} />
        </>
      )}
    </section>
  )
}
