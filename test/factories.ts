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

export const STATEMENT_FIELDS = `id kind status body language channels variants { channel body } author contributors revision allowedSteps
  publishedAt publishedBy approvedBy findings { rule start end match channel severity }`;

/** A DRAFT statement on the crisis (HOLDING on x and facebook unless told otherwise). */
export async function createStatement(server: TestServer, token: string, crisisId: string, overrides: Record<string, unknown> = {}) {
  const res = await server.gql(token, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { ${STATEMENT_FIELDS} } }`, {
    input: { crisisId, kind: 'HOLDING', body: 'We are aware of the problem and are looking into it. Next update within the hour.', language: 'en', channels: ['x', 'facebook'], ...overrides },
  });
  if (!res.data?.createStatement) throw new Error(`createStatement failed: ${JSON.stringify(res.errors)}`);
  return res.data.createStatement as { id: string; status: string; revision: number };
}

/** Runs one workflow mutation (submitStatement, approveStatement, rejectStatement, publishStatement) and returns the raw response. */
export function statementStep(server: TestServer, token: string, mutation: string, id: string, note?: string) {
  const withNote = mutation === 'approveStatement' || mutation === 'rejectStatement';
  return server.gql(
    token,
    `mutation($id: ID!${withNote ? ', $note: String' : ''}) { ${mutation}(id: $id${withNote ? ', note: $note' : ''}) { ${STATEMENT_FIELDS} } }`,
    withNote ? { id, note } : { id },
  );
}

/** Assigns `assignee` to `roleKey` on the crisis. */
export async function assignRoleTo(server: TestServer, token: string, crisisId: string, roleKey: string, assignee: string) {
  const res = await server.gql(token, `mutation($input: AssignRoleInput!) { assignRole(input: $input) { version } }`, { input: { crisisId, roleKey, assignee } });
  if (!res.data?.assignRole) throw new Error(`assignRole failed: ${JSON.stringify(res.errors)}`);
}

/**
 * Takes a fresh crisis of the default plan to RECOVERY through the public API: acknowledged, `lead` as CRISIS_LEAD and
 * `legal` as LEGAL (their token names), a holding statement published, contained. `writer` and `legalToken` are tokens.
 */
export async function driveToRecovery(server: TestServer, writer: string, legalToken: string, crisisId: string, names: { lead: string; legal: string }) {
  const step = async (type: string) => {
    const res = await sendEvent(server, writer, { crisisId, type });
    if (!res.data?.sendCrisisEvent) throw new Error(`${type} failed: ${JSON.stringify(res.errors)}`);
  };
  await step('ACKNOWLEDGE');
  await assignRoleTo(server, writer, crisisId, 'CRISIS_LEAD', names.lead);
  await assignRoleTo(server, writer, crisisId, 'LEGAL', names.legal);
  await step('START_RESPONSE');
  const s = await createStatement(server, writer, crisisId);
  await statementStep(server, writer, 'submitStatement', s.id);
  const approved = await statementStep(server, legalToken, 'approveStatement', s.id);
  if (!approved.data?.approveStatement) throw new Error(`approve failed: ${JSON.stringify(approved.errors)}`);
  await statementStep(server, writer, 'publishStatement', s.id);
  await step('CONTAIN');
  await step('BEGIN_RECOVERY');
}
