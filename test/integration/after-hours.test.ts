import { simulateCall } from '../../tools/twilio-emulator';
import { callTableReader } from '../support/call-table-reader';
import {
  closedConfigFile,
  type LocalStackProcess,
  localDate,
  startLocalStackProcess,
} from '../support/local-stack-process';

describe('after hours on the local stack', () => {
  let stack: LocalStackProcess;
  let reopens: string;

  beforeAll(async () => {
    const closed = closedConfigFile();
    reopens = closed.reopens;
    stack = await startLocalStackProcess(['--config', closed.file]);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('never rings the PBX, offers a callback and books it for the next opening', async () => {
    const transcript = await simulateCall({
      baseUrl: stack.info.apiBaseUrl,
      authToken: stack.info.twilio.authToken,
      to: '+15550000001',
      digits: ['1'],
    });
    const [incoming] = transcript.steps;
    expect(incoming.verbs.map((verb) => verb.name)).toEqual(['Say', 'Gather', 'Say', 'Record']);
    expect(transcript.steps.some((step) => step.request.url.includes('/voice/dial-status'))).toBe(false);
    const choice = transcript.steps.find((step) => step.request.url.includes('/voice/callback-choice'));
    expect(choice?.events.join(' ')).toMatch(/We open again/);

    const items = await callTableReader(stack.info).waitForCall(transcript.callSid, (found) =>
      found.some((item) => item.callbackRequest),
    );
    const { callbackRequest } = items.find((item) => item.sk === 'CALL') as Record<string, any>;
    expect(callbackRequest.reason).toBe('closed');
    expect(localDate(new Date(callbackRequest.notBefore))).toBe(reopens);
  }, 30_000);

  it('takes a voicemail when the caller does not take the offer', async () => {
    const transcript = await simulateCall({
      baseUrl: stack.info.apiBaseUrl,
      authToken: stack.info.twilio.authToken,
      to: '+15550000001',
    });
    const items = await callTableReader(stack.info).waitForCall(transcript.callSid, (found) =>
      found.some((item) => item.voicemail),
    );
    expect(items.find((item) => item.sk === 'CALL')?.voicemail.durationSeconds).toBeGreaterThan(0);
  }, 30_000);
});
