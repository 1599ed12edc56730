import type {
  AccountHistory,
  HistoryAlert,
  HistoryCall,
  HistoryNumber,
  HistorySummary,
} from './account-history';
import { dialCallStatusForSipCode } from './agent-scripts';

/**
 * An account's week of Twilio records with a known mix, for the account-history emulator's tests,
 * `redial diagnose`'s tests and `redial account-emulator` (the README's walk): one person declining
 * after ringing during the day, a PBX rule declining at once every evening (19:00-22:59 UTC, the
 * after-hours pattern), the same person once busy (486) and once unavailable (480), a number whose
 * TwiML starts with `<Reject>`, a number without a voice fallback URL whose webhook failed once,
 * and a number whose voice URL is a web page, not TwiML.
 * `expected` is the truth each call's classification is checked against.
 *
 * Which records Twilio makes for each case is the sample's reading, not documented fact: a 31603
 * alert names the caller's (parent) call, as the Debugger lists it; the dialled leg is a child call
 * (`outbound-dial`, status `busy` for a 603 or 486 and `no-answer` for a 480, see agent-scripts.ts)
 * whose Insights summary carries `last_sip_response_num`; a `<Reject>` makes no child leg.
 */

export const ACCOUNT_SID = 'AC0000000000000000000000000000d1a9';
export const AUTH_TOKEN = 'diagnose-auth-token';
export const API_KEY = { sid: 'SK0000000000000000000000000000d1a9', secret: 'diagnose-key-secret' };

/** A Saturday noon: the week before it holds the mix. */
export const NOW = new Date('2026-12-05T12:00:00Z');

export const MAIN_NUMBER = '+15550100001';
export const SUPPORT_NUMBER = '+15550100002';
export const SALES_NUMBER = '+15550100003';
export const BILLING_NUMBER = '+15550100004';
export const PERSON_ENDPOINT = 'sip:alice@pbx.example.com';
export const RULE_ENDPOINT = 'sip:frontdesk@pbx.example.com';
export const SALES_ENDPOINT = 'sip:sales@pbx.example.com';

export type DeclineSource = 'person' | 'pbx-rule' | 'twiml-reject' | 'busy-or-unavailable';

export interface ExpectedCall {
  callSid: string;
  source: DeclineSource;
  number: string;
  endpoint?: string;
  ringSeconds?: number;
}

export interface SeededHistory {
  history: AccountHistory;
  expected: ExpectedCall[];
  /** Each number's voice URL path (under `voiceBaseUrl`) and the TwiML it answers. */
  twiml: Record<string, string>;
  /** Pages that are not TwiML, by path (the Billing number's voice URL). */
  webPages: Record<string, string>;
}

/** Deterministic SIDs: the prefix, a kind tag and a serial, 32 hex digits in all. */
function sid(prefix: 'AC' | 'CA' | 'NO' | 'PN', serial: number): string {
  return `${prefix}${'d1a9'}${serial.toString(16).padStart(28, '0')}`;
}

const at = (iso: string) => new Date(iso);
const plus = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

class HistoryBuilder {
  readonly alerts: HistoryAlert[] = [];
  readonly calls: HistoryCall[] = [];
  readonly summaries: HistorySummary[] = [];
  readonly expected: ExpectedCall[] = [];
  private serial = 0;

  constructor(private readonly numbers: HistoryNumber[]) {}

  /** An inbound call to `number` whose dial to `endpoint` got 603 after `ringSeconds`. */
  declined(when: Date, number: string, endpoint: string, ringSeconds: number, source: DeclineSource): string {
    return this.refused(when, number, endpoint, ringSeconds, 603, source);
  }

  /** As `declined`, with any final SIP code (486 busy, 480 unavailable): Monitor's alert is 31 + the code. */
  refused(
    when: Date,
    number: string,
    endpoint: string,
    ringSeconds: number,
    code: number,
    source: DeclineSource,
  ): string {
    const parent = this.inbound(when, number, plus(when, ringSeconds + 3), 'completed');
    const legStart = plus(when, 1);
    const legEnd = plus(legStart, ringSeconds);
    const leg = sid('CA', ++this.serial);
    this.calls.push({
      sid: leg,
      parentCallSid: parent,
      from: number,
      to: endpoint,
      status: dialCallStatusForSipCode(code),
      direction: 'outbound-dial',
      startTime: legStart,
      endTime: legEnd,
      duration: 0,
    });
    this.summaries.push(sipSummary(leg, number, endpoint, legStart, legEnd, code));
    const alertText = `sipResponseCode=${code}&ErrorCode=31${code}&Msg=${SIP_MESSAGES[code]}&callSid=${leg}`;
    this.alert(when, `31${code}`, parent, alertText);
    this.expected.push({ callSid: parent, source, number, endpoint, ringSeconds });
    return parent;
  }

  /** An inbound call that the number's own TwiML `<Reject>`s: no dial, no child leg. */
  rejected(when: Date, number: string): string {
    const parent = this.inbound(when, number, plus(when, 1), 'busy');
    this.alert(when, '31603', parent, 'sipResponseCode=603&ErrorCode=31603&Msg=Decline');
    this.expected.push({ callSid: parent, source: 'twiml-reject', number });
    return parent;
  }

  /** An inbound call whose voice URL failed (11200), on a number without a fallback URL. */
  webhookFailed(when: Date, number: string): string {
    const parent = this.inbound(when, number, plus(when, 15), 'failed');
    const url = this.numbers.find((candidate) => candidate.phoneNumber === number)?.voiceUrl ?? null;
    this.alert(when, '11200', parent, 'Msg=HTTP+retrieval+failure&httpResponse=502', url);
    return parent;
  }

  answered(when: Date, number: string): string {
    return this.inbound(when, number, plus(when, 120), 'completed');
  }

  alert(
    when: Date,
    errorCode: string,
    callSid: string | null,
    text: string,
    requestUrl: string | null = null,
    logLevel: HistoryAlert['logLevel'] = 'error',
  ) {
    this.alerts.push({
      sid: sid('NO', ++this.serial),
      errorCode,
      logLevel,
      alertText: text,
      resourceSid: callSid,
      requestUrl,
      requestMethod: requestUrl ? 'POST' : null,
      dateGenerated: plus(when, 2),
    });
  }

  private inbound(when: Date, number: string, end: Date, status: HistoryCall['status']): string {
    const call = sid('CA', ++this.serial);
    const phoneNumberSid = this.numbers.find((candidate) => candidate.phoneNumber === number)?.sid ?? null;
    const from = `+1555020${String(this.serial).padStart(4, '0')}`;
    this.calls.push({
      sid: call,
      from,
      to: number,
      status,
      direction: 'inbound',
      startTime: when,
      endTime: end,
      phoneNumberSid,
    });
    this.summaries.push(carrierSummary(call, from, number, when, end));
    return call;
  }
}

/** The dialled SIP leg's summary: the PBX's final answer in `properties.last_sip_response_num`. */
const SIP_MESSAGES: Record<number, string> = {
  603: 'Decline',
  486: 'Busy+Here',
  480: 'Temporarily+Unavailable',
};

function sipSummary(
  callSid: string,
  from: string,
  endpoint: string,
  start: Date,
  end: Date,
  code: number,
): HistorySummary {
  const seconds = Math.round((end.getTime() - start.getTime()) / 1000);
  return {
    callSid,
    callType: 'sip',
    callState: code === 480 ? 'noanswer' : 'busy',
    startTime: start,
    endTime: end,
    duration: seconds,
    connectDuration: 0,
    from: { caller: from, connection: 'twilio_sdk' },
    to: { callee: endpoint, connection: 'sip' },
    properties: {
      direction: 'outbound_dial',
      disconnected_by: 'callee',
      last_sip_response_num: code,
      pdd_ms: 180,
      queue_time: 0,
    },
    sipEdge: {
      properties: { direction: 'outbound', edge_location: 'ashburn', signaling_region: 'us1' },
      metrics: {
        inbound: { codec_name: null, packets_received: 0 },
        outbound: { codec_name: null, packets_sent: 0 },
      },
    },
    tags: [],
  };
}

/** The caller's PSTN leg. */
function carrierSummary(callSid: string, from: string, to: string, start: Date, end: Date): HistorySummary {
  const seconds = Math.round((end.getTime() - start.getTime()) / 1000);
  return {
    callSid,
    callType: 'carrier',
    callState: 'completed',
    startTime: start,
    endTime: end,
    duration: seconds,
    connectDuration: seconds,
    from: { caller: from, connection: 'mobile', country_code: 'US', number_prefix: '1555' },
    to: { callee: to, connection: 'voip', country_code: 'US', number_prefix: '1555' },
    properties: { direction: 'inbound', disconnected_by: 'caller', last_sip_response_num: 200, pdd_ms: 0 },
    carrierEdge: {
      properties: { direction: 'inbound', edge_location: 'ashburn', media_region: 'us1' },
      metrics: {
        inbound: { codec_name: 'pcmu', packets_received: 500 },
        outbound: { codec_name: 'pcmu', packets_sent: 500 },
      },
    },
    tags: [],
  };
}

function numbers(voiceBaseUrl: string): HistoryNumber[] {
  const base = voiceBaseUrl.replace(/\/$/, '');
  return [
    {
      sid: sid('PN', 1),
      phoneNumber: MAIN_NUMBER,
      friendlyName: 'Main line',
      voiceUrl: `${base}/voice/main`,
      voiceFallbackUrl: `${base}/voice/fallback`,
      statusCallback: `${base}/voice/status`,
    },
    {
      sid: sid('PN', 2),
      phoneNumber: SUPPORT_NUMBER,
      friendlyName: 'Support',
      voiceUrl: `${base}/voice/support`,
      voiceFallbackUrl: `${base}/voice/fallback`,
    },
    { sid: sid('PN', 3), phoneNumber: SALES_NUMBER, friendlyName: 'Sales', voiceUrl: `${base}/voice/sales` },
    {
      sid: sid('PN', 4),
      phoneNumber: BILLING_NUMBER,
      friendlyName: 'Billing',
      // A common slip: the voice URL set to the company's web page rather than its TwiML app.
      voiceUrl: `${base}/billing`,
      voiceFallbackUrl: `${base}/voice/fallback`,
    },
  ];
}

const TWIML: Record<string, string> = {
  '/voice/main': `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Dial action="/voice/dial-status" timeout="20"><Sip>${PERSON_ENDPOINT}</Sip></Dial>
</Response>`,
  '/voice/support': `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Reject reason="busy"/>
  <Dial><Sip>sip:support@pbx.example.com</Sip></Dial>
</Response>`,
  '/voice/sales': `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Dial><Sip>${SALES_ENDPOINT}</Sip></Dial>
</Response>`,
};

/** Person declines on weekdays by day; rule declines every evening from Saturday to Friday. */
const PERSON_DECLINES: [string, number][] = [
  ['2026-11-30T10:15:00Z', 9],
  ['2026-12-01T14:40:00Z', 12],
  ['2026-12-02T11:05:00Z', 8],
  ['2026-12-04T15:30:00Z', 10],
];
const RULE_DECLINES: [string, string, string][] = [
  ['2026-11-28T19:10:00Z', MAIN_NUMBER, RULE_ENDPOINT],
  ['2026-11-29T20:25:00Z', MAIN_NUMBER, RULE_ENDPOINT],
  ['2026-11-30T21:45:00Z', SALES_NUMBER, SALES_ENDPOINT],
  ['2026-12-01T19:50:00Z', MAIN_NUMBER, RULE_ENDPOINT],
  ['2026-12-02T22:30:00Z', SALES_NUMBER, SALES_ENDPOINT],
  ['2026-12-03T20:05:00Z', MAIN_NUMBER, RULE_ENDPOINT],
  ['2026-12-04T22:55:00Z', MAIN_NUMBER, RULE_ENDPOINT],
];

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

const WEB_PAGES: Record<string, string> = {
  '/billing': `<!DOCTYPE html>
<html><head><title>Billing | Example Co</title></head><body><h1>Billing</h1><p>Call us!</p></body></html>`,
};

/**
 * The same history `weeks` weeks later: every time moves by whole weeks, so each record keeps its
 * weekday and hour (and the patterns read the same) in a week that a live window can reach.
 */
function weeksLater(history: AccountHistory, weeks: number): AccountHistory {
  const move = (date: Date) => new Date(date.getTime() + weeks * WEEK_MS);
  const moveOptional = (date: Date | null | undefined) => (date ? move(date) : date);
  return {
    ...history,
    now: move(history.now),
    alerts: history.alerts.map((alert) => ({ ...alert, dateGenerated: move(alert.dateGenerated) })),
    calls: history.calls.map((call) => ({
      ...call,
      startTime: move(call.startTime),
      endTime: moveOptional(call.endTime),
    })),
    summaries: history.summaries.map((summary) => ({
      ...summary,
      startTime: move(summary.startTime),
      endTime: move(summary.endTime),
    })),
  };
}

/** Whole weeks from the sample's NOW to the last Saturday noon (UTC) not after `now`. */
export function weeksSinceSample(now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - NOW.getTime()) / WEEK_MS));
}

export interface SeedOptions {
  /** Where the numbers' voice URLs point (a test serves `twiml` there); default https://voice.example.com. */
  voiceBaseUrl?: string;
  insightsEnabled?: boolean;
  /** Move the week this many whole weeks later (weeksSinceSample(new Date()) for a live demo). */
  weeksLater?: number;
}

/** The known mix; see the module comment. */
export function seededAccountHistory(options: SeedOptions = {}): SeededHistory {
  const seededNumbers = numbers(options.voiceBaseUrl ?? 'https://voice.example.com');
  const builder = new HistoryBuilder(seededNumbers);
  for (const [when, ring] of PERSON_DECLINES)
    builder.declined(at(when), MAIN_NUMBER, PERSON_ENDPOINT, ring, 'person');
  for (const [when, number, endpoint] of RULE_DECLINES)
    builder.declined(at(when), number, endpoint, 0, 'pbx-rule');
  // Not declines: a busy agent and an unavailable one, which Redial retries.
  builder.refused(at('2026-12-02T15:10:00Z'), MAIN_NUMBER, PERSON_ENDPOINT, 6, 486, 'busy-or-unavailable');
  builder.refused(at('2026-12-04T11:40:00Z'), MAIN_NUMBER, PERSON_ENDPOINT, 20, 480, 'busy-or-unavailable');
  builder.rejected(at('2026-12-01T09:20:00Z'), SUPPORT_NUMBER);
  builder.rejected(at('2026-12-03T13:45:00Z'), SUPPORT_NUMBER);
  builder.webhookFailed(at('2026-12-02T16:00:00Z'), SALES_NUMBER);
  const answered = builder.answered(at('2026-12-03T10:00:00Z'), MAIN_NUMBER);
  // A warning, for LogLevel filters: an invalid number dialled on an answered call.
  builder.alert(at('2026-12-03T10:01:00Z'), '13224', answered, 'Msg=Invalid+phone+number', null, 'warning');
  // Past the 30 days Monitor keeps: never listed.
  builder.alert(at('2026-10-20T10:00:00Z'), '31603', null, 'sipResponseCode=603&ErrorCode=31603&Msg=Decline');
  const history: AccountHistory = {
    now: NOW,
    alerts: builder.alerts,
    calls: builder.calls,
    summaries: builder.summaries,
    numbers: seededNumbers,
    insightsEnabled: options.insightsEnabled ?? true,
  };
  return {
    history: weeksLater(history, options.weeksLater ?? 0),
    expected: builder.expected,
    twiml: TWIML,
    webPages: WEB_PAGES,
  };
}
