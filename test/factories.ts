// Small factories that build data through the public API, like a client would.
import type { TestServer } from './support/harness';

export const CRISIS_FIELDS = `id state version severity availableEvents detectedAt acknowledgedAt closedAt`;

export async function createBrand(server: TestServer, adminToken: string, name = `Brand ${Math.random().toString(36).slice(2, 8)}`) {
  const res = await server.gql(adminToken, `mutation($input: CreateBrandInput!) { createBrand(input: $input) { id name keywords } }`, {
    input: { name, keywords: [name.toLowerCase()] },
  });
  if (!res.data?.createBrand) throw new Error(`createBrand failed: ${JSON.stringify(res.errors)}`);
  return res.data.createBrand as { id: string; name: string; keywords: string[] };
}

export async function declareCrisis(server: TestServer, token: string, brandId: string, overrides: Record<string, unknown> = {}) {
  const res = await server.gql(token, `mutation($input: DeclareCrisisInput!) { declareCrisis(input: $input) { ${CRISIS_FIELDS} } }`, {
    input: { brandId, title: 'Recall rumours spreading', category: 'PRODUCT_RECALL', severity: 'HIGH', ...overrides },
  });
  if (!res.data?.declareCrisis) throw new Error(`declareCrisis failed: ${JSON.stringify(res.errors)}`);
  return res.data.declareCrisis as { id: string; state: string; version: number; availableEvents: string[] };
}

export function sendEvent(server: TestServer, token: string, input: Record<string, unknown>) {
  return server.gql(token, `mutation($input: SendCrisisEventInput!) { sendCrisisEvent(input: $input) { ${CRISIS_FIELDS} } }`, { input });
}

/** Makes `assignee` the crisis lead, which START_RESPONSE requires. */
export async function assignLead(server: TestServer, token: string, crisisId: string, assignee = 'Dana (comms)') {
  const res = await server.gql(token, `mutation($input: AssignRoleInput!) { assignRole(input: $input) { version team { roleKey assignee } } }`, {
    input: { crisisId, roleKey: 'CRISIS_LEAD', assignee },
  });
  if (!res.data?.assignRole) throw new Error(`assignRole failed: ${JSON.stringify(res.errors)}`);
  return res.data.assignRole as { version: number; team: Array<{ roleKey: string; assignee: string }> };
}
