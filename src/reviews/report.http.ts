// GET /reports/:crisisId.(md|json|html): the crisis report as a download, with the bearer token of any role of its organization.
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/auth.service';
import { createContext, type Services } from '../graphql/context';
import { BadUserInputError, UnauthenticatedError } from '../graphql/errors';
import { REPORT_CSP } from './report.html';
import { crisisReport, formatOfExtension, REPORT_MEDIA } from './report.service';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, BAD_USER_INPUT: 400, NOT_FOUND: 404 };

/** Our errors in the API's error shape, with the HTTP status their code means; anything else goes to the server's error handler. */
function answerError(error: unknown, req: Request, res: Response, next: NextFunction): void {
  const code = error instanceof GraphQLError ? String(error.extensions.code) : '';
  if (!(error instanceof GraphQLError) || !(code in STATUS)) return next(error);
  const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
  res.status(STATUS[code]).json({ errors: [{ message: error.message, extensions: { ...extensions, requestId: req.id } }] });
}

/** The route's handler; the server has already counted the request and put its viewer (or null) in `res.locals.viewer`. */
export function crisisReportDownload(services: Services) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const viewer = (res.locals.viewer as Viewer | null | undefined) ?? null;
    const serve = async () => {
      if (!viewer) throw new UnauthenticatedError();
      const file = String(req.params.file ?? '');
      const dot = file.lastIndexOf('.');
      const format = dot > 0 ? formatOfExtension(file.slice(dot + 1)) : null;
      if (!format) throw new BadUserInputError('format', 'ask for /reports/<crisis id>.md, .json or .html', { formats: Object.values(REPORT_MEDIA).map((m) => m.extension) });
      const ctx = createContext(services, viewer, String(req.id), req.log);
      const { body, fileName } = await crisisReport(ctx, file.slice(0, dot), format);
      res.setHeader('content-type', REPORT_MEDIA[format].contentType);
      res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'private, no-store');
      if (format === 'HTML') res.setHeader('content-security-policy', REPORT_CSP);
      res.status(200).send(body);
    };
    serve().catch((error) => answerError(error, req, res, next));
  };
}
