import {
  alertSentMetrics,
  callbackQueueMetrics,
  publishMetrics,
  recordedEventMetrics,
  webhookMetrics,
} from '../../lambdas/aws/metrics';
import { decideCallChanges } from '../../lambdas/domain/call-changes';
import { answerDialStatus, answerIncomingCall } from '../../lambdas/domain/call-flow';
import type { CallEvent, CallRecord } from '../../lambdas/domain/call-record';
import { parseConfig, type RedialConfig } from '../../lambdas/domain/config';
import { answerCallStatus } from '../../lambdas/domain/status-reports';
import type { TwilioRequest } from '../../lambdas/domain/twilio-request';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson());
const base = 'https://api.example.com';
const CALL_SID = `CA${'a'.repeat(32)}`;
// 2027-01-11 is a Monday; January in London is GMT, open 09:00–17:30.
const OPEN = new Date('2027-01-11T10:00:00Z');

function twilio(path: string, params: Record<string, string>, query = ''): TwilioRequest {
  return {
    path,
    url: `${base}${path}?${query}`,
    query: new URLSearchParams(query),
    params: {
      CallSid: CALL_SID,
      AccountSid: `AC${'b'.repeat(32)}`,
      From: '+15005550006',
      To: '+442071234567',
      ...params,
    },
  };
}

const at = (seconds: number, withConfig: RedialConfig = config) => ({
  config: withConfig,
  publicBaseUrl: base,
  now: new Date(OPEN.getTime() + seconds * 1000),
});

/** alice declines after `ringSeconds` of ringing (SIP 603). */
const declined = (ringSeconds: number, withConfig = config) =>
  answerDialStatus(
    twilio(
      VOICE_ROUTES.dialStatus,
      { DialCallStatus: 'busy', DialSipResponseCode: '603' },
      `agent=alice&pos=0&dialedAt=${OPEN.getTime()}`,
    ),
    at(ringSeconds, withConfig),
  ).events as CallEvent[];

/** What Powertools writes to stdout while `act` runs, each line parsed (EMF is JSON). */
function emitted(act: () => void): Record<string, any>[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return lines.map((line) => JSON.parse(line));
}

/** Each EMF line as "Name=value {dimensions}", the `service` dimension checked and left out. */
function points(lines: Record<string, any>[]): string[] {
  return lines.flatMap((line) => {
    const [directive] = line._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe('Redial');
    expect(line.service).toBe('redial');
    const dimensions = (directive.Dimensions as string[][])
      .flat()
      .filter((name) => name !== 'service')
      .map((name) => `${name}=${line[name]}`);
    return (directive.Metrics as { Name: string; Unit: string }[]).map(
      (metric) => `${metric.Name}=${line[metric.Name]} ${metric.Unit} {${dimensions.join(',')}}`,
    );
  });
}

/** Runs `act` with its metric lines captured and dropped, for a test's setup. */
function quietly<T>(act: () => T): T {
  let result: T | undefined;
  emitted(() => {
    result = act();
  });
  return result as T;
}

/** Records the events as the recorder would, publishing each decision's metrics; returns the call. */
function record(events: CallEvent[], call?: CallRecord, withConfig = config): CallRecord | undefined {
  let stored = call;
  for (const event of events) {
    const changes = decideCallChanges(event, { call: stored }, withConfig);
    publishMetrics(recordedEventMetrics(event, changes, withConfig));
    stored = changes.call;
  }
  return stored;
}

describe('the metrics the recorder emits', () => {
  const started = answerIncomingCall(twilio(VOICE_ROUTES.incoming, {}), at(0)).events as CallEvent[];

  it('counts a dial by disposition and by agent, and a 603 by agent and kind, in EMF', () => {
    const call = quietly(() => record(started));
    expect(points(emitted(() => record(declined(8), call)))).toEqual([
      'Dials=1 Count {Disposition=declined-by-user}',
      'Dials=1 Count {Agent=alice}',
      'Declines=1 Count {Agent=alice,DeclineKind=user}',
    ]);
    expect(points(emitted(() => record(declined(1), call)))).toContain(
      'Declines=1 Count {Agent=alice,DeclineKind=policy}',
    );
  });

  it('counts nothing for a call-started, and nothing when SQS delivers an event again', () => {
    expect(emitted(() => record(started))).toEqual([]);
    const call = quietly(() => record(declined(8), record(started)));
    expect(emitted(() => record(declined(8), call))).toEqual([]);
  });

  it("counts a call's end by its final disposition, once", () => {
    const ended = answerCallStatus(
      twilio(VOICE_ROUTES.callStatus, { CallStatus: 'completed', CallDuration: '40' }),
      at(40),
    ).events as CallEvent[];
    const call = quietly(() => record(declined(8), record(started)));
    let after: CallRecord | undefined;
    expect(points(emitted(() => (after = record(ended, call))))).toEqual([
      'Calls=1 Count {Disposition=declined-by-user}',
    ]);
    expect(emitted(() => record(ended, after))).toEqual([]);
  });

  it('counts any 603 from an agent who always answers as an auto-attendant decline', () => {
    const raw = exampleConfigJson() as { agents: Record<string, unknown>[] };
    raw.agents[0].alwaysAnswers = true;
    const attendant = parseConfig(raw);
    const call = quietly(() => record(started, undefined, attendant));
    expect(points(emitted(() => record(declined(1, attendant), call, attendant)))).toContain(
      'AutoAttendantDeclines=1 Count {}',
    );
    expect(
      points(
        emitted(() =>
          record(
            declined(1),
            quietly(() => record(started)),
          ),
        ),
      ),
    ).not.toContain('AutoAttendantDeclines=1 Count {}');
  });
});

describe('the other functions’ metrics', () => {
  it('times every webhook request and counts a refused signature', () => {
    expect(
      points(emitted(() => publishMetrics(webhookMetrics({ latencyMs: 42, signatureRefused: false })))),
    ).toEqual(['WebhookLatency=42 Milliseconds {}']);
    expect(
      points(emitted(() => publishMetrics(webhookMetrics({ latencyMs: 3, signatureRefused: true })))),
    ).toEqual(['WebhookLatency=3 Milliseconds {}', 'SignatureFailures=1 Count {}']);
  });

  it('counts an alert sent by its kind', () => {
    expect(points(emitted(() => publishMetrics(alertSentMetrics('voicemail'))))).toEqual([
      'AlertsSent=1 Count {Kind=voicemail}',
    ]);
  });

  it("gives the callback queue's depth, and its oldest due age only while open", () => {
    expect(
      points(emitted(() => publishMetrics(callbackQueueMetrics({ due: 3, oldestDueAgeSeconds: 1900 })))),
    ).toEqual(['CallbackQueueDepth=3 Count {}', 'CallbackOldestDueAge=1900 Seconds {}']);
    expect(points(emitted(() => publishMetrics(callbackQueueMetrics({ due: 0 }))))).toEqual([
      'CallbackQueueDepth=0 Count {}',
    ]);
  });

  it('publishes nothing when there is nothing to count', () => {
    expect(emitted(() => publishMetrics([]))).toEqual([]);
  });
});
