import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CannotRunError, UsageError } from '../command-line/errors';
import type { LocalStackInfo } from '../local-stack/state-file';
import { loadReportPage, readDeclineReport, readReportConfig, reportPeriod } from './report-command';
import { type CallTable, callTableClient, localTableOf } from './table-target';

/**
 * `/dashboard` on the local stack: the HTML report of `redial report --html`, drawn afresh from the
 * stack's table at each request and reloaded by the browser, so it follows the calls as they come.
 * The query takes the report's options: `?since=24h&until=2026-11-30&by=hour`.
 */

/** A page the local stack serves beside the API's routes (a structural match for its LocalPage). */
export interface DashboardPage {
  /** What the local stack's banner calls it. */
  readonly name: string;
  readonly path: string;
  render(query: URLSearchParams): Promise<{ statusCode: number; contentType: string; body: string }>;
}

export const DASHBOARD_PATH = '/dashboard';
export const DASHBOARD_REFRESH_SECONDS = 30;

const plainText = (statusCode: number, body: string) => ({
  statusCode,
  contentType: 'text/plain; charset=utf-8',
  body: `${body}\n`,
});

export function dashboardPage(
  info: LocalStackInfo,
  now: () => Date = () => new Date(),
  connect: (table: CallTable) => DynamoDBDocumentClient = callTableClient,
): DashboardPage {
  const table = localTableOf(info);
  const client = connect(table);
  return {
    name: 'Dashboard',
    path: DASHBOARD_PATH,
    async render(query) {
      try {
        const period = reportPeriod(
          {
            since: query.get('since') ?? undefined,
            until: query.get('until') ?? undefined,
            by: query.get('by') ?? undefined,
          },
          now(),
          (option) => option,
        );
        // Read at each request: the page judges by the config the stack runs, as `redial report` does.
        const config = readReportConfig(info.configFile);
        const report = await readDeclineReport(table, client, config, period);
        const body = await loadReportPage()(report, { refreshSeconds: DASHBOARD_REFRESH_SECONDS });
        return { statusCode: 200, contentType: 'text/html; charset=utf-8', body };
      } catch (error) {
        if (error instanceof UsageError) return plainText(400, `Bad query: ${error.message}`);
        if (error instanceof CannotRunError) return plainText(500, error.message);
        throw error;
      }
    },
  };
}
