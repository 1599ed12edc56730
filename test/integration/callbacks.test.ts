import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { simulateCall } from '../../tools/twilio-emulator';
import type { CallOptions } from '../../tools/twilio-emulator/options';
import { callTableReader } from '../support/call-table-reader';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

const CONFIG = ALWAYS_OPEN_CONFIG;

/** Callbacks placed by the worker through the Twilio emulator, on the local stack. */
function callbacksOn(args: string[]) {
  const context: { stack?: LocalStackProcess } = {};
  beforeAll(async () => {
    context.stack = await startLocalStackProcess(['--config', CONFIG, '--schedule-seconds', '2', ...args]);
  }, 90_000);
  afterAll(async () => {
    await context.stack?.stop();
  });
  const stack = () => context.stack as LocalStackProcess;
  const call = (options: Partial<CallOptions>) =>
    simulateCall({
      baseUrl: stack().info.apiBaseUrl,
      authToken: stack().info.twilio.authToken,
      to: '+15550000001',
      ringSeconds: 0.2,
      ...options,
    });
  const callback = async (
    callbackId: string,
    done: (item: Record<string, any>) => boolean,
    timeoutMs = 60_000,
  ) => {
    const { info } = stack();
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: info.region,
        endpoint: info.endpoints.dynamodb,
        credentials: info.credentials,
      }),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: info.resources.table,
          Key: { pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' },
        }),
      );
      if (Item && done(Item)) return Item;
      if (Date.now() > deadline)
        throw new Error(`Callback ${callbackId} never got there: ${JSON.stringify(Item)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const outcomes = (item: Record<string, any>) =>
    item.history.map((entry: { outcome?: string }) => entry.outcome);
  return { stack, call, callback, outcomes };
}

describe('a busy agent, then an answering one', () => {
  const { stack, call, callback, outcomes } = callbacksOn(['--callback-agent', 'busy,answer']);

  it('retries after the delay and completes when the agent answers and reaches the customer', async () => {
    const transcript = await call({ agent: 'busy', digits: ['1'] });
    const item = await callback(transcript.callSid, (found) => found.state === 'completed');
    expect(outcomes(item)).toEqual(['agent-busy', 'connected']);
    const [first, second] = item.history;
    expect(new Date(second.startedAt).getTime() - new Date(first.endedAt).getTime()).toBeGreaterThanOrEqual(
      3000,
    );
    expect(item).toMatchObject({ attempts: 2, dueKey: 'CALLBACKS#completed', requestedBy: 'policy' });
    expect(item.requestedByCallerAt).toBeDefined();
    expect(stack().output()).toMatch(/\[twilio\] outbound CA[0-9a-f]+ to sip:alice@pbx\.example\.com/);
  }, 90_000);
});

describe('agents who decline with SIP 603', () => {
  const { stack, call, callback, outcomes } = callbacksOn(['--callback-agent', 'decline']);

  it('are never called again for that callback; when none is left it is exhausted and alerted', async () => {
    const transcript = await call({ agent: 'busy', to: '+15550000003' });
    const item = await callback(transcript.callSid, (found) => found.state === 'exhausted');
    expect(outcomes(item)).toEqual(['agent-declined', 'agent-declined']);
    expect(item.history.map((entry: { agentId: string }) => entry.agentId)).toEqual(['bob', 'alice']);
    expect(item.excludedAgents).toEqual(['bob', 'alice']);
    await stack().waitForOutput('declined the callback to');
    await stack().waitForOutput('gave up: every attempt failed');
  }, 90_000);
});

describe('a callback whose attempts run out', () => {
  const { stack, call, callback, outcomes } = callbacksOn([
    '--callback-agent',
    'answer',
    '--callback-customer',
    'busy',
  ]);

  it('stops after the maximum attempts and raises an alert', async () => {
    const transcript = await call({ agent: 'busy' });
    const item = await callback(transcript.callSid, (found) => found.state === 'exhausted', 90_000);
    expect(outcomes(item)).toEqual(['customer-busy', 'customer-busy', 'customer-busy']);
    await stack().waitForOutput(new RegExp(`gave up: every attempt failed[^]*${transcript.callSid}`));
  }, 120_000);
});

describe('a customer who calls again', () => {
  const { stack, call, callback } = callbacksOn(['--schedule-seconds', '3600']);

  it('cancels their pending callback once they get through', async () => {
    const first = await call({ agent: 'busy', from: '+15005550011' });
    await callback(first.callSid, (found) => found.state === 'pending');
    const again = await call({ agent: 'answer', from: '+15005550011' });
    await callTableReader(stack().info).waitForCall(again.callSid, (items) =>
      items.some((item) => item.sk === 'CALL' && item.disposition === 'answered'),
    );
    const item = await callback(first.callSid, (found) => found.state === 'canceled');
    expect(item.closedReason).toMatch(/called again/);
  }, 60_000);
});
