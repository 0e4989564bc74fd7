/**
 * SYNTHETIC demo cohort for NCT06352281 (autologous CD19 CAR-T in refractory primary ITP), built to be
 * consistent with every figure of the seed abstract (../shared/seeds/004_*.txt, data cut-off 2025-06-15):
 * four patients infused Feb 2024 - Apr 2025; follow-up 2 to 16 months; ages 8, 12, 13, 25 (median 12.5);
 * 3 of 4 women (75.0 %); baseline platelets 2, 8, 10, 24 x10^9/L (median 9); disease duration 5, 7, 8, 20
 * years (median 7.5); prior therapies 3, 4, 4, 5 (median 4); GP autoantibodies in 3; three objective
 * responses, one complete response three months after infusion, one non-responder; patient 1 rose to
 * about 30 x10^9/L, then received daratumumab at 9 months and rose above 200 x10^9/L within a week.
 * The individual values are invented: they are not the trial's patients.
 */
export interface DemoPatient {
  sex: 'F' | 'M'
  ageYears: number
  diseaseDurationYears: number
  priorTherapyLines: number
  gpAutoantibodies: boolean
  doseLevelId: string
  /** first lymphodepletion day */
  ldStartDate: string
  infusionDate: string
  /** platelet counts x10^9/L as [protocol day, value] */
  platelets: [number, number][]
}

export const DEMO_CUTOFF = '2025-06-15'

export const NCT06352281_DEMO: DemoPatient[] = [
  {
    sex: 'F', ageYears: 13, diseaseDurationYears: 8, priorTherapyLines: 5, gpAutoantibodies: true,
    doseLevelId: 'DL2', ldStartDate: '2024-02-21', infusionDate: '2024-02-26',
    platelets: [[-7, 6], [-5, 8], [0, 12], [3, 10], [7, 9], [10, 14], [14, 18], [21, 20], [28, 24], [60, 27], [90, 33], [120, 35],
      [150, 34], [180, 36], [210, 32], [240, 31], [270, 30], [282, 215], [300, 240], [360, 262], [420, 251], [470, 246]],
  },
  {
    sex: 'F', ageYears: 8, diseaseDurationYears: 5, priorTherapyLines: 4, gpAutoantibodies: true,
    doseLevelId: 'DL1', ldStartDate: '2024-06-12', infusionDate: '2024-06-17',
    platelets: [[-7, 9], [-5, 10], [0, 11], [7, 15], [14, 22], [21, 35], [28, 48], [60, 85], [90, 120], [120, 135], [150, 142],
      [180, 150], [240, 160], [300, 155], [360, 149]],
  },
  {
    sex: 'M', ageYears: 12, diseaseDurationYears: 7, priorTherapyLines: 3, gpAutoantibodies: false,
    doseLevelId: 'DL2', ldStartDate: '2024-12-04', infusionDate: '2024-12-09',
    platelets: [[-7, 22], [-5, 24], [0, 20], [7, 25], [14, 38], [21, 52], [28, 60], [60, 66], [90, 58], [120, 62], [180, 55]],
  },
  {
    sex: 'F', ageYears: 25, diseaseDurationYears: 20, priorTherapyLines: 4, gpAutoantibodies: true,
    doseLevelId: 'DL1', ldStartDate: '2025-04-11', infusionDate: '2025-04-14',
    platelets: [[-7, 3], [-3, 2], [0, 3], [7, 4], [14, 3], [21, 5], [28, 6], [42, 5], [56, 4]],
  },
]
