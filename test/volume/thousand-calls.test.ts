import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';
import { playMixedCalls, printedAlerts, storedCalls, waitUntil } from '../support/pipeline-counts';

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
    const played = await playMixedCalls(stack.info, { count: CALLS, concurrency: CONCURRENCY });
    const expected = played.flatMap((call) => call.alerts);

    await waitUntil(async () => (await storedCalls(stack.info)).size >= CALLS, 240_000);
    expect((await storedCalls(stack.info)).size).toBe(CALLS);

    await waitUntil(() => new Set(printedAlerts(stack.output())).size >= expected.length, 240_000);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const alerts = printedAlerts(stack.output());
    expect(new Set(alerts)).toEqual(new Set(expected));
    expect(alerts.length).toBe(expected.length);
  }, 900_000);
});
