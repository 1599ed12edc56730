import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NO_FAULTS, writeFaultPlan } from '../../tools/local-stack/fault-plan';
import { type CallTranscript, simulateCall } from '../../tools/twilio-emulator';
import { callTableReader } from '../support/call-table-reader';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';
import { printedAlerts, repeated, waitUntil } from '../support/pipeline-counts';

/**
 * Issue 11's fallback, for real: the webhook's Secrets Manager is broken (a fault plan on the local
 * stack), so the call's first request fails with a 5xx, as on AWS when the secret cannot be read.
 * The simulator, as Twilio, turns to the number's fallback URL; the fallback answers with an
 * apology and a voicemail; once it has answered, Secrets Manager comes back, so the recording
 * status callback reaches a healthy main API, which stores the message and alerts it.
 *
 * The break is real on the first request: the webhook caches the secret for five minutes once it
 * has read it (lambdas/aws/twilio-credentials.ts), so this stack's webhook must never have read it.
 */
describe('a caller reaches the fallback while the webhook is broken', () => {
  let stack: LocalStackProcess;
  let transcript: CallTranscript;
  const planFile = path.join(mkdtempSync(path.join(tmpdir(), 'redial-fallback-')), 'faults.json');
  const SECRET_UNREACHABLE = {
    rules: [
      { function: 'WebhookApi', service: 'secretsmanager' as const, effect: 'error' as const, rate: 1 },
    ],
  };

  beforeAll(async () => {
    writeFaultPlan(planFile, SECRET_UNREACHABLE);
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG, '--faults', planFile], 120_000);
    transcript = await simulateCall(
      {
        baseUrl: stack.info.apiBaseUrl,
        authToken: stack.info.twilio.authToken,
        to: '+15550000001',
        recordSeconds: 9,
      },
      {
        // The main API recovers once the fallback has answered: the message must still be stored.
        onStep: (step) => {
          if (step.label.startsWith('fallback after')) writeFaultPlan(planFile, NO_FAULTS);
        },
      },
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("gets the webhook's 5xx, then the fallback's apology and voicemail, and hangs up thanked", () => {
    expect(transcript.steps.map((step) => [step.label, step.status])).toEqual([
      ['incoming call', 500],
      ['fallback after incoming call', 200],
      ['record action', 200],
      ['recording status callback', 200],
      ['transcription callback', 200],
      ['completed call status callback', 200],
    ]);
    const [, fallback, action] = transcript.steps;
    expect(fallback.request.params).toMatchObject({
      ErrorCode: '11200',
      ErrorUrl: `${stack.info.apiBaseUrl}/voice/incoming`,
    });
    expect(fallback.verbs.map((verb) => verb.name)).toEqual(['Say', 'Say', 'Record']);
    expect(new URL(fallback.verbs[2].attributes.recordingStatusCallback).pathname).toBe(
      '/voice/recording-status',
    );
    expect(action.verbs.map((verb) => verb.name)).toEqual(['Say', 'Hangup']);
    expect(transcript.outcome.status).toBe('completed');
    // The webhook failed on the secret itself, and the fallback said what failed.
    expect(stack.output()).toMatch(/POST \/voice\/incoming → 500 \(.*Internal service error \(injected\)/);
    expect(stack.output()).toMatch(/The fallback answered Twilio.*"errorCode":"11200"/);
  });

  it('stores the voicemail with its caller and line, marked as come through the fallback', async () => {
    const items = await callTableReader(stack.info).waitForCall(
      transcript.callSid,
      (found) => found.some((item) => item.sk === 'CALL' && item.endedAt && item.voicemail?.recordingUrl),
      60_000,
    );
    const call = items.find((item) => item.sk === 'CALL');
    expect(call).toMatchObject({
      from: transcript.from,
      to: '+15550000001',
      viaFallback: true,
      disposition: 'fallback',
      outcome: 'voicemail',
      voicemail: { durationSeconds: 9, recordingUrl: expect.stringMatching(/^https:\/\//) },
    });
  });

  it('alerts the missed call and the voicemail once each, saying the fallback took the message', async () => {
    const mine = () => printedAlerts(stack.output()).filter((alert) => alert.endsWith(transcript.callSid));
    await waitUntil(() => mine().length >= 2, 60_000);
    expect(mine()).toEqual(
      expect.arrayContaining([`missed-call ${transcript.callSid}`, `voicemail ${transcript.callSid}`]),
    );
    expect(repeated(mine())).toEqual([]);
    expect(stack.output()).toContain(
      "Fallback: Redial's webhook failed; the number's fallback took the message",
    );
  });
});
