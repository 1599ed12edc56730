import { simulateCall } from '../../tools/twilio-emulator';
import { callTableReader } from '../support/call-table-reader';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

/**
 * A call from `POST /voice/incoming` through `POST /voice/dial-status`, the dial-outcomes
 * queue, the recorder, the table, the missed-calls queue, the alerter and the SNS topic, all on
 * the local stack as `npm start` runs it.
 */
describe('walking skeleton on the local stack', () => {
  let stack: LocalStackProcess;

  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG]);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (options: Record<string, unknown>) =>
    simulateCall({
      baseUrl: stack.info.apiBaseUrl,
      authToken: stack.info.twilio.authToken,
      to: stack.info.numbers[0],
      ...options,
    });

  it('records a declined call, takes a message and alerts the agent', async () => {
    const transcript = await call({ agent: 'decline', ringSeconds: 4 });
    expect(transcript.outcome.status).toBe('completed');
    const paths = transcript.steps.map((step) => new URL(step.request.url).pathname);
    expect(paths).toEqual(
      expect.arrayContaining(['/voice/incoming', '/voice/dial-status', '/voice/voicemail']),
    );

    const items = await callTableReader(stack.info).waitForCall(transcript.callSid, (found) =>
      found.some((item) => item.sk === 'CALL' && item.disposition !== undefined),
    );
    const leg = items.find((item) => item.sk === 'LEG#00');
    expect(leg).toMatchObject({ agentId: 'alice', disposition: 'declined-by-user', sipResponseCode: 603 });
    expect(items.find((item) => item.sk === 'CALL')).toMatchObject({ disposition: 'declined-by-user' });

    await stack.waitForOutput(
      new RegExp(`ALERT \\(agentId=alice disposition=declined-by-user[^]*${transcript.callSid}`),
    );
    await callTableReader(stack.info).waitForCall(transcript.callSid, (found) =>
      found.some((item) => item.sk === `ALERT#missed-call:${transcript.callSid}` && item.status === 'sent'),
    );
  }, 60_000);

  it('records an answered call without alerting anyone', async () => {
    const transcript = await call({ agent: 'answer', ringSeconds: 1 });
    const items = await callTableReader(stack.info).waitForCall(transcript.callSid, (found) =>
      found.some((item) => item.sk === 'CALL' && item.disposition !== undefined),
    );
    expect(items.find((item) => item.sk === 'CALL')).toMatchObject({ disposition: 'answered' });
    expect(items.some((item) => item.sk.startsWith('ALERT#'))).toBe(false);
  }, 60_000);

  it('answers a request signed with the wrong token with 403 and records nothing', async () => {
    const transcript = await call({ authToken: 'f'.repeat(32) });
    expect(transcript.steps[0].status).toBe(403);
    expect(transcript.outcome.status).toBe('error');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await callTableReader(stack.info).itemsOfCall(transcript.callSid)).toEqual([]);
  }, 30_000);
});
