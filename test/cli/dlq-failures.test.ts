import { MessageFailures, messageFailureOf } from '../../lambdas/aws/message-failures';
import { type EmbeddedTable, startEmbeddedTable } from '../support/embedded-table';

/** The reason a consumer failed a message, kept by its MessageId for `redial dlq` (on dynalite). */
describe('message failures', () => {
  let embedded: EmbeddedTable;
  let failures: MessageFailures;

  beforeAll(async () => {
    embedded = await startEmbeddedTable();
    failures = new MessageFailures(embedded.client, embedded.tableName);
  });
  afterAll(() => embedded?.stop());

  const record = (receiveCount: number) => ({
    messageId: 'm-1',
    attributes: { ApproximateReceiveCount: String(receiveCount) },
  });
  const at = new Date('2027-01-11T10:00:00Z');

  it('decides the failure from the record and the error', () => {
    expect(messageFailureOf('outcome-recorder', record(2), new Error('table unreachable'), at)).toEqual({
      messageId: 'm-1',
      consumer: 'outcome-recorder',
      receiveCount: 2,
      reason: 'table unreachable',
      failedAt: '2027-01-11T10:00:00.000Z',
    });
    expect(messageFailureOf('x', record(1), 'thrown text', at).reason).toBe('thrown text');
  });

  it('keeps the last failure of each message, and finds only the ones kept', async () => {
    await failures.note(messageFailureOf('outcome-recorder', record(1), new Error('first'), at));
    const last = messageFailureOf('outcome-recorder', record(3), new Error('last'), at);
    expect(await failures.note(last)).toBe(true);
    expect(await failures.note(last)).toBe(true);
    const found = await failures.failuresOf(['m-1', 'm-unknown', 'm-1']);
    expect([...found.entries()]).toEqual([['m-1', last]]);
  });

  it('never throws when the table cannot take the failure', async () => {
    const missing = new MessageFailures(embedded.client, 'no-such-table');
    expect(await missing.note(messageFailureOf('x', record(1), new Error('e'), at))).toBe(false);
  });
});
