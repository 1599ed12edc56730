import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStackInfo } from '../../tools/local-stack/state-file';
import { type CallTranscript, simulateCall } from '../../tools/twilio-emulator';
import type { CallOptions } from '../../tools/twilio-emulator/options';

/**
 * What a run of many calls left behind on the local stack, counted from outside the pipeline: the
 * call items in its table and the alerts its printer showed. The volume and fault suites assert on
 * these; a Scan is fine here, in a test that owns the table.
 */

/** Call items with a disposition, by CallSid (a CallSid twice would be a duplicate item). */
export async function storedCalls(info: LocalStackInfo): Promise<Map<string, string>> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: info.region,
      endpoint: info.endpoints.dynamodb,
      credentials: info.credentials,
    }),
  );
  const calls = new Map<string, string>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: info.resources.table,
        FilterExpression: 'sk = :call AND attribute_exists(disposition)',
        ExpressionAttributeValues: { ':call': 'CALL' },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) calls.set(String(item.callSid), String(item.disposition));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return calls;
}

/** Each alert print: `ALERT (… kind=K) sns:ID` and, a few lines on, its `Call SID:`. */
export function alertPrints(output: string): { alert: string; snsId: string }[] {
  const prints = output.matchAll(
    /ALERT \([^)]*kind=([a-z-]+)\) sns:(\S+)[\s\S]*?Call SID: (CA[0-9a-f]{32})/g,
  );
  return [...prints].map((match) => ({ alert: `${match[1]} ${match[3]}`, snsId: match[2] }));
}

/** Each alert the stack printed, as `kind CallSid`: once per SNS publish, however often printed (again after a restart). */
export function printedAlerts(output: string): string[] {
  const bySnsId = new Map(alertPrints(output).map(({ alert, snsId }) => [snsId, alert]));
  return [...bySnsId.values()];
}

/**
 * Alerts published more than once, as `kind CallSid`, told apart by the alerter's log. The alerter
 * logs `Alert published` with SNS's message id once its ledger records the publish; a delivery that
 * died (or whose ledger write failed) after SNS took the alert and before that leaves a publish
 * never logged, and the next delivery, once the claim lapses, sends it again: the one window SNS
 * leaves (see claimAlert). `unexplained`: repeats with two logged publishes, two deliveries both
 * sending, which must never happen.
 */
export function repeatedAlerts(output: string): { unexplained: string[]; afterUnrecordedPublish: string[] } {
  const logged = new Set(
    [...output.matchAll(/Alert published .*?"messageId":"([^"]+)"/g)].map((match) => match[1]),
  );
  const publishes = new Map<string, string[]>();
  for (const { alert, snsId } of alertPrints(output)) {
    const ids = publishes.get(alert) ?? [];
    if (!ids.includes(snsId)) publishes.set(alert, [...ids, snsId]);
  }
  const repeats = [...publishes].filter(([, ids]) => ids.length > 1);
  const loggedTwice = ([, ids]: [string, string[]]) => ids.filter((id) => logged.has(id)).length > 1;
  return {
    unexplained: repeats.filter(loggedTwice).map(([alert]) => alert),
    afterUnrecordedPublish: repeats.filter((repeat) => !loggedTwice(repeat)).map(([alert]) => alert),
  };
}

/** Each callback call the Twilio emulator was asked to place, as `callback attempt`. */
export function placedCallbackAttempts(output: string): string[] {
  return [
    ...output.matchAll(
      /outbound CA[0-9a-f]{32} from \S+ to \S+: queued \(callback (CA[0-9a-f]{32}) attempt (\d+)\)/g,
    ),
  ].map((match) => `${match[1]} ${match[2]}`);
}

/** The entries that occur more than once. */
export function repeated(entries: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(entries.filter((entry) => seen.has(entry) || !seen.add(entry)))];
}

/** Waits until `done()` holds or `timeoutMs` passes, checking every two seconds. */
export async function waitUntil(done: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2000));
}

/**
 * A third answered, a third declined with a voicemail, a third busy asking for a callback, and
 * the alerts each kind of call gives: none; the missed call and its voicemail and transcript follow-ups
 * (the always-open config transcribes); the missed call.
 */
export function mixedCall(index: number): Partial<CallOptions> & { alerts: string[] } {
  switch (index % 3) {
    case 0:
      return { agent: 'answer', alerts: [] };
    case 1:
      return {
        agent: 'decline',
        ringSeconds: 1.1,
        recordSeconds: 5,
        alerts: ['missed-call', 'voicemail', 'voicemail-transcript'],
      };
    default:
      return { agent: 'busy', digits: ['1'], alerts: ['missed-call'] };
  }
}

/** A call played and what it must leave behind: its alerts, as `kind CallSid`. */
export interface PlayedCall {
  readonly callSid: string;
  readonly alerts: readonly string[];
}

/**
 * Plays `count` calls of the mix (numbered from `first`) to the stack's first always-open line,
 * `concurrency` at a time; a call that does not complete fails the run. `onCall` is told of each
 * call as it completes, with its transcript (a progress bar, the webhooks' timings).
 */
export async function playMixedCalls(
  info: LocalStackInfo,
  {
    count,
    first = 0,
    concurrency,
    onCall,
    deadline = Number.POSITIVE_INFINITY,
    ...extra
  }: {
    count: number;
    first?: number;
    concurrency: number;
    /** Awaited before that caller starts its next call. */
    onCall?: (call: PlayedCall, transcript: CallTranscript) => void | Promise<void>;
    /** No call is started after this time (`Date.now()`); those started are played to their end. */
    deadline?: number;
  } & Partial<CallOptions>,
): Promise<PlayedCall[]> {
  const played: PlayedCall[] = [];
  let next = first;
  const caller = async () => {
    while (next < first + count && Date.now() < deadline) {
      const index = next++;
      const { alerts, ...options } = mixedCall(index);
      const transcript = await simulateCall({
        baseUrl: info.apiBaseUrl,
        authToken: info.twilio.authToken,
        to: '+15550000001',
        ...extra,
        ...options,
      });
      if (transcript.outcome.status !== 'completed')
        throw new Error(`call ${index}: ${transcript.outcome.detail}`);
      const call = {
        callSid: transcript.callSid,
        alerts: alerts.map((kind) => `${kind} ${transcript.callSid}`),
      };
      played.push(call);
      await onCall?.(call, transcript);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return played;
}
