import type twilio from 'twilio';
import type { DialledLeg } from '../../lambdas/domain/analytics/decline-source';

/**
 * An account's declined calls as Twilio recorded them (issue 13, `redial diagnose`): the Monitor
 * alerts for SIP 603, each call they name, its dialled legs (child calls) and, where the account
 * has Voice Insights, each leg's summary. Only what the classification needs is read: one alert
 * list for the window, then per declined call one fetch, one child list and a summary per leg.
 */

/** Monitor's error code for a call the far end declined with SIP 603. */
export const DECLINE_ALERT_CODE = '31603';

/** Insights answers 17000 when the account has not enabled it (Twilio's error dictionary). */
const INSIGHTS_NOT_ENABLED = 17000;

export interface DeclinedCall {
  readonly callSid: string;
  /** When Monitor saw the decline. */
  readonly at: Date;
  /** The number the caller dialled (the parent call's `to`). */
  readonly number: string;
  /** The `<Dial>`'s legs, oldest first: none when the number's own TwiML rejected the call. */
  readonly legs: readonly DialledLeg[];
  /** What could not be read and why, for the report (never a reason to stop). */
  readonly gaps: readonly string[];
}

export interface Window {
  readonly since: Date;
  readonly until: Date;
}

type Alert = { errorCode: string; resourceSid: string | null; alertText: string | null; dateGenerated: Date };
type Call = { sid: string; to: string; status: string; startTime: Date | null; endTime: Date | null };

/** The SIP code Monitor's alert text names (`sipResponseCode=603&…`), if any. */
function alertSipCode(alert: Alert): number | undefined {
  const code = Number(new URLSearchParams(alert.alertText ?? '').get('sipResponseCode'));
  return Number.isInteger(code) && code > 0 ? code : undefined;
}

/** An unanswered leg rings for its whole life; Twilio's call times are whole seconds. */
function ringSeconds(leg: Call): number {
  if (!leg.startTime || !leg.endTime) return 0;
  return Math.max(0, (leg.endTime.getTime() - leg.startTime.getTime()) / 1000);
}

/** The leg's last SIP response from its Insights summary, or why there is none. */
async function summaryCode(client: twilio.Twilio, legSid: string): Promise<number | string> {
  try {
    const summary = await client.insights.v1.calls(legSid).summary().fetch();
    const code = Number(summary.properties?.last_sip_response_num);
    return Number.isInteger(code) && code > 0 ? code : `no SIP response in the Insights summary of ${legSid}`;
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === INSIGHTS_NOT_ENABLED) return 'Voice Insights is not enabled on this account (error 17000)';
    return `the Insights summary of ${legSid} could not be read: ${(error as Error).message}`;
  }
}

async function declinedCall(client: twilio.Twilio, alert: Alert): Promise<DeclinedCall> {
  const callSid = alert.resourceSid as string;
  const [parent, children] = await Promise.all([
    client.calls(callSid).fetch(),
    client.calls.list({ parentCallSid: callSid }),
  ]);
  const gaps = new Set<string>();
  const legs: DialledLeg[] = [];
  for (const child of [...children].sort(
    (a, b) => (a.startTime?.getTime() ?? 0) - (b.startTime?.getTime() ?? 0),
  )) {
    const fromSummary = await summaryCode(client, child.sid);
    if (typeof fromSummary === 'string') gaps.add(fromSummary);
    legs.push({
      endpoint: child.to,
      status: child.status,
      // Monitor's alert names the code too, for an account without Insights.
      sipResponseCode: typeof fromSummary === 'number' ? fromSummary : alertSipCode(alert),
      ringSeconds: ringSeconds(child),
    });
  }
  return { callSid, at: alert.dateGenerated, number: parent.to, legs, gaps: [...gaps] };
}

/** Every call Monitor recorded a 603 for in the window, once each (an alert may repeat). */
export async function readDeclinedCalls(
  client: twilio.Twilio,
  { since, until }: Window,
): Promise<DeclinedCall[]> {
  const alerts = await client.monitor.v1.alerts.list({ startDate: since, endDate: until });
  const byCall = new Map<string, Alert>();
  for (const alert of alerts) {
    if (alert.errorCode !== DECLINE_ALERT_CODE || !alert.resourceSid?.startsWith('CA')) continue;
    if (!byCall.has(alert.resourceSid)) byCall.set(alert.resourceSid, alert);
  }
  const calls: DeclinedCall[] = [];
  for (const alert of byCall.values()) calls.push(await declinedCall(client, alert));
  return calls;
}
