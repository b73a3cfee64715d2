// A statement's review workflow as a small pure XState machine: DRAFT → IN_REVIEW → APPROVED → PUBLISHED. No I/O.
import { setup, transition } from 'xstate';

export const STATEMENT_KINDS = ['HOLDING', 'APOLOGY', 'UPDATE', 'RESOLUTION'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export const STATEMENT_STATUSES = ['DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** The steps of the workflow, each served by one mutation. */
export const STATEMENT_STEPS = ['UPDATE', 'SUBMIT', 'APPROVE', 'REJECT', 'PUBLISH'] as const;
export type StatementStep = (typeof STATEMENT_STEPS)[number];

export const STEP_MUTATIONS: Record<StatementStep, string> = {
  UPDATE: 'updateStatement',
  SUBMIT: 'submitStatement',
  APPROVE: 'approveStatement',
  REJECT: 'rejectStatement',
  PUBLISH: 'publishStatement',
};

export const statementMachine = setup({
  types: { events: {} as { type: StatementStep } },
}).createMachine({
  id: 'statement',
  initial: 'DRAFT',
  states: {
    DRAFT: { on: { UPDATE: 'DRAFT', SUBMIT: 'IN_REVIEW' } },
    IN_REVIEW: { on: { APPROVE: 'APPROVED', REJECT: 'DRAFT' } },
    // An approval can still be withdrawn (back to DRAFT) until the statement is out.
    APPROVED: { on: { PUBLISH: 'PUBLISHED', REJECT: 'DRAFT' } },
    // Public record: a correction is a new statement that supersedes this one.
    PUBLISHED: { type: 'final' },
  },
});

/** The steps a status accepts. */
export function allowedSteps(status: StatementStatus): StatementStep[] {
  return STATEMENT_STEPS.filter((step) => statementMachine.root.states[status].transitions.has(step));
}

/** The status after `step`, or null when the status does not accept it. */
export function nextStatus(status: StatementStatus, step: StatementStep): StatementStatus | null {
  if (!allowedSteps(status).includes(step)) return null;
  const [next] = transition(statementMachine, statementMachine.resolveState({ value: status, context: undefined }), { type: step });
  return next.value as StatementStatus;
}
