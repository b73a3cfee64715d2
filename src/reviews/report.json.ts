// The crisis report's JSON form: the gathered data as it is, described by schema/crisis-report.schema.json.
import type { CrisisReport } from './report.types';

/** The `$id` of schema/crisis-report.schema.json. */
export const REPORT_SCHEMA_ID = 'urn:crisis-desk:schema:crisis-report:2';

/** Pretty-printed with a final newline; key order is the data's, so the same crisis gives the same bytes. */
export function renderJson(report: CrisisReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
