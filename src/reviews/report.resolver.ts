// crisisReport over GraphQL: the training document of one crisis as Markdown, JSON or HTML, for any role of its organization.
import { Arg, Authorized, Ctx, ID, Query, Resolver, registerEnumType } from 'type-graphql';
import type { Context } from '../graphql/context';
import { enumOf } from '../crisis/crisis.types';
import { crisisReport, REPORT_FORMATS, type ReportFormat } from './report.service';

export const ReportFormatEnum = enumOf(REPORT_FORMATS);
registerEnumType(ReportFormatEnum, { name: 'ReportFormat', description: 'MARKDOWN, JSON (schema/crisis-report.schema.json) or HTML (one page, inline SVG chart, no script)' });

@Resolver()
export class CrisisReportResolver {
  @Authorized()
  @Query(() => String, { description: 'The crisis documented for training: summary, timeline, team, statements, actions, replies, KPIs, chart, feedback, lessons' })
  async crisisReport(
    @Arg('crisisId', () => ID) crisisId: string,
    @Arg('format', () => ReportFormatEnum, { nullable: true, defaultValue: 'MARKDOWN' }) format: ReportFormat | null,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return (await crisisReport(ctx, crisisId, format ?? 'MARKDOWN')).body;
  }
}
