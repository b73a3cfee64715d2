// Per-request DataLoaders, scoped to the viewer's organization: N crises cost a constant number of statements.
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { TIMELINE_COLUMNS, type TimelineRow } from '../crisis/crisis.streams';
import { CRISIS_STATES } from '../crisis/machine';
import { readReviews, readStatementsOfCrises, type StatementReviewRow, type StatementRow } from '../communications/statement.store';
import { customPhrases } from '../communications/statement.lint';
import type { CustomPhrase } from '../communications/lint/lint';
import type { ActionItemRow } from '../communications/action-item.service';

export interface BrandRow {
  id: string;
  organization_id: string;
  name: string;
  keywords: string[];
  /** Detection settings as stored (null: defaults). */
  detection: Record<string, unknown> | null;
}

export interface TimelinePageKey {
  crisisId: string;
  /** Rows wanted (page size + 1 to know whether there is a next page). */
  limit: number;
  afterSequence: string;
}

export interface AssignmentRow {
  crisis_id: string;
  role_key: string;
  assignee: string;
  assigned_by: string;
  assigned_at: Date;
}

export interface TaskRow {
  id: string;
  crisis_id: string;
  state: string;
  position: number;
  title: string;
  completed_at: Date | null;
  completed_by: string | null;
}

export interface Loaders {
  brand: DataLoader<string, BrandRow | null>;
  timelinePage: DataLoader<TimelinePageKey, TimelineRow[], string>;
  timelineCount: DataLoader<string, number>;
  team: DataLoader<string, AssignmentRow[]>;
  tasks: DataLoader<string, TaskRow[]>;
  statements: DataLoader<string, StatementRow[]>;
  statementReviews: DataLoader<string, StatementReviewRow[]>;
  actionItems: DataLoader<string, ActionItemRow[]>;
  /** The organization's lint phrases, by primary language. */
  lintPhrases: DataLoader<string, CustomPhrase[]>;
}

/** Rows of many parents in one read, handed back per parent in the order of the keys. */
function grouped<R>(read: (ids: readonly string[]) => Promise<R[]>, parentOf: (row: R) => string) {
  return new DataLoader<string, R[]>(async (ids) => {
    const byParent = new Map<string, R[]>();
    for (const row of await read(ids)) byParent.set(parentOf(row), [...(byParent.get(parentOf(row)) ?? []), row]);
    return ids.map((id) => byParent.get(id) ?? []);
  });
}

/** Rows of many crises in one statement, handed back per crisis in the order of the keys. */
function byCrisis<R extends { crisis_id: string }>(dataSource: DataSource, sql: string, org: string, extra: unknown[] = []) {
  return new DataLoader<string, R[]>(async (crisisIds) => {
    const rows = await query<R>(dataSource, sql, [crisisIds, org, ...extra]);
    const grouped = new Map<string, R[]>();
    for (const row of rows) grouped.set(row.crisis_id, [...(grouped.get(row.crisis_id) ?? []), row]);
    return crisisIds.map((id) => grouped.get(id) ?? []);
  });
}

/** Groups keys that share everything but the crisis, so one statement serves each group. */
function groupBy<K, G>(keys: readonly K[], groupOf: (key: K) => G): Map<string, { group: G; indexes: number[] }> {
  const groups = new Map<string, { group: G; indexes: number[] }>();
  keys.forEach((key, index) => {
    const group = groupOf(key);
    const id = JSON.stringify(group);
    const entry = groups.get(id) ?? { group, indexes: [] };
    entry.indexes.push(index);
    groups.set(id, entry);
  });
  return groups;
}

export function createLoaders(dataSource: DataSource, organizationId: string | null): Loaders {
  const org = organizationId ?? '00000000-0000-0000-0000-000000000000';
  return {
    brand: new DataLoader(async (ids) => {
      const rows = await query<BrandRow>(dataSource, `SELECT id, organization_id, name, keywords, detection FROM brand WHERE id = ANY($1) AND organization_id = $2`, [ids, org]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    timelinePage: new DataLoader(
      async (keys) => {
        const results: TimelineRow[][] = keys.map(() => []);
        for (const { group, indexes } of groupBy(keys, (k) => ({ limit: k.limit, after: k.afterSequence })).values()) {
          const crisisIds = indexes.map((i) => keys[i].crisisId);
          const rows = await query<TimelineRow & { rn: string }>(
            dataSource,
            `SELECT * FROM (
               SELECT ${TIMELINE_COLUMNS}, row_number() OVER (PARTITION BY crisis_id ORDER BY sequence) AS rn
               FROM crisis_event WHERE crisis_id = ANY($1) AND organization_id = $2 AND sequence > $3
             ) page WHERE rn <= $4 ORDER BY sequence::bigint`,
            [crisisIds, org, group.after, group.limit],
          );
          for (const index of indexes) results[index] = rows.filter((r) => r.crisis_id === keys[index].crisisId);
        }
        return results;
      },
      { cacheKeyFn: (k) => `${k.crisisId}/${k.limit}/${k.afterSequence}` },
    ),
    timelineCount: new DataLoader(async (crisisIds) => {
      const rows = await query<{ crisis_id: string; count: number }>(
        dataSource,
        `SELECT crisis_id, count(*)::int AS count FROM crisis_event WHERE crisis_id = ANY($1) AND organization_id = $2 GROUP BY crisis_id`,
        [crisisIds, org],
      );
      const byId = new Map(rows.map((r) => [r.crisis_id, r.count]));
      return crisisIds.map((id) => byId.get(id) ?? 0);
    }),
    team: byCrisis<AssignmentRow>(
      dataSource,
      `SELECT crisis_id, role_key, assignee, assigned_by, assigned_at FROM crisis_assignment
       WHERE crisis_id = ANY($1) AND organization_id = $2 ORDER BY assigned_at, role_key`,
      org,
    ),
    tasks: byCrisis<TaskRow>(
      dataSource,
      `SELECT id, crisis_id, state, position, title, completed_at, completed_by FROM crisis_task
       WHERE crisis_id = ANY($1) AND organization_id = $2
       ORDER BY array_position($3::text[], state), position`,
      org,
      [CRISIS_STATES], // lifecycle order, from the machine
    ),
    statements: grouped((ids) => readStatementsOfCrises(dataSource, org, ids), (r) => r.crisis_id),
    statementReviews: grouped((ids) => readReviews(dataSource, org, ids), (r) => r.statement_id),
    actionItems: byCrisis<ActionItemRow>(
      dataSource,
      `SELECT id, organization_id, crisis_id, title, owner, due_at, status, note, created_by, created_at, updated_at, closed_at, overdue_at
       FROM action_item WHERE crisis_id = ANY($1) AND organization_id = $2 ORDER BY created_at, id`,
      org,
    ),
    lintPhrases: new DataLoader(async (languages) => Promise.all(languages.map((language) => customPhrases(dataSource, org, language)))),
  };
}
