import type twilio from 'twilio';
import type { DialledLeg } from '../../lambdas/domain/analytics/decline-source';
import { mapConcurrently, noProgress, type Progress } from '../command-line/progress';

/**
 * An account's troubled calls as Twilio recorded them (issue 13, `redial diagnose`): the window's
 * Monitor alerts for a dial the far end refused (SIP 603, 486, 480) and for a voice URL Twilio
 * could not get TwiML from (11200, 11205, 12100); for each refused dial, the call, its dialled legs
 * (child calls) and, where the account has Voice Insights, each leg's summary. Only what the
 * classification needs is read: one alert list for the window, then per call one fetch, one child
 * list and a summary per leg.
 */

/** Monitor's error codes for a refused SIP dial, and the SIP code each stands for. */
export const DIAL_ALERT_CODES: Readonly<Record<string, number>> = {
  '31603': 603,
  '31486': 486,
  '31480': 480,
};

/** Monitor's error codes for a voice URL that gave Twilio no TwiML, in Twilio's words. */
export const WEBHOOK_ALERT_CODES: Readonly<Record<string, string>> = {
  '11200': 'HTTP retrieval failure',
  '11205': 'HTTP connection failure',
  '12100': 'Document parse failure',
};

/** Insights answers 17000 when the account has not enabled it (Twilio's error dictionary). */
const INSIGHTS_NOT_ENABLED = 17000;
export const NO_INSIGHTS_GAP =
  'Voice Insights is not enabled on this account (error 17000): SIP codes come from the alerts, and there is no disconnected_by or post-dial delay';

export const PARTIAL_GAP =
  'Some Insights summaries were still partial (Insights completes them within 30 minutes of the call): their calls may take the SIP code from the alert; run again later for the final word';

export interface AlertedCall {
  readonly callSid: string;
  /** The alert's code: 31603, 31486 or 31480. */
  readonly alertCode: string;
  /** When Monitor saw it. */
  readonly at: Date;
  /** The number the caller dialled (the parent call's `to`). */
  readonly number: string;
  /** The `<Dial>`'s legs, oldest first: none when the number's own TwiML rejected the call. */
  readonly legs: readonly DialledLeg[];
}

export interface WebhookFailure {
  readonly code: string;
  readonly meaning: string;
  readonly at: Date;
  readonly callSid?: string;
  /** The number called, when the call could be read. */
  readonly number?: string;
  /** The URL Twilio requested. */
  readonly url?: string;
}

export interface AccountAlerts {
  readonly alertCount: number;
  readonly calls: readonly AlertedCall[];
  readonly webhookFailures: readonly WebhookFailure[];
  /** What could not be read and why, for the report (never a reason to stop). */
  readonly gaps: readonly string[];
  /** Whether the account has Insights, once a summary has been asked for. */
  readonly insights?: boolean;
}

export interface AlertQuery {
  readonly since: Date;
  readonly until: Date;
  /** Only calls to this number. */
  readonly number?: string;
}

type Alert = {
  errorCode: string;
  resourceSid: string | null;
  alertText: string | null;
  requestUrl: string | null;
  dateGenerated: Date;
};
type Call = { sid: string; to: string; status: string; startTime: Date | null; endTime: Date | null };

/** Reads one account's records, remembering across calls what the account turned out not to have. */
class AccountReader {
  readonly gaps = new Set<string>();
  insights?: boolean;

  constructor(private readonly client: twilio.Twilio) {}

  async alertedCall(alert: Alert, parent: Call): Promise<AlertedCall> {
    const children = await this.client.calls.list({ parentCallSid: parent.sid });
    const legs: DialledLeg[] = [];
    for (const child of [...children].sort((a, b) => time(a.startTime) - time(b.startTime)))
      legs.push(await this.leg(child, alert));
    return {
      callSid: parent.sid,
      alertCode: alert.errorCode,
      at: alert.dateGenerated,
      number: parent.to,
      legs,
    };
  }

  private async leg(child: Call, alert: Alert): Promise<DialledLeg> {
    const summary = await this.summary(child.sid);
    const code = Number(summary?.last_sip_response_num);
    return {
      endpoint: child.to,
      status: child.status,
      // Monitor's alert names the code too, for an account without Insights.
      sipResponseCode: Number.isInteger(code) && code > 0 ? code : alertSipCode(alert),
      ringSeconds: ringSeconds(child),
      ...(typeof summary?.disconnected_by === 'string' ? { disconnectedBy: summary.disconnected_by } : {}),
      ...(typeof summary?.pdd_ms === 'number' ? { postDialDelayMs: summary.pdd_ms } : {}),
    };
  }

  /** The leg's Insights summary properties; none (and a gap said once) when they cannot be read. */
  private async summary(legSid: string): Promise<Record<string, unknown> | undefined> {
    if (this.insights === false) return undefined;
    try {
      const summary = await this.client.insights.v1.calls(legSid).summary().fetch();
      this.insights = true;
      // Insights completes a summary within 30 minutes of the call; until then fields may be missing.
      if (summary.processingState === 'partial') this.gaps.add(PARTIAL_GAP);
      return (summary.properties ?? {}) as Record<string, unknown>;
    } catch (error) {
      if ((error as { code?: number }).code === INSIGHTS_NOT_ENABLED) {
        this.insights = false;
        this.gaps.add(NO_INSIGHTS_GAP);
      } else
        this.gaps.add(`the Insights summary of ${legSid} could not be read: ${(error as Error).message}`);
      return undefined;
    }
  }
}

const time = (date: Date | null) => date?.getTime() ?? 0;

/** The SIP code Monitor's alert text names (`sipResponseCode=603&…`), else the alert code's own. */
function alertSipCode(alert: Alert): number | undefined {
  const code = Number(new URLSearchParams(alert.alertText ?? '').get('sipResponseCode'));
  return Number.isInteger(code) && code > 0 ? code : DIAL_ALERT_CODES[alert.errorCode];
}

/** An unanswered leg rings for its whole life; Twilio's call times are whole seconds. */
function ringSeconds(leg: Call): number {
  if (!leg.startTime || !leg.endTime) return 0;
  return Math.max(0, (leg.endTime.getTime() - leg.startTime.getTime()) / 1000);
}

/** Each call once (an alert may repeat), its first alert of the kinds wanted. */
function firstAlertPerCall(alerts: readonly Alert[], codes: Readonly<Record<string, unknown>>): Alert[] {
  const byCall = new Map<string, Alert>();
  for (const alert of alerts) {
    if (!Object.hasOwn(codes, alert.errorCode) || !alert.resourceSid?.startsWith('CA')) continue;
    if (!byCall.has(alert.resourceSid)) byCall.set(alert.resourceSid, alert);
  }
  return [...byCall.values()];
}

async function webhookFailure(client: twilio.Twilio, alert: Alert): Promise<WebhookFailure> {
  const callSid = alert.resourceSid?.startsWith('CA') ? alert.resourceSid : undefined;
  // The number is a nicety for grouping: a call that cannot be read leaves it out, not the failure.
  const call = callSid
    ? await client
        .calls(callSid)
        .fetch()
        .catch(() => undefined)
    : undefined;
  return {
    code: alert.errorCode,
    meaning: WEBHOOK_ALERT_CODES[alert.errorCode],
    at: alert.dateGenerated,
    ...(callSid ? { callSid } : {}),
    ...(call ? { number: call.to } : {}),
    ...(alert.requestUrl ? { url: alert.requestUrl } : {}),
  };
}

/** Calls read at once: enough to hide each request's round trip, well inside Twilio's concurrency limit. */
export const CALLS_AT_ONCE = 8;

/** The window's alerts of the watched codes, each refused dial's call read whole. */
export async function readAccountAlerts(
  client: twilio.Twilio,
  query: AlertQuery,
  progress: Progress = noProgress,
): Promise<AccountAlerts> {
  // Monitor's largest page: a busy account's week is a few requests, not one per 50 alerts.
  const alerts: Alert[] = await client.monitor.v1.alerts.list({
    startDate: query.since,
    endDate: query.until,
    pageSize: 1000,
  });
  const reader = new AccountReader(client);
  const wanted = (number: string | undefined) => query.number === undefined || number === query.number;
  const readCall = async (alert: Alert) => {
    try {
      const parent = await client.calls(alert.resourceSid as string).fetch();
      return wanted(parent.to) ? await reader.alertedCall(alert, parent) : undefined;
    } catch (error) {
      // One call Twilio will not give (gone, or still rate-limited after the retries) is a line, not the end.
      reader.gaps.add(
        `call ${alert.resourceSid} (alert ${alert.errorCode}) could not be read: ${(error as Error).message}`,
      );
      return undefined;
    }
  };
  const dialAlerts = firstAlertPerCall(alerts, DIAL_ALERT_CODES);
  // The first call alone: it finds out whether the account has Insights, which the rest then skip or use.
  const [first, ...rest] = dialAlerts;
  const tally = (done: number) => progress(done, dialAlerts.length);
  const firstCall = first ? [await readCall(first)] : [];
  if (first) tally(1);
  const calls = [
    ...firstCall,
    ...(await mapConcurrently(rest, CALLS_AT_ONCE, readCall, (done) => tally(done + 1))),
  ];
  const failures = await mapConcurrently(
    alerts.filter((alert) => Object.hasOwn(WEBHOOK_ALERT_CODES, alert.errorCode)),
    CALLS_AT_ONCE,
    (alert) => webhookFailure(client, alert),
  );
  return {
    alertCount: alerts.length,
    calls: calls.filter((call): call is AlertedCall => call !== undefined),
    webhookFailures: failures.filter((failure) => wanted(failure.number)),
    gaps: [...reader.gaps],
    ...(reader.insights === undefined ? {} : { insights: reader.insights }),
  };
}
