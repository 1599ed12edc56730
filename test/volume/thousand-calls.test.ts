import { simulateCall } from '../../tools/twilio-emulator';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';
import { mixedCall, printedAlerts, storedCalls, waitUntil } from '../support/pipeline-counts';

const CALLS = Number(process.env.REDIAL_VOLUME_CALLS ?? 1000);
const CONCURRENCY = 16;

/**
 * Issue 4's count: every call stored once and every missed call alerted once, while every SQS
 * message is handed to its consumer twice (`--deliver-twice`).
 */
describe(`${CALLS} calls, every message delivered twice`, () => {
  let stack: LocalStackProcess;

  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG, '--deliver-twice']);
  }, 150_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores exactly one item per call and sends each kind of alert exactly once per call', async () => {
    const expected: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < CALLS) {
        const index = next++;
        const { alerts, ...options } = mixedCall(index);
        const transcript = await simulateCall({
          baseUrl: stack.info.apiBaseUrl,
          authToken: stack.info.twilio.authToken,
          to: '+15550000001',
          ...options,
        });
        if (transcript.outcome.status !== 'completed')
          throw new Error(`call ${index}: ${transcript.outcome.detail}`);
        expected.push(...alerts.map((kind) => `${kind} ${transcript.callSid}`));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    await waitUntil(async () => (await storedCalls(stack.info)).size >= CALLS, 240_000);
    expect((await storedCalls(stack.info)).size).toBe(CALLS);

    await waitUntil(() => new Set(printedAlerts(stack.output())).size >= expected.length, 240_000);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const alerts = printedAlerts(stack.output());
    expect(new Set(alerts)).toEqual(new Set(expected));
    expect(alerts.length).toBe(expected.length);
  }, 900_000);
});
