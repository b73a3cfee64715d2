// What each channel lets a statement say: one table of limits, each measured the way that channel measures text.
import { parseTweet } from 'twitter-text';

/** How a channel counts: X weights characters (URLs 23, most emoji 2); SMS counts segments of GSM-7 or UCS-2 text. */
export type LengthUnit = 'X_WEIGHTED' | 'SMS_SEGMENTS' | 'CHARACTERS';

export interface ChannelLimit {
  limit: number;
  unit: LengthUnit;
}

/**
 * Published limits of each platform's post (characters are code points). Channels not listed (website, press,
 * email, a playbook's own) take any statement up to the body limit.
 */
export const CHANNEL_LIMITS: Readonly<Record<string, ChannelLimit>> = {
  x: { limit: 280, unit: 'X_WEIGHTED' },
  twitter: { limit: 280, unit: 'X_WEIGHTED' },
  instagram: { limit: 2200, unit: 'CHARACTERS' },
  facebook: { limit: 63206, unit: 'CHARACTERS' },
  tiktok: { limit: 2200, unit: 'CHARACTERS' },
  linkedin: { limit: 3000, unit: 'CHARACTERS' },
  threads: { limit: 500, unit: 'CHARACTERS' },
  mastodon: { limit: 500, unit: 'CHARACTERS' },
  bluesky: { limit: 300, unit: 'CHARACTERS' },
  youtube: { limit: 10000, unit: 'CHARACTERS' },
  reddit: { limit: 40000, unit: 'CHARACTERS' },
  google_reviews: { limit: 4096, unit: 'CHARACTERS' },
  // One SMS: 160 GSM-7 characters, or 70 when the text needs UCS-2 (an emoji, most accents outside GSM-7).
  sms: { limit: 1, unit: 'SMS_SEGMENTS' },
};

/** The GSM 03.38 basic set and extension table (the latter costs two septets). */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** SMS segments a text needs: 160/153 septets per segment in GSM-7, 70/67 UTF-16 units in UCS-2. */
export function smsSegments(text: string): number {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

/** The text's length as `unit` counts it. */
export function measure(text: string, unit: LengthUnit): number {
  if (unit === 'X_WEIGHTED') return parseTweet(text).weightedLength;
  if (unit === 'SMS_SEGMENTS') return smsSegments(text);
  return [...text].length;
}

export interface ChannelOverflow {
  channel: string;
  limit: number;
  length: number;
  unit: LengthUnit;
}

/** A playbook's own limit for a channel (its unit stays the channel's). */
export interface ChannelLimitOverride {
  channel: string;
  maxLength: number;
}

/** The limit a channel has under a playbook: the playbook's own, else the table's; null when it has none. */
export function limitOf(channel: string, overrides: readonly ChannelLimitOverride[] = []): ChannelLimit | null {
  const own = overrides.find((o) => o.channel === channel);
  const builtIn = CHANNEL_LIMITS[channel];
  if (own) return { limit: own.maxLength, unit: builtIn?.unit ?? 'CHARACTERS' };
  return builtIn ?? null;
}

/** Null when `text` fits `channel`, otherwise by how much it does not. */
export function checkChannelFit(channel: string, text: string, overrides: readonly ChannelLimitOverride[] = []): ChannelOverflow | null {
  const rule = limitOf(channel, overrides);
  if (!rule) return null;
  const length = measure(text, rule.unit);
  return length > rule.limit ? { channel, limit: rule.limit, length, unit: rule.unit } : null;
}

export function describeOverflow(o: ChannelOverflow): string {
  if (o.unit === 'SMS_SEGMENTS') return `is ${o.length} SMS segments on ${o.channel}, which takes ${o.limit} (160 GSM-7 characters, or 70 with emoji or other Unicode)`;
  const unit = o.unit === 'X_WEIGHTED' ? 'weighted characters as X counts them (URLs 23, most emoji 2)' : 'characters';
  return `is ${o.length} ${unit} on ${o.channel}, over its limit of ${o.limit}`;
}
