// The plan every new organization starts with, written from the practice the product comes from (see shared/seeds).
import type { SlaDefaults } from '../config';
import { SEVERITIES } from '../crisis/machine';
import type { PlaybookContent } from './playbook.content';

export const DEFAULT_PLAYBOOK_NAME = 'Default crisis plan';

export function defaultPlaybook(sla: SlaDefaults): PlaybookContent {
  return {
    name: DEFAULT_PLAYBOOK_NAME,
    roles: [
      { key: 'CRISIS_LEAD', title: 'Crisis lead', responsibilities: ['Owns the crisis end to end and decides', 'Keeps the timeline and the team current', 'Signs off every public statement'] },
      { key: 'PR_LEAD', title: 'Public relations', responsibilities: ['Writes the single message used on every channel', 'Handles press and influencers'] },
      { key: 'MARKETING', title: 'Marketing', responsibilities: ['Pauses scheduled campaigns and posts', 'Publishes the statement on owned channels'] },
      { key: 'CUSTOMER_CARE', title: 'Customer care', responsibilities: ['Answers individual comments, messages and reviews personally', 'Reports recurring questions to the team'] },
      { key: 'LEGAL', title: 'Legal', responsibilities: ['Reviews statements before publication', 'Advises on liability and regulatory duties'] },
    ],
    channels: ['x', 'facebook', 'instagram', 'tiktok', 'linkedin', 'website', 'press', 'email'],
    protocols: [
      { state: 'DETECTED', steps: ['Confirm the signal is real and not a false alarm', 'Assess the nature, the stakeholders and the potential impact', 'Alert the crisis lead'] },
      { state: 'ACKNOWLEDGED', steps: ['Assemble the crisis team from the plan', 'Publish a first public acknowledgement, even before the fix', 'Pause scheduled marketing posts'] },
      { state: 'RESPONDING', steps: ['Agree one consistent message for every channel', 'If at fault, apologise sincerely with a clear action plan — no excuses, no blame', 'Reply personally to individual comments and reviews', 'Post regular updates until resolved'] },
      { state: 'CONTAINED', steps: ['Confirm sentiment and negative volume are falling', 'Share what was done and what prevents a repeat'] },
      { state: 'RECOVERY', steps: ['Highlight positive stories and customer testimonials', 'Keep monitoring sentiment back to the baseline', 'Run the post-crisis review with every party involved'] },
      { state: 'REVIEWED', steps: ['Document the crisis for training', 'Update this plan with the lessons learned'] },
    ],
    slaPolicies: SEVERITIES.map((severity) => ({ severity, ...sla[severity] })),
  };
}
