import { maskDeep, maskPhoneNumbers } from '../../lambdas/domain/phone-masking';
import type { DeadLetter, QueueDepth } from './dlq-messages';
import type { DeadLetterQueue } from './dlq-target';
import { localTime, textTable } from './text-table';

/** How `redial dlq` prints dead letters: phone numbers masked as in the logs, unless asked not to. */

/** `dial-outcome v1 CA…42 +44•••••••01 → +15•••••••01`, or what is wrong with the body. */
export function bodySummary(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON (${body.length} bytes)`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'JSON, not an event';
  const { type, version, callSid, from, to } = parsed as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  const parts = [
    text(type) ?? 'no type',
    version === undefined ? undefined : `v${text(version)}`,
    text(callSid),
    from === undefined && to === undefined ? undefined : `${text(from) ?? '?'} → ${text(to) ?? '?'}`,
  ];
  return maskPhoneNumbers(parts.filter((part) => part !== undefined).join(' '));
}

/** How long ago `iso` was, coarsely: `45s`, `12m`, `3h 5m`, `2d 4h`. */
export function age(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** The oldest message's send time, of those read. */
export function oldestSent(letters: readonly DeadLetter[]): string | undefined {
  return letters
    .map((letter) => letter.sentAt)
    .filter((sentAt) => sentAt !== undefined)
    .sort()[0];
}

/** The reason in words: the consumer's, or why there is none. */
export function reasonOf(letter: DeadLetter): string {
  if (!letter.failure) return 'no reason kept (see the consumer’s log for this message ID)';
  return maskPhoneNumbers(`${letter.failure.reason} (${letter.failure.consumer})`);
}

export function queueHeading(
  queue: DeadLetterQueue,
  depth: QueueDepth,
  letters: readonly DeadLetter[],
  now: Date,
) {
  const oldest = oldestSent(letters);
  const count = `${depth.waiting} message${depth.waiting === 1 ? '' : 's'}`;
  const inFlight = depth.inFlight > 0 ? `, ${depth.inFlight} in flight` : '';
  return `${queue.name}: ${count}${inFlight}${oldest ? `, oldest sent ${age(oldest, now)} ago` : ''}`;
}

/** One queue's heading and its messages as a table. */
export function listLines(
  queue: DeadLetterQueue,
  depth: QueueDepth,
  letters: readonly DeadLetter[],
  now: Date,
): string[] {
  const heading = queueHeading(queue, depth, letters, now);
  if (letters.length === 0) return [heading];
  return [
    heading,
    ...textTable<DeadLetter>(
      [
        ['MESSAGE ID', (letter) => letter.messageId],
        ['FIRST RECEIVED', (letter) => letter.firstReceivedAt && localTime(letter.firstReceivedAt)],
        ['LAST FAILED', (letter) => letter.failure && localTime(letter.failure.failedAt)],
        ['RECEIVES', (letter) => (letter.failure ?? letter).receiveCount?.toString()],
        ['MESSAGE', (letter) => bodySummary(letter.body)],
        ['REASON', reasonOf],
      ],
      letters,
    ).map((line) => `  ${line}`),
  ];
}

/** A dead letter for --json: the body parsed when it is JSON, masked unless `unmasked`. */
export function jsonLetter(letter: DeadLetter, unmasked = false) {
  const value = { ...letter, body: parsedBody(letter.body) };
  return unmasked ? value : maskDeep(value);
}

function parsedBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** One message in full: its fields, the reason, and the body pretty-printed. */
export function showLines(letter: DeadLetter, unmasked: boolean): string[] {
  const mask = (text: string) => (unmasked ? text : maskPhoneNumbers(text));
  const body = parsedBody(letter.body);
  const fields: [string, string | undefined][] = [
    ['Message ID', letter.messageId],
    ['Queue', letter.queue],
    ['Sent', letter.sentAt && localTime(letter.sentAt)],
    ['First received', letter.firstReceivedAt && localTime(letter.firstReceivedAt)],
    ['Last failed', letter.failure && localTime(letter.failure.failedAt)],
    ['Receives', letter.failure && `${letter.failure.receiveCount} by ${letter.failure.consumer}`],
    ['SQS receive count', letter.receiveCount?.toString()],
    ['Message group', letter.groupId],
    ...Object.entries(letter.messageAttributes).map(([name, value]): [string, string] => [
      `Attribute ${name}`,
      value,
    ]),
    ['Reason', letter.failure ? mask(letter.failure.reason) : reasonOf(letter)],
  ];
  return [
    ...fields
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${`${name}:`.padEnd(20)}${value}`),
    'Body:',
    ...mask(typeof body === 'string' ? body : JSON.stringify(body, null, 2))
      .split('\n')
      .map((line) => `  ${line}`),
  ];
}
