import { diagnosePage } from '../../tools/cli/diagnose-page';
import type { DiagnoseReport, ReportedCall } from '../../tools/cli/diagnose-report';
import { SOURCE_NAMES } from '../../tools/cli/diagnose-report';
import { escapeHtml } from '../../tools/cli/report-page';
import { figureOf, marksOf } from '../support/chart-marks';

/**
 * `redial diagnose --html`'s page, from a report built by hand: every part of the report is on the
 * page, the chart puts each call on its local weekday and hour, and no text from Twilio's records
 * or a voice URL's answer can become markup.
 */
const TIMEZONE = 'America/New_York';
const HOSTILE_PROBLEM = 'The voice URL of +15550003 answered <script>alert("pwned")</script>, not TwiML';

function call(
  callSid: string,
  at: string,
  source: ReportedCall['source'],
  endpoint: string | undefined,
  alertCode = '31603',
  number = '+15550001',
): ReportedCall {
  return {
    callSid,
    at,
    number,
    ...(endpoint ? { endpoint } : {}),
    alertCode,
    source,
    rule: `rule for ${source}`,
    evidence: endpoint
      ? [`dialled ${endpoint}`, 'SIP 603', 'rang 2 s']
      : ['<Reject> on line 3 of https://app'],
  };
}

// Local (New York, EST = UTC−5) weekday and hour of each call, as the chart must place it.
const CALLS: readonly (readonly [ReportedCall, string])[] = [
  [call('CA01', '2026-12-02T00:10:00Z', 'pbx-rule', 'sip:alice@pbx.example'), 'Tue 19'],
  [call('CA02', '2026-12-04T01:30:00Z', 'pbx-rule', 'sip:alice@pbx.example'), 'Thu 20'],
  [call('CA03', '2026-11-29T02:05:00Z', 'pbx-rule', 'sip:alice@pbx.example'), 'Sat 21'],
  [call('CA04', '2026-11-30T15:15:00Z', 'person', 'sip:bob@pbx.example'), 'Mon 10'],
  [call('CA05', '2026-12-02T19:40:00Z', 'person', 'sip:bob@pbx.example'), 'Wed 14'],
  [call('CA06', '2026-12-04T14:00:00Z', 'your-twiml', undefined, '31603', '+15550002'), 'Fri 9'],
  [call('CA07', '2026-12-03T16:00:00Z', 'not-a-decline', 'sip:carol@pbx.example', '31486'), 'Thu 11'],
  [call('CA08', '2026-12-01T21:20:00Z', 'unknown', undefined), 'Tue 16'],
];

const RECOMMENDATIONS = [
  {
    kind: 'route-after-hours-in-twiml' as const,
    text: 'Route calls outside opening hours in TwiML before the PBX is rung.',
    evidence: ["sip:alice@pbx.example: 3 calls declined by the PBX's rules, Tue, Thu, Sat, 19:00–22:00"],
  },
  {
    kind: 'review-reject' as const,
    text: 'Remove or confirm the <Reject> on line 3 of https://app.example/voice?a=1&b=2.',
    evidence: ['+15550002: 1 calls rejected by its own TwiML', 'second line of evidence'],
  },
];

const REPORT: DiagnoseReport = {
  account: 'AC00000000000000000000000000000001',
  credentialsFrom: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
  since: '2026-11-28T17:00:00.000Z',
  until: '2026-12-05T17:00:00.000Z',
  timezone: TIMEZONE,
  insights: 'not enabled',
  counts: { alerts: 9, calls: CALLS.length, legs: 6, numbers: 2 },
  bySource: { person: 2, 'pbx-rule': 3, 'your-twiml': 1, 'not-a-decline': 1, unknown: 1 },
  byNumber: [
    {
      number: '+15550001',
      bySource: { person: 2, 'pbx-rule': 3, 'your-twiml': 0, 'not-a-decline': 1, unknown: 1 },
    },
    {
      number: '+15550002',
      bySource: { person: 0, 'pbx-rule': 0, 'your-twiml': 1, 'not-a-decline': 0, unknown: 0 },
    },
  ],
  patterns: [
    {
      source: 'pbx-rule',
      target: 'sip:alice@pbx.example',
      count: 3,
      hours: '19:00–22:00',
      weekdays: 'Tue, Thu, Sat',
      description: "sip:alice@pbx.example: 3 calls declined by the PBX's rules, Tue, Thu, Sat, 19:00–22:00",
    },
  ],
  recommendations: RECOMMENDATIONS,
  calls: CALLS.map(([reported]) => reported),
  numbers: [
    {
      number: '+15550002',
      friendlyName: 'Main <b>line</b>',
      voiceUrl: 'https://app.example/voice?a=1&b=2',
      findings: [{ line: 3, column: 3, kind: 'reject', message: '<Reject reason="busy">: the first verb' }],
    },
    {
      number: '+15550003',
      voiceUrl: 'https://app.example/page',
      fallbackUrl: 'https://fallback.example/voice',
      statusCallback: 'https://app.example/status',
      findings: [],
      twimlProblem: 'answered an HTML page, not TwiML',
    },
  ],
  webhookFailures: [
    {
      code: '11200',
      meaning: 'HTTP retrieval failure',
      at: '2026-12-01T15:00:00.000Z',
      callSid: 'CA09',
      number: '+15550003',
      url: 'https://app.example/page</script>',
    },
  ],
  problems: ['Voice Insights is not enabled on this account', HOSTILE_PROBLEM],
};

const EMPTY: DiagnoseReport = {
  ...REPORT,
  counts: { alerts: 0, calls: 0, legs: 0, numbers: 0 },
  bySource: { person: 0, 'pbx-rule': 0, 'your-twiml': 0, 'not-a-decline': 0, unknown: 0 },
  patterns: [],
  recommendations: [],
  calls: [],
  numbers: [],
  webhookFailures: [],
  problems: [],
};

const embedded = (page: string) => {
  const match = /<script type="application\/json" id="report">([\s\S]*?)<\/script>/.exec(page);
  if (!match) throw new Error('no embedded report');
  return JSON.parse(match[1]);
};

describe("the diagnose page of an account's declines", () => {
  let page: string;
  let empty: string;
  beforeAll(async () => {
    [page, empty] = await Promise.all([diagnosePage(REPORT), diagnosePage(EMPTY)]);
  });

  it('heads the page with the account, the window on the local clock, the credentials and Insights', async () => {
    expect(page).toContain("Where this account's declines come from");
    expect(page).toContain(REPORT.account);
    expect(page).toContain(`Sat 2026-11-28 12:00 – Sat 2026-12-05 12:00 (${TIMEZONE})`);
    expect(page).toContain(REPORT.credentialsFrom);
    expect(page).toContain('not enabled');
    expect(page).toContain('all the account’s numbers');
    expect(await diagnosePage({ ...REPORT, number: '+15550002' })).toContain('only +15550002');
  });

  it('shows every problem, escaped, before the counts', () => {
    for (const problem of REPORT.problems) expect(page).toContain(escapeHtml(problem));
    expect(page.indexOf('id="problems"')).toBeLessThan(page.indexOf('id="sources"'));
    expect(empty).not.toContain('id="problems"');
  });

  it('counts the calls by source, in words', () => {
    const table = page.slice(page.indexOf('<table id="sources-table">'), page.indexOf('</table>'));
    for (const [source, label] of Object.entries(SOURCE_NAMES)) {
      expect(table).toMatch(
        new RegExp(
          `${escapeHtml(label).replace(/[()]/g, '\\$&')}</td><td class="count">${REPORT.bySource[source as keyof typeof SOURCE_NAMES]}<`,
        ),
      );
    }
  });

  it('puts each call on its local weekday and hour in the chart, by source', () => {
    const marks = marksOf(figureOf(page, 'declines-by-hour'));
    const placed = marks.map((mark) => `${mark.fields.source} ${mark.fields.weekday} ${mark.fields.hour}`);
    const expected = CALLS.map(([reported, local]) => `${SOURCE_NAMES[reported.source]} ${local}`);
    expect(placed.sort()).toEqual(expected.sort());
    expect(marks.every((mark) => mark.fields.calls === '1')).toBe(true);
  });

  it('leaves the chart out, with a note, when no call was declined', () => {
    expect(page).toContain('<svg');
    expect(page).not.toContain('No declined calls in this window.');
    expect(empty).not.toContain('<svg');
    expect(empty).toContain('No declined calls in this window.');
  });

  it('lists the patterns, then each recommendation, numbered, with its evidence', () => {
    expect(page).toContain(escapeHtml(REPORT.patterns[0].description));
    const list = page.slice(page.indexOf('<ol class="recommendations"'), page.indexOf('</ol>'));
    for (const recommendation of RECOMMENDATIONS) {
      expect(list).toContain(escapeHtml(recommendation.text));
      for (const line of recommendation.evidence) expect(list).toContain(escapeHtml(line));
    }
    expect(page.indexOf('id="patterns"')).toBeLessThan(page.indexOf('id="recommendations"'));
    expect(page.indexOf('id="declines-by-hour"')).toBeLessThan(page.indexOf('id="patterns"'));
  });

  it('counts each number’s calls by source', async () => {
    const page = await diagnosePage(REPORT);
    expect(page).toContain('<tr><td>+15550002</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td></tr>');
  });

  it('audits each number: a finding by its line, a TwiML problem, and "none" for what is not set', () => {
    const table = page.slice(page.indexOf('<table id="numbers-table">'));
    expect(table).toContain('+15550002 (Main &lt;b&gt;line&lt;/b&gt;)');
    expect(table).toContain('line 3: &lt;Reject reason=&quot;busy&quot;&gt;<');
    expect(table).toContain('answered an HTML page, not TwiML');
    expect(table).toMatch(/https:\/\/app\.example\/voice\?a=1&amp;b=2<\/td><td>none<\/td><td>none<\/td>/);
  });

  it('lists the calls with local time, endpoint or a dash, the source in words and the evidence', () => {
    const table = page.slice(page.indexOf('<table id="calls-table">'));
    expect(table).toContain(
      '<td>Tue 2026-12-01 19:10</td><td>CA01</td><td>+15550001</td><td>sip:alice@pbx.example</td><td>31603</td><td>The PBX&#39;s rules</td><td>dialled sip:alice@pbx.example; SIP 603; rang 2 s</td>',
    );
    expect(table).toContain(
      '<td>CA06</td><td>+15550002</td><td>—</td><td>31603</td><td>Your TwiML (&lt;Reject&gt;)</td>',
    );
  });

  it('lists the webhook failures', () => {
    const table = page.slice(page.indexOf('<table id="webhook-failures-table">'));
    expect(table).toContain(
      '<td>Tue 2026-12-01 10:00</td><td>11200</td><td>HTTP retrieval failure</td><td>+15550003</td><td>https://app.example/page&lt;/script&gt;</td>',
    );
    expect(empty).not.toContain('webhook-failures-table');
  });

  it('embeds the report as JSON that parses back to it', () => {
    expect(embedded(page)).toEqual(REPORT);
    expect(embedded(empty)).toEqual(EMPTY);
  });

  it('never prints "undefined" or an empty cell, and lets no text from the report become markup', () => {
    for (const drawn of [page, empty]) {
      expect(drawn).not.toContain('undefined');
      expect(drawn).not.toMatch(/<td[^>]*><\/td>/);
      expect(drawn.match(/<script/g)).toHaveLength(1);
      expect(drawn.match(/<\/script>/g)).toHaveLength(1);
      expect(drawn).not.toMatch(/<b>line|<Reject[ >]/);
      expect(drawn).not.toMatch(/(src|href)=/);
    }
  });
});
