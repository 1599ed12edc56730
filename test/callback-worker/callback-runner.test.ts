import type { OutboundCall } from '../../lambdas/aws/twilio-calls';
import type { CallbackRunnerDeps } from '../../lambdas/callback-worker/callback-runner';
import { decideCallChanges } from '../../lambdas/domain/call-changes';
import { parseConfig } from '../../lambdas/domain/config';
import type { CallbackRequestedEvent } from '../../lambdas/domain/events';
import { startEmbeddedTable } from '../support/embedded-table';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson());
// Monday 2027-01-11, London (GMT), open 09:00–17:30.
const MONDAY_10 = new Date('2027-01-11T10:00:00.000Z');
let callCounter = 0;

type Modules = {
  runner: typeof import('../../lambdas/callback-worker/callback-runner');
  claims: import('../../lambdas/aws/callback-claims').CallbackClaims;
  store: import('../../lambdas/aws/dynamo-store').DynamoStore;
  progress: typeof import('../../lambdas/outcome-recorder/callback-progress');
};

describe('callback worker runs', () => {
  let embedded: { stop: () => Promise<void> };
  let m: Modules;

  beforeAll(async () => {
    embedded = await startEmbeddedTable();
    m = {
      runner: require('../../lambdas/callback-worker/callback-runner'),
      claims: new (require('../../lambdas/aws/callback-claims').CallbackClaims)(
        require('../../lambdas/aws/call-table').callTable,
        'calls',
      ),
      store: new (require('../../lambdas/aws/dynamo-store').DynamoStore)(
        require('../../lambdas/aws/call-table').callTable,
        'calls',
      ),
      progress: require('../../lambdas/outcome-recorder/callback-progress'),
    };
  });

  afterAll(() => embedded.stop());

  async function bookCallback(requestedAt: Date): Promise<string> {
    callCounter += 1;
    const callSid = `CA${String(callCounter).padStart(32, '0')}`;
    // Booked the way the recorder books it: a callback request on a call the store has not seen.
    const event: CallbackRequestedEvent = {
      type: 'callback-requested',
      version: 1,
      idempotencyKey: `callback-requested:${callSid}`,
      occurredAt: requestedAt.toISOString(),
      callSid,
      from: `+1500555${String(callCounter).padStart(4, '0')}`,
      to: '+442071234567',
      agentId: 'alice',
      reason: 'busy',
    };
    await m.store.applyCallChanges(decideCallChanges(event, await m.store.readCall(callSid), config));
    return callSid;
  }

  /** Ends an attempt as connected, which also lets its agent go. */
  const connect = (callbackId: string, attempt: number, agentId: string) =>
    m.progress.recordCallbackAttempt(
      {
        type: 'callback-attempt',
        version: 1,
        idempotencyKey: `test:${callbackId}:${attempt}`,
        occurredAt: MONDAY_10.toISOString(),
        callSid: callbackId,
        attempt,
        agentId,
        stage: 'ended',
        outcome: 'connected',
      },
      config,
      m.store,
      m.claims,
      async () => {},
    );

  const item = async (callbackId: string) => (await m.store.getCallback(callbackId)) as Record<string, any>;
  const attemptOf = (call: OutboundCall) => Number(new URL(call.url).searchParams.get('attempt'));

  function deps(now: Date, placeCall: CallbackRunnerDeps['placeCall']): CallbackRunnerDeps {
    return {
      config,
      publicBaseUrl: 'https://api.example.com',
      now: () => now,
      placeCall,
      notify: async () => {},
      store: m.store,
      claims: m.claims,
    };
  }

  it('places a due callback agent first, with the briefing and status URLs', async () => {
    const id = await bookCallback(new Date(MONDAY_10.getTime() - 3600_000));
    const placed: OutboundCall[] = [];
    const summary = await m.runner.runCallbacks(
      deps(MONDAY_10, async (call) => {
        placed.push(call);
        return `CA${'f'.repeat(32)}`;
      }),
    );
    expect(summary.placed).toBeGreaterThanOrEqual(1);
    const mine = placed.find((call) => new URL(call.url).searchParams.get('callback') === id);
    expect(mine).toMatchObject({
      to: 'sip:alice@pbx.example.com',
      from: '+442071234567',
      timeoutSeconds: 20,
    });
    expect(mine?.url).toMatch(/^https:\/\/api\.example\.com\/voice\/callback-answer\?callback=CA/);
    expect(await item(id)).toMatchObject({ state: 'dialing', attempts: 1, activeAgent: 'alice' });
    await connect(id, 1, 'alice');
    expect(await item(id)).toMatchObject({ state: 'completed' });
    // Out of the worker's queue, into the completed ones.
    const listed = async (state: 'pending' | 'completed') =>
      (await m.store.listCallbacks({ states: [state], limit: 100 })).map((callback) => callback.callbackId);
    expect(await listed('pending')).not.toContain(id);
    expect(await listed('completed')).toContain(id);
  });

  it('never lets two overlapping runs take the same attempt', async () => {
    const id = await bookCallback(new Date(MONDAY_10.getTime() - 3600_000));
    const placed: number[] = [];
    const place = async (call: OutboundCall) => {
      if (new URL(call.url).searchParams.get('callback') === id) placed.push(attemptOf(call));
      return `CA${'e'.repeat(32)}`;
    };
    await Promise.all([
      m.runner.runCallbacks(deps(MONDAY_10, place)),
      m.runner.runCallbacks(deps(MONDAY_10, place)),
    ]);
    expect(placed).toEqual([1]);
    await connect(id, 1, String((await item(id)).activeAgent));
  });

  it('recovers a callback whose worker died between claim and call, without dialling any attempt twice', async () => {
    const at = new Date('2027-01-12T10:00:00.000Z');
    const id = await bookCallback(new Date(at.getTime() - 3600_000));
    const dialled: number[] = [];
    // The first run is killed after its claim: its Twilio request never completes and nothing after it runs.
    let claimedAndKilled = false;
    void m.runner.runCallbacks(
      deps(at, () => {
        claimedAndKilled = true;
        return new Promise<string>(() => {});
      }),
    );
    for (let waited = 0; !claimedAndKilled && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await item(id)).toMatchObject({ state: 'dialing', attempts: 1 });

    // Before the lease lapses, nothing is due.
    const early = new Date(at.getTime() + m.runner.ATTEMPT_LEASE_MS - 1000);
    await m.runner.runCallbacks(
      deps(early, async (call) => {
        dialled.push(attemptOf(call));
        return 'CA1';
      }),
    );
    expect(dialled).toEqual([]);

    // After it, the callback is due again and the next run dials attempt 2, never attempt 1 again.
    const later = new Date(at.getTime() + m.runner.ATTEMPT_LEASE_MS + 1000);
    await m.runner.runCallbacks(
      deps(later, async (call) => {
        if (new URL(call.url).searchParams.get('callback') === id) dialled.push(attemptOf(call));
        return `CA${'d'.repeat(32)}`;
      }),
    );
    expect(dialled).toEqual([2]);
    const recovered = await item(id);
    expect(recovered).toMatchObject({ state: 'dialing', attempts: 2, currentAttempt: 2 });
    expect(recovered.history.map((entry: Record<string, unknown>) => [entry.attempt, entry.outcome])).toEqual(
      [
        [1, 'lost'],
        [2, undefined],
      ],
    );
  });

  it('moves a callback that falls due while closed to the next opening', async () => {
    const sundayEvening = new Date('2027-01-17T18:00:00.000Z');
    const id = await bookCallback(new Date(sundayEvening.getTime() - 3 * 3600_000));
    const summary = await m.runner.runCallbacks(deps(sundayEvening, async () => 'CA1'));
    expect(summary.deferred).toBeGreaterThanOrEqual(1);
    expect((await item(id)).dueAt).toBe('2027-01-18T09:00:00.000Z');
    // Closed: nothing is left due, and there is no age to measure (the metric is open hours only).
    expect(summary.queue).toEqual({ due: 0 });
  });

  it('reports the callbacks it leaves due, and how long the oldest has waited', async () => {
    await bookCallback(new Date(MONDAY_10.getTime() - 45 * 60_000));
    const full = { ...config, callbackPolicy: { ...config.callbackPolicy, maxPerRun: 0 } };
    const summary = await m.runner.runCallbacks({ ...deps(MONDAY_10, async () => 'CA1'), config: full });
    expect(summary.placed).toBe(0);
    expect(summary.queue.due).toBeGreaterThanOrEqual(1);
    // Due 43 minutes ago (booked 45 minutes ago, with the example's 2-minute initial delay), or earlier.
    expect(summary.queue.oldestDueAgeSeconds).toBeGreaterThanOrEqual(43 * 60);
  });
});
