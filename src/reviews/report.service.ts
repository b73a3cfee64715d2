// The crisis report in one of its formats, for the GraphQL query and the download route alike.
import type { Context } from '../graphql/context';
import { NotFoundError } from '../graphql/errors';
import { findCrisis, safeCrisisId } from '../crisis/crisis.resolver';
import { gatherCrisisReport } from './report.data';
import { renderHtml } from './report.html';
import { renderJson } from './report.json';
import { renderMarkdown } from './report.markdown';
import { reportFileName } from './report.text';
import type { CrisisReport } from './report.types';

export const REPORT_FORMATS = ['MARKDOWN', 'JSON', 'HTML'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_MEDIA: Record<ReportFormat, { extension: string; contentType: string; render: (report: CrisisReport) => string }> = {
  MARKDOWN: { extension: 'md', contentType: 'text/markdown; charset=utf-8', render: renderMarkdown },
  JSON: { extension: 'json', contentType: 'application/json; charset=utf-8', render: renderJson },
  HTML: { extension: 'html', contentType: 'text/html; charset=utf-8', render: renderHtml },
};

/** The format a file extension asks for (md, json, html), or null. */
export function formatOfExtension(extension: string): ReportFormat | null {
  return REPORT_FORMATS.find((f) => REPORT_MEDIA[f].extension === extension) ?? null;
}

/** The report of a crisis of the viewer's organization (by its global id); NOT_FOUND for anything else, as for `crisis(id)`. */
export async function crisisReport(ctx: Context, crisisGlobalId: string, format: ReportFormat): Promise<{ body: string; fileName: string }> {
  const id = safeCrisisId(crisisGlobalId);
  const crisis = id ? await findCrisis(ctx, id) : null;
  if (!crisis) throw new NotFoundError('Crisis', crisisGlobalId);
  const report = await gatherCrisisReport(ctx, crisis);
  const media = REPORT_MEDIA[format];
  return { body: media.render(report), fileName: reportFileName(report, media.extension) };
}
