import type { Message } from '@aws-sdk/client-sqs';
import { runDlq } from '../../tools/cli/dlq-command';
import { type DeadLetter, deadLetterOf } from '../../tools/cli/dlq-messages';
import { redrivePlan } from '../../tools/cli/dlq-redrive';
import { deadLetterQueuesOf, pickQueues } from '../../tools/cli/dlq-target';
import { age, bodySummary, jsonLetter, listLines, showLines } from '../../tools/cli/dlq-views';
import { localTime } from '../../tools/cli/text-table';

/** `redial dlq`'s pure parts: the queues it finds, what it prints, and what a redrive would move. */

const CALL_SID = `CA${'7'.repeat(32)}`;
const body = JSON.stringify({
  type: 'dial-outcome',
  version: 1,
  callSid: CALL_SID,
  from: '+447700900555',
  to: '+15550000001',
});
const sent = Date.UTC(2027, 0, 11, 10, 0);
const now = new Date(sent + 125_000);

const queues = deadLetterQueuesOf({
  'OutcomeRecorder/DialOutcomes/DeadLetters': { url: 'http://q/dlq-1.fifo' },
  'OutcomeRecorder/DialOutcomes/Queue': { url: 'http://q/src-1.fifo' },
  'MissedCallAlerts/MissedCalls/DeadLetters': { url: 'http://q/dlq-2' },
  'MissedCallAlerts/MissedCalls/Queue': { url: 'http://q/src-2' },
  'Local/AlertPrinter': { url: 'http://q/printer' },
});

const message = (id: string, extra: Partial<Message> = {}): Message => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: body,
  Attributes: {
    SentTimestamp: String(sent),
    ApproximateFirstReceiveTimestamp: String(sent + 1000),
    ApproximateReceiveCount: '4',
    MessageGroupId: CALL_SID,
  },
  ...extra,
});

const failure = {
  messageId: 'm-1',
  consumer: 'outcome-recorder',
  receiveCount: 3,
  reason: 'The specified queue does not exist (caller +447700900555)',
  failedAt: new Date(sent + 3000).toISOString(),
};
const letter: DeadLetter = deadLetterOf(queues[0], message('m-1'), failure);

describe('redial dlq', () => {
  it('pairs each dead-letter queue with its source, named after the pair', () => {
    expect(queues).toEqual([
      { name: 'dial-outcomes', url: 'http://q/dlq-1.fifo', sourceUrl: 'http://q/src-1.fifo' },
      { name: 'missed-calls', url: 'http://q/dlq-2', sourceUrl: 'http://q/src-2' },
    ]);
    expect(pickQueues(queues, 'DialOutcomes').map((queue) => queue.name)).toEqual(['dial-outcomes']);
    expect(pickQueues(queues, undefined)).toHaveLength(2);
    expect(() => pickQueues(queues, 'outbox')).toThrow(
      'no dead-letter queue "outbox"; use dial-outcomes, missed-calls',
    );
  });

  it('summarises a body by event, call and masked numbers, and says what is wrong with one that is not', () => {
    expect(bodySummary(body)).toBe(`dial-outcome v1 ${CALL_SID} +44•••••••55 → +1•••••••01`);
    expect(bodySummary('{"type":"dial-outcome","version":9}')).toBe('dial-outcome v9');
    expect(bodySummary('not json')).toBe('not JSON (8 bytes)');
    expect(bodySummary('[1]')).toBe('JSON, not an event');
  });

  it('reads a message: times, receives, group and the kept failure', () => {
    expect(letter).toMatchObject({
      queue: 'dial-outcomes',
      messageId: 'm-1',
      sentAt: '2027-01-11T10:00:00.000Z',
      firstReceivedAt: '2027-01-11T10:00:01.000Z',
      receiveCount: 4,
      groupId: CALL_SID,
      failure,
    });
    expect(age('2027-01-11T10:00:00.000Z', now)).toBe('2m');
  });

  it('lists a queue: its depth and oldest message, then each message with the reason, masked', () => {
    const lines = listLines(queues[0], { waiting: 1, inFlight: 0 }, [letter], now);
    expect(lines[0]).toBe('dial-outcomes: 1 message, oldest sent 2m ago');
    expect(lines[1]).toMatch(/^ {2}MESSAGE ID +FIRST RECEIVED +LAST FAILED +RECEIVES +MESSAGE +REASON$/);
    expect(lines[2]).toContain(localTime(failure.failedAt));
    expect(lines[2]).toMatch(/ 3 +dial-outcome v1 /);
    expect(lines[2]).toContain('The specified queue does not exist (caller +44•••••••55) (outcome-recorder)');
    expect(lines.join('\n')).not.toContain('+447700900555');
    expect(listLines(queues[1], { waiting: 0, inFlight: 2 }, [], now)).toEqual([
      'missed-calls: 0 messages, 2 in flight',
    ]);
    const unexplained = listLines(
      queues[0],
      { waiting: 1, inFlight: 0 },
      [{ ...letter, failure: undefined }],
      now,
    );
    expect(unexplained[2]).toContain('no reason kept');
  });

  it('shows one message in full, masked unless asked', () => {
    const masked = showLines(letter, false).join('\n');
    expect(masked).toMatch(/^Reason: +The specified queue does not exist \(caller \+44•••••••55\)$/m);
    expect(masked).toMatch(/^Receives: +3 by outcome-recorder$/m);
    expect(masked).toContain('    "from": "+44•••••••55",');
    expect(showLines(letter, true).join('\n')).toContain('"from": "+447700900555"');
    expect(jsonLetter(letter)).toMatchObject({ body: { from: '+44•••••••55' } });
    expect(jsonLetter(letter, true)).toMatchObject({ body: { from: '+447700900555' } });
  });

  it('plans a redrive: the group kept for FIFO, a fresh deduplication ID, or only the message asked for', () => {
    const messages = [message('m-1'), message('m-2', { Attributes: {} })];
    expect(redrivePlan(messages)).toEqual([
      { messageId: 'm-1', body, groupId: CALL_SID, deduplicationId: 'redrive-m-1' },
      { messageId: 'm-2', body },
    ]);
    expect(redrivePlan(messages, 'm-2').map((move) => move.messageId)).toEqual(['m-2']);
    expect(redrivePlan(messages, 'm-3')).toEqual([]);
  });

  it.each([
    [['list', '--dry-run'], 'redial dlq: --dry-run goes with redrive, not list (see redial dlq --help)'],
    [['show'], 'redial dlq: show needs a message ID (see redial dlq --help)'],
    [['list', 'x'], 'redial dlq: list takes no arguments, not "x" (see redial dlq --help)'],
    [
      ['purge'],
      "redial dlq: command-argument value 'purge' is invalid for argument 'action'. Allowed choices are list, show, redrive. (see redial dlq --help)",
    ],
    [['--region', 'eu-west-2'], 'redial dlq: --region goes with --stack (see redial dlq --help)'],
    [
      ['--local-state', '/nowhere/local.json'],
      'redial dlq: no /nowhere/local.json: start the local stack with npm start, or pass --stack',
    ],
  ])('%j: one line, exit 2', async (argv, expected) => {
    const err: string[] = [];
    const code = await runDlq(argv, { out: () => {}, err: (line) => err.push(line) });
    expect({ code, err }).toEqual({ code: 2, err: [expected] });
  });
});
