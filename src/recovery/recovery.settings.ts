// A brand's recovery settings (brand.recovery, null: the defaults), validated once at the edge.
import { BadUserInputError } from '../graphql/errors';

export interface RecoverySettings {
  /** How far from the baseline still counts as back (see listening.ts limitOf). */
  tolerancePercent: number;
  /** How long all three metrics must stay within it, by bucket time, before SENTIMENT_RECOVERED. */
  sustainMinutes: number;
  /** The trailing window each minute's metrics are measured over. */
  windowMinutes: number;
  /** Mentions a window needs before its negative share and mean sentiment count (fewer: unknown). */
  minMentions: number;
}

export const DEFAULT_RECOVERY: RecoverySettings = { tolerancePercent: 20, sustainMinutes: 360, windowMinutes: 60, minMentions: 10 };

export const RECOVERY_LIMITS = {
  tolerancePercent: [0, 1000],
  sustainMinutes: [5, 10_080],
  windowMinutes: [5, 1440],
  minMentions: [1, 100_000],
} as const;

export function recoverySettings(stored: Partial<RecoverySettings> | null | undefined): RecoverySettings {
  return { ...DEFAULT_RECOVERY, ...stored };
}

export type RecoverySettingsInput = { [K in keyof RecoverySettings]?: number | null };

/** The settings after a partial update; a value out of range is BAD_USER_INPUT naming its field. */
export function updatedRecoverySettings(input: RecoverySettingsInput, current: RecoverySettings): RecoverySettings {
  const next = { ...current };
  for (const key of Object.keys(RECOVERY_LIMITS) as Array<keyof RecoverySettings>) {
    const value = input[key];
    if (value === null || value === undefined) continue;
    const [min, max] = RECOVERY_LIMITS[key];
    const whole = key !== 'tolerancePercent';
    if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
      throw new BadUserInputError(`input.${key}`, `must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    }
    next[key] = value;
  }
  return next;
}
