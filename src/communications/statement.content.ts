// A statement's text as a client sent it, validated once: kind, body, language, channels of the playbook, variants that fit.
import { BadUserInputError, requireStorableText } from '../graphql/errors';
import { checkChannelFit, describeOverflow, type ChannelLimitOverride } from './channels';
import { STATEMENT_KINDS, type StatementKind } from './statement.machine';
import type { ChannelVariantData } from './statement.store';

export const MAX_BODY = 100_000;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export interface StatementContentInput {
  kind: StatementKind;
  body: string;
  language: string;
  channels: string[];
  variants?: ChannelVariantData[] | null;
}

export interface StatementContent {
  kind: StatementKind;
  body: string;
  language: string;
  channels: string[];
  variants: ChannelVariantData[];
}

/** The text exactly as sent (lint spans point into it): only blank, over-long or non-text input is refused. */
function text(value: string, field: string): string {
  if (!value.trim()) throw new BadUserInputError(field, 'must not be blank');
  if (value.length > MAX_BODY) throw new BadUserInputError(field, `must be at most ${MAX_BODY} characters`);
  return requireStorableText(value, field);
}

/** What the crisis's pinned playbook allows: its channels, and the limits it sets itself. */
export interface ChannelPlan {
  channels: readonly string[];
  channelLimits: readonly ChannelLimitOverride[];
}

/**
 * Checks a statement against the crisis's pinned playbook: every channel is one of the playbook's, every variant is for
 * a listed channel, and the text each channel will publish (its variant, or the canonical body) fits that channel.
 */
export function validateStatementContent(input: StatementContentInput, plan: ChannelPlan): StatementContent {
  const playbookChannels = plan.channels;
  if (!STATEMENT_KINDS.includes(input.kind)) throw new BadUserInputError('input.kind', `unknown kind ${String(input.kind)}`);
  const body = text(input.body, 'input.body');
  const [primary, ...rest] = input.language.trim().split('-');
  const language = [primary.toLowerCase(), ...rest].join('-');
  if (!LANGUAGE.test(language)) throw new BadUserInputError('input.language', 'must be a language tag such as en, fr or fr-CA');

  if (input.channels.length === 0) throw new BadUserInputError('input.channels', 'needs at least one channel');
  if (input.channels.length > 50) throw new BadUserInputError('input.channels', 'takes at most 50 channels');
  const channels = input.channels.map((c, i) => {
    const channel = c.trim().toLowerCase();
    if (!playbookChannels.includes(channel)) {
      throw new BadUserInputError(`input.channels[${i}]`, `${channel || '(blank)'} is not a channel of this crisis's playbook (${playbookChannels.join(', ')})`, {
        channel, channels: playbookChannels,
      });
    }
    return channel;
  });
  if (new Set(channels).size !== channels.length) throw new BadUserInputError('input.channels', 'lists a channel twice');

  const variants = (input.variants ?? []).map((v, i) => {
    const channel = v.channel.trim().toLowerCase();
    if (!channels.includes(channel)) {
      throw new BadUserInputError(`input.variants[${i}].channel`, `${channel || '(blank)'} is not one of the statement's channels (${channels.join(', ')})`, { channel });
    }
    return { channel, body: text(v.body, `input.variants[${i}].body`) };
  });
  if (new Set(variants.map((v) => v.channel)).size !== variants.length) throw new BadUserInputError('input.variants', 'gives a channel two variants');

  checkFit({ body, channels, variants }, plan.channelLimits);
  return { kind: input.kind, body, language, channels, variants };
}

/** Each channel's text must fit it: BAD_USER_INPUT naming the field, the channel and the limit. Checked again at publication. */
export function checkFit(
  s: { body: string; channels: readonly string[]; variants: readonly ChannelVariantData[] }, overrides: readonly ChannelLimitOverride[],
): void {
  for (const channel of s.channels) {
    const index = s.variants.findIndex((v) => v.channel === channel);
    const overflow = checkChannelFit(channel, index >= 0 ? s.variants[index].body : s.body, overrides);
    if (overflow) {
      const field = index >= 0 ? `input.variants[${index}].body` : 'input.body';
      const hint = index >= 0 ? '' : `; give ${channel} a shorter variant`;
      throw new BadUserInputError(field, `${describeOverflow(overflow)}${hint}`, { ...overflow });
    }
  }
}
