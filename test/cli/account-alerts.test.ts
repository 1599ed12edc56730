import { NO_INSIGHTS_GAP, PARTIAL_GAP, readAccountAlerts } from '../../tools/cli/account-alerts';
import { twilioRestClient } from '../../tools/cli/twilio-library-client';
import {
  type AccountHistory,
  type AccountHistoryEmulator,
  type HistoryAlert,
  startAccountHistoryEmulator,
} from '../../tools/twilio-emulator';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  NOW,
  SALES_NUMBER,
  seededAccountHistory,
} from '../../tools/twilio-emulator/account-history-sample';

const WEEK = { since: new Date(NOW.getTime() - 7 * 86_400_000), until: NOW };

async function read(
  insightsEnabled: boolean,
  number?: string,
  extraAlerts: HistoryAlert[] = [],
  change: (history: AccountHistory) => void = () => {},
) {
  const seeded = seededAccountHistory({ insightsEnabled });
  seeded.history.alerts.push(...extraAlerts);
  change(seeded.history);
  const emulator: AccountHistoryEmulator = await startAccountHistoryEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    history: seeded.history,
  });
  try {
    const client = twilioRestClient(ACCOUNT_SID, AUTH_TOKEN, { baseUrl: emulator.url });
    const alerts = await readAccountAlerts(client, { ...WEEK, number });
    return { seeded, alerts, requests: emulator.requests() };
  } finally {
    await emulator.stop();
  }
}

describe("an account's refused calls, read from Twilio's records", () => {
  it('reads every alerted call once, with its dialled legs as Insights describes them', async () => {
    const { seeded, alerts } = await read(true);
    expect(alerts.calls.map((call) => call.callSid).sort()).toEqual(
      seeded.expected.map((call) => call.callSid).sort(),
    );
    const person = seeded.expected.find((call) => call.source === 'person');
    expect(alerts.calls.find((call) => call.callSid === person?.callSid)).toMatchObject({
      alertCode: '31603',
      number: person?.number,
      legs: [
        {
          endpoint: person?.endpoint,
          status: 'busy',
          sipResponseCode: 603,
          ringSeconds: person?.ringSeconds,
          disconnectedBy: 'callee',
          postDialDelayMs: 180,
        },
      ],
    });
    expect(alerts).toMatchObject({ insights: true, gaps: [] });
  });

  it('without Insights, takes the SIP code from the alert, says so once, and asks Insights only once', async () => {
    const { alerts, requests } = await read(false);
    expect(alerts.gaps).toEqual([NO_INSIGHTS_GAP]);
    expect(alerts.insights).toBe(false);
    const codes = alerts.calls.map((call) => [call.alertCode, call.legs.map((leg) => leg.sipResponseCode)]);
    expect(new Set(codes.map(([alert, legs]) => `${alert}: ${legs}`))).toEqual(
      new Set(['31603: 603', '31603: ', '31486: 486', '31480: 480']),
    );
    expect(requests.filter((request) => request.path.endsWith('/Summary'))).toHaveLength(1);
  });

  it('names the number and URL of each time Twilio could not get TwiML', async () => {
    const { alerts } = await read(true);
    expect(alerts.webhookFailures).toEqual([
      expect.objectContaining({
        code: '11200',
        meaning: 'HTTP retrieval failure',
        number: SALES_NUMBER,
        url: 'https://voice.example.com/voice/sales',
      }),
    ]);
  });

  it('says when Insights summaries are still partial (a call of the last half hour)', async () => {
    const { alerts } = await read(true, undefined, [], (history) => {
      const leg = history.summaries.find((summary) => summary.callType === 'sip');
      if (leg) leg.processingState = 'partial';
    });
    expect(alerts.gaps).toEqual([PARTIAL_GAP]);
  });

  it('says which call it could not read (gone from Twilio), and reads the rest', async () => {
    const gone = `CA${'9'.repeat(32)}`;
    const at = new Date(NOW.getTime() - 86_400_000);
    const { seeded, alerts } = await read(true, undefined, [
      {
        sid: `NO${'9'.repeat(32)}`,
        errorCode: '31603',
        logLevel: 'error',
        alertText: '',
        resourceSid: gone,
        dateGenerated: at,
      },
    ]);
    expect(alerts.calls).toHaveLength(seeded.expected.length);
    expect(alerts.gaps).toEqual([
      expect.stringMatching(new RegExp(`^call ${gone} \\(alert 31603\\) could not be read: `)),
    ]);
  });

  it('keeps to the calls to one number when asked', async () => {
    const { seeded, alerts } = await read(true, SALES_NUMBER);
    const sales = seeded.expected.filter((call) => call.number === SALES_NUMBER);
    expect(alerts.calls.map((call) => call.callSid).sort()).toEqual(sales.map((call) => call.callSid).sort());
    expect(alerts.webhookFailures).toHaveLength(1);
  });
});
