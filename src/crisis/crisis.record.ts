// One crisis as the service returns it, and how it is read from a row (plain SQL or a stored idempotent result).
import type { DetectionSignalData } from './crisis.entity';
import type { CrisisCategory } from './crisis.types';
import type { CrisisState, PersistedMachine, Severity } from './machine';

export const CRISIS_COLUMNS = [
  'id', 'organization_id', 'brand_id', 'title', 'description', 'category', 'severity', 'state', 'version', 'machine', 'trigger',
  'detected_at', 'acknowledged_at', 'first_public_response_at', 'contained_at', 'recovery_started_at', 'reviewed_at', 'closed_at',
  'playbook_id', 'playbook_version', 'root_cause',
].join(', ');

/** What is understood of a crisis's cause, revised as understanding grows. */
export interface RootCauseData {
  nature: string;
  stakeholders: string[];
  impact: string;
  revision: number;
  updatedAt: string;
  updatedBy: string;
}

/** A row of `crisis` as Postgres returns it (or as `to_jsonb` stored it: timestamps then are strings). */
export interface CrisisRow {
  id: string;
  organization_id: string;
  brand_id: string;
  title: string;
  description: string | null;
  category: CrisisCategory;
  severity: Severity;
  state: CrisisState;
  version: number;
  machine: PersistedMachine;
  trigger: DetectionSignalData | null;
  detected_at: Date | string;
  acknowledged_at: Date | string | null;
  first_public_response_at: Date | string | null;
  contained_at: Date | string | null;
  recovery_started_at: Date | string | null;
  reviewed_at: Date | string | null;
  closed_at: Date | string | null;
  playbook_id: string | null;
  playbook_version: number | null;
  root_cause?: RootCauseData | null;
}

export interface CrisisRecord {
  id: string;
  organizationId: string;
  brandId: string;
  title: string;
  description: string | null;
  category: CrisisCategory;
  severity: Severity;
  state: CrisisState;
  version: number;
  machine: PersistedMachine;
  trigger: DetectionSignalData | null;
  detectedAt: Date;
  acknowledgedAt: Date | null;
  firstPublicResponseAt: Date | null;
  containedAt: Date | null;
  recoveryStartedAt: Date | null;
  reviewedAt: Date | null;
  closedAt: Date | null;
  /** The playbook version pinned when the crisis opened (null for crises older than playbooks). */
  playbookId: string | null;
  playbookVersion: number | null;
  rootCause: RootCauseData | null;
}

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

export function toCrisisRecord(row: CrisisRow): CrisisRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    brandId: row.brand_id,
    title: row.title,
    description: row.description,
    category: row.category,
    severity: row.severity,
    state: row.state,
    version: row.version,
    machine: row.machine,
    trigger: row.trigger,
    detectedAt: new Date(row.detected_at),
    acknowledgedAt: date(row.acknowledged_at),
    firstPublicResponseAt: date(row.first_public_response_at),
    containedAt: date(row.contained_at),
    recoveryStartedAt: date(row.recovery_started_at),
    reviewedAt: date(row.reviewed_at),
    closedAt: date(row.closed_at),
    playbookId: row.playbook_id ?? null,
    playbookVersion: row.playbook_version ?? null,
    rootCause: row.root_cause ?? null,
  };
}
