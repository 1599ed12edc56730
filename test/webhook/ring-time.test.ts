import { loadWebhook, signedPost, webhookEvent } from '../support/webhook-in-process';

const webhook = loadWebhook();
afterAll(() => webhook.restore());

const CALL = {
  CallSid: `CA${'7'.repeat(32)}`,
  AccountSid: `AC${'0'.repeat(32)}`,
  From: '+447700900123',
  To: '+442071234567',
};
/** A Monday at 10:00 in London, open in the example config, whatever the hour this test runs. */
const MONDAY_TEN = Date.parse('2026-12-07T10:00:00Z');

/** The `<Dial action>` URL of the incoming call's answer, split as the webhook reads it. */
async function dialAction(receivedAt: number): Promise<{ path: string; query: string }> {
  const response = await webhook.handler(
    webhookEvent({ ...signedPost('/voice/incoming', CALL), receivedAt }),
  );
  const action = /<Dial[^>]* action="([^"]+)"/.exec(response.body as string)?.[1];
  if (!action) throw new Error(`no <Dial action> in ${response.body}`);
  const url = new URL(action.replaceAll('&amp;', '&'));
  return { path: url.pathname, query: url.search.slice(1) };
}

async function declinedAfter(ringMs: number) {
  const { path, query } = await dialAction(MONDAY_TEN);
  webhook.reset();
  const params = { ...CALL, DialCallStatus: 'busy', DialSipResponseCode: '603' };
  await webhook.handler(
    webhookEvent({ ...signedPost(path, params, query), receivedAt: MONDAY_TEN + ringMs }),
  );
  const [batch] = webhook.published as { Entries: { MessageBody: string }[] }[];
  return batch.Entries.map((entry) => JSON.parse(entry.MessageBody)).find(
    (event) => event.type === 'dial-outcome',
  );
}

/**
 * Ring time is the time between API Gateway's arrival stamps of the request that answered with the
 * `<Dial>` and of its action request: not the Lambda's own clock, which a cold start or a wait for
 * an execution environment would move on (and which the benchmarks' simulated calls do not use).
 */
describe('ring time', () => {
  it('is stamped from the incoming request as it arrived', async () => {
    const { query } = await dialAction(MONDAY_TEN);
    expect(new URLSearchParams(query).get('dialedAt')).toBe(String(MONDAY_TEN));
  });

  it('is measured between the arrivals, so a 603 after 7 s reads as a person declining', async () => {
    const event = await declinedAfter(7_000);
    expect(event).toMatchObject({ ringSeconds: 7, occurredAt: new Date(MONDAY_TEN + 7_000).toISOString() });
    expect(event.disposition).toBe('declined-by-user');
  });

  it('and a 603 after 400 ms as a rule', async () => {
    const event = await declinedAfter(400);
    expect(event.ringSeconds).toBe(0.4);
    expect(event.disposition).toBe('declined-by-policy');
  });
});
