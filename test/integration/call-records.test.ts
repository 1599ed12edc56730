import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { runCalls } from '../../tools/cli/calls-command';
import { simulateCall } from '../../tools/twilio-emulator';
import type { CallOptions } from '../../tools/twilio-emulator/options';
import {
  ALWAYS_OPEN_CONFIG,
  closedConfigFile,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

/**
 * Issue 8's walk, on the local stack: every call leaves a record with its caller from the first
 * request, every alert names the caller, each kind of alert goes out once, and nothing is
 * dead-lettered or logged at ERROR on the way.
 */

const CALLER = '+447700900555';

/** The alerts the stack printed for one call: `kind` and the full text of each. */
function alertsOf(stack: LocalStackProcess, callSid: string): { kind: string; text: string }[] {
  const blocks = stack.output().split('[alerts] ALERT (').slice(1);
  return blocks
    .map((block) => ({ kind: /kind=([a-z-]+)\)/.exec(block)?.[1] ?? '', text: block.split('\n[')[0] }))
    .filter((alert) => alert.text.includes(`Call SID: ${callSid}`));
}

async function listedCall(stack: LocalStackProcess, callSid: string, extra: string[] = []) {
  const lines: string[] = [];
  const exit = await runCalls(['--local-state', stack.stateFile, '--json', ...extra], {
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
  });
  expect(exit).toBe(0);
  return (JSON.parse(lines.join('\n')) as Record<string, unknown>[]).find((row) => row.callSid === callSid);
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function expectNamesTheCaller(text: string) {
  expect(text).toContain(`Caller: ${CALLER}`);
  expect(text).toContain(`Call back now: tel:${CALLER}`);
  expect(text).not.toMatch(/undefined|null/);
}

/**
 * The kinds alerted, sorted: alerts go through a standard queue, whose consumer takes several
 * batches at once (as Lambda's pollers do), so two alerts decided milliseconds apart may be sent,
 * and printed, in either order.
 */
const kindsOf = (alerts: readonly { kind: string }[]) => alerts.map((alert) => alert.kind).sort();

describe('after hours: every call leaves a record and an alert with its caller', () => {
  let stack: LocalStackProcess;
  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', closedConfigFile().file]);
  }, 90_000);
  afterAll(() => stack?.stop());

  const call = (options: Partial<CallOptions>) =>
    simulateCall({
      baseUrl: stack.info.apiBaseUrl,
      authToken: stack.info.twilio.authToken,
      to: '+15550000001',
      from: CALLER,
      ...options,
    });

  it('a voicemail-only call: the missed-call alert, then a follow-up with the recording link', async () => {
    const { callSid } = await call({ recordSeconds: 12 });
    // The test config transcribes, so the transcript follows the recording.
    const alerts = await waitFor('three alerts', () => {
      const found = alertsOf(stack, callSid);
      return found.length >= 3 ? found : undefined;
    });
    expect(kindsOf(alerts)).toEqual(['missed-call', 'voicemail', 'voicemail-transcript']);
    for (const alert of alerts) expectNamesTheCaller(alert.text);
    expect(alerts.find((alert) => alert.kind === 'voicemail')?.text).toMatch(
      /Voicemail: https:\/\/api\.twilio\.com\/\S+\/Recordings\/RE[0-9a-f]{32} \(12 s\)/,
    );
    const row = await waitFor('the call ended', async () => {
      const found = await listedCall(stack, callSid);
      return found?.endedAt ? found : undefined;
    });
    expect(row).toMatchObject({
      from: CALLER,
      to: '+15550000001',
      disposition: 'after-hours',
      outcome: 'voicemail',
    });
  }, 60_000);

  it('a callback request: an alert with the callback, and a row', async () => {
    const { callSid } = await call({ digits: ['1'] });
    const [alert] = await waitFor('an alert', () => alertsOf(stack, callSid)[0] && alertsOf(stack, callSid));
    expect(alert.kind).toBe('missed-call');
    expectNamesTheCaller(alert.text);
    expect(alert.text).toMatch(/Callback: pending, due /);
    const row = await waitFor('the call ended', async () => {
      const found = await listedCall(stack, callSid);
      return found?.endedAt ? found : undefined;
    });
    expect(row).toMatchObject({ from: CALLER, outcome: 'callback-booked', callback: 'requested' });
  }, 60_000);

  it('a hang-up after the closed message: abandoned-closed, alerted, listed by its disposition', async () => {
    const { callSid } = await call({ recordSeconds: 0 });
    const [alert] = await waitFor('an alert', () => alertsOf(stack, callSid)[0] && alertsOf(stack, callSid));
    expectNamesTheCaller(alert.text);
    expect(alert.text).toContain('hung up without leaving a message');
    const row = await waitFor('the row', () =>
      listedCall(stack, callSid, ['--disposition', 'abandoned-closed']),
    );
    expect(row).toMatchObject({ from: CALLER, disposition: 'abandoned-closed', outcome: 'missed' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(alertsOf(stack, callSid)).toHaveLength(1);
  }, 60_000);
});

describe('open hours, every message delivered twice: a declined call and its voicemail', () => {
  let stack: LocalStackProcess;
  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG, '--deliver-twice']);
  }, 90_000);
  afterAll(() => stack?.stop());

  it('gives the real-time alert, then the voicemail follow-up, each exactly once; no dead letters, no errors', async () => {
    const { callSid } = await simulateCall({
      baseUrl: stack.info.apiBaseUrl,
      authToken: stack.info.twilio.authToken,
      to: '+15550000001',
      from: CALLER,
      agent: 'decline',
      ringSeconds: 4,
      recordSeconds: 12,
    });
    // The always-open config transcribes: three kinds, each once.
    await waitFor('three alerts', () => (alertsOf(stack, callSid).length >= 3 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const alerts = alertsOf(stack, callSid);
    expect(kindsOf(alerts)).toEqual(['missed-call', 'voicemail', 'voicemail-transcript']);
    expect(alerts.find((alert) => alert.kind === 'missed-call')?.text).toContain(
      'declined by the agent (SIP 603)',
    );
    for (const alert of alerts) expectNamesTheCaller(alert.text);

    const sqs = new SQSClient({
      region: stack.info.region,
      endpoint: stack.info.endpoints.sqs,
      credentials: stack.info.credentials,
    });
    const deadLetters = Object.entries(stack.info.resources.queues).filter(([name]) =>
      name.endsWith('DeadLetters'),
    );
    expect(deadLetters).toHaveLength(2);
    for (const [, queue] of deadLetters) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(Attributes).toMatchObject({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      });
    }
    expect(stack.output()).not.toMatch(/\bERROR\b/);
  }, 60_000);
});
