/**
 * Campaign-finance profiles. The numbers come from
 * shared/docs/privacy-and-compliance.md; the relay enforces caps against a
 * donor's running total, the widget only uses them to warn early.
 */

/** Statements a donor ticks; stored with the version of their text. */
export const ATTESTATIONS = [
  'natural_person',
  'fr_national_or_resident',
  'own_funds',
  'us_citizen_or_permanent_resident',
  'not_federal_contractor',
  'adult',
  'uk_permissible_donor',
] as const;
export type Attestation = (typeof ATTESTATIONS)[number];

export const COMPLIANCE_PROFILE_IDS = ['fr-candidate', 'fr-party', 'us-fec', 'uk'] as const;
export type ComplianceProfileId = (typeof COMPLIANCE_PROFILE_IDS)[number];

export interface ComplianceProfile {
  id: ComplianceProfileId;
  /** The only currency the profile's caps are written in. */
  currency: 'EUR' | 'USD' | 'GBP';
  /** Most one donor may give in total per period, in minor units; undefined: no cap. */
  capMinor?: number;
  /** What the running total is counted over. */
  capPeriod: 'election' | 'year';
  /** The rule a refusal names. */
  rule: string;
  /** Attestations every donation must carry. */
  attestations: readonly Attestation[];
  /** Above this single or aggregate amount, employer and occupation are asked for. */
  employerOccupationAboveMinor?: number;
  /** Above this amount the gift must be checked for permissibility (UK). */
  permissibilityCheckAboveMinor?: number;
}

export const COMPLIANCE_PROFILES: Record<ComplianceProfileId, ComplianceProfile> = {
  'fr-candidate': {
    id: 'fr-candidate',
    currency: 'EUR',
    capMinor: 460_000,
    capPeriod: 'election',
    rule: 'Code électoral L52-8',
    attestations: ['natural_person', 'fr_national_or_resident', 'own_funds'],
  },
  'fr-party': {
    id: 'fr-party',
    currency: 'EUR',
    capMinor: 750_000,
    capPeriod: 'year',
    rule: 'Loi n° 88-227, art. 11-4',
    attestations: ['natural_person', 'fr_national_or_resident', 'own_funds'],
  },
  'us-fec': {
    id: 'us-fec',
    currency: 'USD',
    capMinor: 350_000,
    capPeriod: 'election',
    rule: '52 U.S.C. 30116 (FEC 2025-26 limit)',
    attestations: ['us_citizen_or_permanent_resident', 'own_funds', 'not_federal_contractor', 'adult'],
    employerOccupationAboveMinor: 20_000,
  },
  uk: {
    id: 'uk',
    currency: 'GBP',
    capPeriod: 'year',
    rule: 'PPERA 2000, s. 54',
    attestations: ['uk_permissible_donor'],
    permissibilityCheckAboveMinor: 50_000,
  },
};
