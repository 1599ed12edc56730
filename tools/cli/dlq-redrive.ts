import {
  DeleteMessageCommand,
  type Message,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { queueArn, RECEIVE_MAX, receiveHeld, release } from './dlq-messages';
import type { DeadLetterQueue } from './dlq-target';

/**
 * Sends dead letters back to the queue they came from, once their cause is fixed. The whole queue
 * goes with SQS's own redrive (StartMessageMoveTask) where the endpoint has it; one message
 * (`--message`), or an endpoint without it (fauxqs), goes by hand: receive, send to the source,
 * delete. By hand is safe to run again after a crash between send and delete: a FIFO source drops
 * the second send within five minutes (the same deduplication ID), and after that, or on a
 * standard queue, the duplicate meets idempotent consumers (the recorder's idempotency keys, the
 * alerter's ledger), so it changes nothing.
 */

/** One message to move, as a dry run prints it and the move sends it. */
export interface Move {
  readonly messageId: string;
  readonly body: string;
  /** FIFO: the message's own group, so its call's events stay in order. */
  readonly groupId?: string;
  /** FIFO: new for the redrive (the original's may still be in the source's five-minute window). */
  readonly deduplicationId?: string;
}

/** SQS's error names for an action the endpoint does not have (fauxqs answers InvalidAction). */
const UNSUPPORTED = new Set(['InvalidAction', 'UnsupportedOperation', 'UnknownOperationException']);

/** What to move: every held message, or only `messageId`. */
export function redrivePlan(messages: readonly Message[], messageId?: string): Move[] {
  return messages
    .filter((message) => messageId === undefined || message.MessageId === messageId)
    .map((message) => {
      const groupId = message.Attributes?.MessageGroupId;
      return {
        messageId: String(message.MessageId),
        body: message.Body ?? '',
        ...(groupId ? { groupId, deduplicationId: `redrive-${message.MessageId}` } : {}),
      };
    });
}

export type RedriveResult =
  | { readonly kind: 'moved'; readonly moves: readonly Move[] }
  | { readonly kind: 'move-task'; readonly taskHandle: string };

/** Moves the queue's dead letters back; a dry run only says which it would. */
export async function redrive(
  sqs: SQSClient,
  queue: DeadLetterQueue,
  options: { messageId?: string; dryRun: boolean; limit: number },
): Promise<RedriveResult> {
  if (options.messageId === undefined && !options.dryRun) {
    const taskHandle = await startMoveTask(sqs, queue);
    if (taskHandle !== undefined) return { kind: 'move-task', taskHandle };
  }
  if (options.messageId === undefined && !options.dryRun)
    return { kind: 'moved', moves: await moveAll(sqs, queue, options.limit) };
  const held = await receiveHeld(sqs, queue.url, options.limit);
  const moves = redrivePlan(held, options.messageId);
  const moving = new Set(options.dryRun ? [] : moves.map((move) => move.messageId));
  try {
    for (const message of held.filter((candidate) => moving.has(String(candidate.MessageId))))
      await moveBack(sqs, queue, message, moves);
  } finally {
    await release(
      sqs,
      queue.url,
      held.filter((message) => !moving.has(String(message.MessageId))),
    );
  }
  return { kind: 'moved', moves };
}

/**
 * Every message, a receive's worth at a time: a FIFO queue hands out no more of a group while some
 * of it is held, so moving each batch before the next receive lets a long group through.
 */
async function moveAll(sqs: SQSClient, queue: DeadLetterQueue, limit: number): Promise<Move[]> {
  const moved: Move[] = [];
  while (moved.length < limit) {
    const held = await receiveHeld(sqs, queue.url, Math.min(RECEIVE_MAX, limit - moved.length));
    if (held.length === 0) break;
    const moves = redrivePlan(held);
    for (const message of held) await moveBack(sqs, queue, message, moves);
    moved.push(...moves);
  }
  return moved;
}

async function moveBack(sqs: SQSClient, queue: DeadLetterQueue, message: Message, moves: readonly Move[]) {
  const move = moves.find((candidate) => candidate.messageId === message.MessageId) as Move;
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queue.sourceUrl,
      MessageBody: move.body,
      MessageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          { DataType: value.DataType, StringValue: value.StringValue, BinaryValue: value.BinaryValue },
        ]),
      ),
      MessageGroupId: move.groupId,
      MessageDeduplicationId: move.deduplicationId,
    }),
  );
  // Only once the source has it: a crash before this leaves it in the DLQ, to move again.
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
}

/** SQS's own redrive of the whole queue to its source; undefined when the endpoint lacks it. */
async function startMoveTask(sqs: SQSClient, queue: DeadLetterQueue): Promise<string | undefined> {
  try {
    const [SourceArn, DestinationArn] = await Promise.all([
      queueArn(sqs, queue.url),
      queueArn(sqs, queue.sourceUrl),
    ]);
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn, DestinationArn }));
    return String(TaskHandle);
  } catch (error) {
    if (UNSUPPORTED.has((error as Error).name)) return undefined;
    throw error;
  }
}
