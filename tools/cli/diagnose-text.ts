import type { DeclineSource } from '../../lambdas/domain/analytics/decline-source';
import {
  countsInWords,
  type DiagnoseReport,
  findingInBrief,
  localStamp,
  type ReportedCall,
  type ReportedNumber,
  SOURCE_NAMES,
  windowInWords,
} from './diagnose-report';
import { alignedLines } from './text-table';

/** `redial diagnose`'s report as the lines a terminal shows. */

function heading(report: DiagnoseReport): string[] {
  return [
    `Declines on ${report.account}${report.number ? `, calls to ${report.number}` : ''}, ${windowInWords(report)}`,
    `Read with ${report.credentialsFrom}: ${countsInWords(report)}; Voice Insights ${report.insights}.`,
  ];
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ['', title, ...lines];
}

function sourceLines(report: DiagnoseReport): string[] {
  const rows = (Object.keys(SOURCE_NAMES) as DeclineSource[])
    .filter((source) => report.bySource[source] > 0)
    .map((source) => [SOURCE_NAMES[source], String(report.bySource[source])]);
  if (rows.length === 0) return ['  No refused dials in this window.'];
  return alignedLines([['Source', 'Calls'], ...rows]).map((line) => `  ${line}`);
}

/** Each number's calls by source, the sources present as columns. */
function numberTallyLines(report: DiagnoseReport): string[] {
  const sources = (Object.keys(SOURCE_NAMES) as DeclineSource[]).filter(
    (source) => report.bySource[source] > 0,
  );
  if (report.byNumber.length < 2) return [];
  const rows = report.byNumber.map(({ number, bySource }) => [
    number,
    ...sources.map((source) => String(bySource[source])),
  ]);
  return alignedLines([['Number', ...sources.map((source) => SOURCE_NAMES[source])], ...rows]).map(
    (line) => `  ${line}`,
  );
}

function recommendationLines(report: DiagnoseReport): string[] {
  return report.recommendations.flatMap((recommendation, index) => [
    `  ${index + 1}. ${recommendation.text}`,
    ...recommendation.evidence.map((line) => `     - ${line}`),
  ]);
}

function numberAudit(number: ReportedNumber): string {
  if (number.routedBy) return `routed by ${number.routedBy}: not audited`;
  if (number.twimlProblem) return number.twimlProblem;
  if (!number.voiceUrl) return 'no voice URL';
  if (number.findings.length === 0) return 'TwiML: no findings';
  return number.findings.map(findingInBrief).join('; ');
}

function numberLines(report: DiagnoseReport): string[] {
  return report.numbers.flatMap((number) => [
    `  ${number.number}${number.friendlyName ? ` (${number.friendlyName})` : ''}`,
    ...(number.via ? [`     answered by     ${number.via}`] : []),
    `     voice URL       ${number.voiceUrl ?? 'none'}`,
    `     fallback URL    ${number.fallbackUrl ?? 'none'}`,
    `     status callback ${number.statusCallback ?? 'none'}`,
    `     audit           ${numberAudit(number)}`,
  ]);
}

function callRow(call: ReportedCall, timezone: string): string[] {
  return [
    localStamp(call.at, timezone),
    call.callSid,
    call.number,
    call.endpoint ?? '—',
    SOURCE_NAMES[call.source],
    call.evidence.filter((line) => !line.startsWith('dialled ')).join('; '),
  ];
}

function callLines(report: DiagnoseReport): string[] {
  if (report.calls.length === 0) return [];
  const rows = report.calls.map((call) => callRow(call, report.timezone));
  return alignedLines([['Time', 'Call', 'Number', 'Endpoint', 'Source', 'Evidence'], ...rows]).map(
    (line) => `  ${line}`,
  );
}

function failureLines(report: DiagnoseReport): string[] {
  return report.webhookFailures.map(
    (failure) =>
      `  ${localStamp(failure.at, report.timezone)}  ${failure.code} ${failure.meaning}  ${failure.number ?? '—'}  ${failure.url ?? '—'}`,
  );
}

export function diagnoseLines(report: DiagnoseReport): string[] {
  return [
    ...heading(report),
    ...section(
      'Problems',
      report.problems.map((problem) => `  ! ${problem}`),
    ),
    ...section('Where the refused dials came from', sourceLines(report)),
    ...section('By number', numberTallyLines(report)),
    ...section(
      'Patterns',
      report.patterns.map((pattern) => `  ${pattern.description}`),
    ),
    ...section('Recommendations', recommendationLines(report)),
    ...section('Numbers', numberLines(report)),
    ...section('Calls', callLines(report)),
    ...section('Twilio could not get TwiML', failureLines(report)),
  ];
}
