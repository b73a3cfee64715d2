// Every type a crisis timeline entry can have: what webhook endpoints subscribe to, checked against the code by
// test/unit/timeline-types.test.ts so a new event type cannot be forgotten here.
export const TIMELINE_EVENT_TYPES = [
  'DETECTED', 'STATE_CHANGED', 'SEVERITY_CHANGED', 'SLA_BREACHED', 'SPIKE_DETECTED',
  'ROLE_ASSIGNED', 'TASK_COMPLETED', 'ROOT_CAUSE_UPDATED',
  'STATEMENT_SUBMITTED', 'STATEMENT_APPROVED', 'STATEMENT_REJECTED', 'STATEMENT_PUBLISHED',
  'ACTION_ITEM_ADDED', 'ACTION_ITEM_UPDATED', 'ACTION_ITEM_OVERDUE',
  'REPLY_SENT', 'MENTION_SKIPPED',
  'RECOVERY_ACTION_LOGGED', 'SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED',
  'REVIEW_UPDATED', 'REVIEW_FEEDBACK_SUBMITTED',
  'WEBHOOK_ENDPOINT_DISABLED',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];
