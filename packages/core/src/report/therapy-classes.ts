/**
 * Therapy classes for the "most common previous therapies" line of a results abstract (seed abstract 004:
 * "glucocorticoids, IVIG, TPO-RAs"). Class membership follows the international consensus report on ITP
 * (Provan et al., Blood Adv 2019;3(22):3780-3817): first-line corticosteroids and IVIG; second-line TPO-RAs,
 * rituximab, immunosuppressants. An unlisted drug is its own class.
 */
const CLASSES: Record<string, string> = {
  PREDNISONE: 'GLUCOCORTICOID',
  PREDNISOLONE: 'GLUCOCORTICOID',
  DEXAMETHASONE: 'GLUCOCORTICOID',
  METHYLPREDNISOLONE: 'GLUCOCORTICOID',
  'IMMUNOGLOBULIN (IVIG)': 'IVIG',
  IVIG: 'IVIG',
  'INTRAVENOUS IMMUNOGLOBULIN': 'IVIG',
  ELTROMBOPAG: 'TPO-RA',
  AVATROMBOPAG: 'TPO-RA',
  ROMIPLOSTIM: 'TPO-RA',
  HETROMBOPAG: 'TPO-RA',
  LUSUTROMBOPAG: 'TPO-RA',
  'RECOMBINANT HUMAN THROMBOPOIETIN': 'TPO-RA',
  RITUXIMAB: 'ANTI-CD20',
  CICLOSPORIN: 'IMMUNOSUPPRESSANT',
  CYCLOSPORINE: 'IMMUNOSUPPRESSANT',
  AZATHIOPRINE: 'IMMUNOSUPPRESSANT',
  MYCOPHENOLATE: 'IMMUNOSUPPRESSANT',
  SIROLIMUS: 'IMMUNOSUPPRESSANT',
  DANAZOL: 'DANAZOL',
  FOSTAMATINIB: 'SYK INHIBITOR',
  DARATUMUMAB: 'ANTI-CD38',
}

/**
 * @example therapyClass('Eltrombopag') // 'TPO-RA'
 */
export function therapyClass(treatment: string): string {
  const key = treatment.trim().toUpperCase()
  return CLASSES[key] ?? key
}
