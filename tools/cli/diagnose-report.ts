import {
  type ClassifiedCall,
  type DeclinePattern,
  diagnoseDeclines,
  type NumberSetup,
  type NumberTally,
  type Recommendation,
  type WebhookFailureCount,
} from '../../lambdas/domain/analytics/decline-diagnosis';
import {
  classifyDeclineSource,
  type DeclineSource,
  type TwimlReject,
} from '../../lambdas/domain/analytics/decline-source';
import { localTime, WEEKDAY_LABELS } from '../../lambdas/domain/analytics/local-time';
import type { DeclineSettings } from '../../lambdas/domain/dial-outcome';
import type { AlertedCall, WebhookFailure } from './account-alerts';
import type { AccountRecords, NumberRecord } from './account-records';
import { plural } from './report-text';
import { auditTwiml, type TwimlFinding, TwimlSyntaxError } from './twiml-audit';

/**
 * `redial diagnose`'s report, decided from the records alone (account-records.ts read them): each
 * call's source by Redial's own rules, the patterns and recommendations (decline-diagnosis.ts), the
 * numbers with their TwiML audit, and every problem met as a line. Plain data with ISO times, so
 * the text, the JSON and the HTML page all print the same report.
 */

/** Each source in words, as the text and the page name it. */
export const SOURCE_NAMES: Readonly<Record<DeclineSource, string>> = {
  person: 'A person declined',
  'pbx-rule': "The PBX's rules",
  'your-twiml': 'Your TwiML (<Reject>)',
  'not-a-decline': 'Busy or unavailable (486/480)',
  unknown: 'Unknown',
};

/** "Sat 2026-11-28 19:10" on `timezone`'s clock. */
export function localStamp(iso: string, timezone: string): string {
  const time = localTime(iso, timezone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAY_LABELS[time.weekday]} ${time.date} ${pad(time.hour)}:${pad(time.minute)}`;
}

/** The window as the text and the page say it: "Sat 2026-11-28 12:00 – Sat 2026-12-05 12:00 (UTC)". */
export function windowInWords(report: Pick<DiagnoseReport, 'since' | 'until' | 'timezone'>): string {
  const { since, until, timezone } = report;
  return `${localStamp(since, timezone)} – ${localStamp(until, timezone)} (${timezone})`;
}

/** What was read: "17 alerts, 15 refused calls, 13 dialled legs, 4 numbers". */
export function countsInWords({ counts }: Pick<DiagnoseReport, 'counts'>): string {
  const { alerts, calls, legs, numbers } = counts;
  return `${plural(alerts, 'alert')}, ${plural(calls, 'refused call')}, ${plural(legs, 'dialled leg')}, ${plural(numbers, 'number')}`;
}

export interface ReportedCall {
  readonly callSid: string;
  readonly at: string;
  readonly number: string;
  readonly endpoint?: string;
  /** Monitor's code: 31603, 31486, 31480. */
  readonly alertCode: string;
  readonly source: DeclineSource;
  readonly rule: string;
  readonly evidence: readonly string[];
}

export interface ReportedNumber {
  readonly number: string;
  readonly friendlyName?: string;
  readonly voiceUrl?: string;
  readonly fallbackUrl?: string;
  readonly statusCallback?: string;
  /** The TwiML app whose URLs these are, when the number names one. */
  readonly via?: string;
  /** What takes the calls instead of a voice URL (a SIP trunk): not audited. */
  readonly routedBy?: string;
  /** `<Reject>`s and action-less `<Dial>`s in the voice URL's TwiML. */
  readonly findings: readonly Pick<TwimlFinding, 'line' | 'column' | 'kind' | 'message'>[];
  /** Why the TwiML could not be audited. */
  readonly twimlProblem?: string;
}

/**
 * A finding in a few words, "line 3: <Reject reason="busy">": the verb and what is wrong with it
 * (its message's first clause); the recommendations say why it matters.
 */
export const findingInBrief = (finding: Pick<TwimlFinding, 'line' | 'message'>) =>
  `line ${finding.line}: ${finding.message.split(': ')[0]}`;

export interface ReportedWebhookFailure extends Omit<WebhookFailure, 'at'> {
  readonly at: string;
}

export interface DiagnoseReport {
  readonly account: string;
  readonly credentialsFrom: string;
  readonly since: string;
  readonly until: string;
  readonly timezone: string;
  readonly number?: string;
  /** Whether the legs' Insights summaries could be read: `unknown` when no leg was asked about. */
  readonly insights: 'enabled' | 'not enabled' | 'unknown';
  readonly counts: {
    readonly alerts: number;
    readonly calls: number;
    readonly legs: number;
    readonly numbers: number;
  };
  readonly bySource: Readonly<Record<DeclineSource, number>>;
  readonly byNumber: readonly NumberTally[];
  readonly patterns: readonly DeclinePattern[];
  readonly recommendations: readonly Recommendation[];
  readonly calls: readonly ReportedCall[];
  readonly numbers: readonly ReportedNumber[];
  readonly webhookFailures: readonly ReportedWebhookFailure[];
  /** What could not be read or checked, each a line: credentials, the window, Insights, a voice URL. */
  readonly problems: readonly string[];
}

interface AuditedNumber {
  readonly record: NumberRecord;
  readonly findings: readonly TwimlFinding[];
  readonly problem?: string;
}

function audit(record: NumberRecord): AuditedNumber {
  if (!record.twiml) return { record, findings: [] };
  if ('problem' in record.twiml) return { record, findings: [], problem: record.twiml.problem };
  try {
    return { record, findings: auditTwiml(record.twiml.xml, record.voiceUrl ?? record.number) };
  } catch (error) {
    if (error instanceof TwimlSyntaxError)
      return { record, findings: [], problem: `answered ${error.message}` };
    throw error;
  }
}

const linesOf = (audited: AuditedNumber, kind: TwimlFinding['kind']) =>
  audited.findings.filter((finding) => finding.kind === kind).map((finding) => finding.line);

function failureCounts(number: string, failures: readonly WebhookFailure[]): WebhookFailureCount[] {
  const counts = new Map<string, WebhookFailureCount>();
  for (const { code, meaning } of failures.filter((failure) => failure.number === number)) {
    const count = counts.get(code)?.count ?? 0;
    counts.set(code, { code, meaning, count: count + 1 });
  }
  return [...counts.values()];
}

function numberSetup(audited: AuditedNumber, failures: readonly WebhookFailure[]): NumberSetup {
  const { record } = audited;
  return {
    number: record.number,
    voiceUrl: record.voiceUrl,
    fallbackUrl: record.fallbackUrl,
    rejectLines: linesOf(audited, 'reject'),
    dialWithoutActionLines: linesOf(audited, 'dial-without-action'),
    ...(audited.problem ? { voiceUrlProblem: audited.problem } : {}),
    webhookFailures: failureCounts(record.number, failures),
  };
}

/** The first `<Reject>` of the number's TwiML: the source of a call that dialled nobody. */
function rejectOf(audited: AuditedNumber | undefined): TwimlReject | undefined {
  const reject = audited?.findings.find((finding) => finding.kind === 'reject');
  return reject && audited ? { url: audited.record.voiceUrl ?? '', line: reject.line } : undefined;
}

/** Why a number's TwiML is not known: its fetch failed, or the number itself was not read. */
function twimlUnread(audited: AuditedNumber | undefined, numbersRead: boolean): string | undefined {
  if (!numbersRead) return "the account's numbers could not be read";
  if (!audited) return "the number is not among the account's incoming numbers";
  if (audited.record.routedBy) return `it is routed by ${audited.record.routedBy}`;
  return audited.problem ?? (audited.record.voiceUrl ? undefined : 'it has no voice URL');
}

function classified(
  call: AlertedCall,
  audited: AuditedNumber | undefined,
  numbersRead: boolean,
  settings: DeclineSettings,
) {
  const leg = call.legs.at(-1);
  const evidence = { leg, reject: rejectOf(audited), twimlUnread: twimlUnread(audited, numbersRead) };
  const finding = classifyDeclineSource(evidence, settings);
  return { callSid: call.callSid, at: call.at, number: call.number, endpoint: leg?.endpoint, finding };
}

function reportedCall(call: ClassifiedCall, alertCode: string): ReportedCall {
  return {
    callSid: call.callSid,
    at: call.at.toISOString(),
    number: call.number,
    ...(call.endpoint ? { endpoint: call.endpoint } : {}),
    alertCode,
    source: call.finding.source,
    rule: call.finding.rule,
    evidence: call.finding.evidence,
  };
}

function reportedNumber({ record, findings, problem }: AuditedNumber): ReportedNumber {
  const { twiml: _twiml, voiceMethod: _method, ...setup } = record;
  return {
    ...setup,
    findings: findings.map(({ line, column, kind, message }) => ({ line, column, kind, message })),
    ...(problem ? { twimlProblem: problem } : {}),
  };
}

function insightsOf(records: AccountRecords): DiagnoseReport['insights'] {
  const insights = records.alerts?.insights;
  return insights === undefined ? 'unknown' : insights ? 'enabled' : 'not enabled';
}

/** A voice URL's problem, as a report line. */
const urlProblem = ({ record, problem }: AuditedNumber) =>
  `The voice URL of ${record.number} (${record.voiceUrl}) ${problem}`;

/** The report of one account's records: classification by Redial's rules, judged on `timezone`'s clock. */
export function diagnoseReport(
  records: AccountRecords,
  settings: DeclineSettings,
  timezone: string,
): DiagnoseReport {
  const audited = (records.numbers ?? []).map(audit);
  const auditOf = new Map(audited.map((entry) => [entry.record.number, entry]));
  const alertCalls = records.alerts?.calls ?? [];
  const failures = records.alerts?.webhookFailures ?? [];
  const numbersRead = records.numbers !== undefined;
  const calls = alertCalls.map((call) => classified(call, auditOf.get(call.number), numbersRead, settings));
  const setups = audited.map((entry) => numberSetup(entry, failures));
  const { bySource, byNumber, patterns, recommendations } = diagnoseDeclines(calls, setups, timezone);
  return {
    account: records.account,
    credentialsFrom: records.credentialsFrom,
    since: records.since.toISOString(),
    until: records.until.toISOString(),
    timezone,
    ...(records.number === undefined ? {} : { number: records.number }),
    insights: insightsOf(records),
    counts: {
      alerts: records.alerts?.alertCount ?? 0,
      calls: calls.length,
      legs: alertCalls.reduce((sum, call) => sum + call.legs.length, 0),
      numbers: audited.length,
    },
    bySource,
    byNumber,
    patterns,
    recommendations,
    calls: calls.map((call, index) => reportedCall(call, alertCalls[index].alertCode)),
    numbers: audited.map(reportedNumber),
    webhookFailures: failures.map((failure) => ({ ...failure, at: failure.at.toISOString() })),
    problems: [...records.problems, ...audited.filter((entry) => entry.problem).map(urlProblem)],
  };
}
