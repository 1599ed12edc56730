import { formatAlert, readSnsEnvelope } from '../../tools/local-stack/alert-printer';
import { printedAlerts, repeatedAlerts } from '../support/pipeline-counts';

const CALL = `CA${'1'.repeat(32)}`;

/** The stack's catch-all print of one SNS delivery, as the local stack logs it. */
const printed = (snsId: string, kind = 'missed-call') =>
  formatAlert({
    deliveredTo: 'all',
    ...readSnsEnvelope(
      JSON.stringify({
        Type: 'Notification',
        MessageId: snsId,
        Message: JSON.stringify({ default: `Missed call\nCall SID: ${CALL}` }),
        MessageAttributes: { kind: { Type: 'String', Value: kind } },
      }),
    ),
  });
const published = (snsId: string) => `[MissedCallAlerts] INFO  Alert published {"messageId":"${snsId}"}`;

describe('the alert printer', () => {
  it("prints each alert with SNS's message id", () => {
    expect(printed('m-1')).toBe(
      `[alerts] ALERT (kind=missed-call) sns:m-1\n    Missed call\n    Call SID: ${CALL}`,
    );
  });

  it('counts an alert printed again after a restart once', () => {
    const output = [published('m-1'), printed('m-1'), printed('m-1')].join('\n');
    expect(printedAlerts(output)).toEqual([`missed-call ${CALL}`]);
    expect(repeatedAlerts(output)).toEqual({ unexplained: [], afterUnrecordedPublish: [] });
  });

  it('tells a publish the ledger never recorded (a death in SNS’s window) from two deliveries both sending', () => {
    const window = [printed('m-1'), published('m-2'), printed('m-2')].join('\n');
    expect(repeatedAlerts(window)).toEqual({
      unexplained: [],
      afterUnrecordedPublish: [`missed-call ${CALL}`],
    });
    const twice = [published('m-1'), printed('m-1'), published('m-2'), printed('m-2')].join('\n');
    expect(repeatedAlerts(twice)).toEqual({
      unexplained: [`missed-call ${CALL}`],
      afterUnrecordedPublish: [],
    });
  });
});
