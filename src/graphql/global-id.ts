// Opaque global ids ("Kind:uuid" in base64url): what the API shows instead of database ids.
export const NODE_KINDS = ['Crisis', 'Brand', 'Playbook', 'CrisisTask', 'Mention', 'ApiToken', 'Statement', 'ActionItem', 'Reply', 'ReplyTemplate', 'RecoveryAction', 'BrandSpike', 'WebhookEndpoint'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(kind: NodeKind, id: string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

/** The kind and database id behind a global id, or null when it is not one of ours. */
export function parseGlobalId(globalId: string): { kind: NodeKind; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const [kind, id] = decoded.split(':');
  if (!(NODE_KINDS as readonly string[]).includes(kind) || !id || !UUID.test(id)) return null;
  return { kind: kind as NodeKind, id };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
