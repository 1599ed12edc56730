import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { loadWebhook, signedPost, webhookEvent } from '../support/webhook-in-process';

const webhook = loadWebhook();
afterAll(() => webhook.restore());
beforeEach(() => webhook.reset());

const CALL = {
  CallSid: `CA${'1'.repeat(32)}`,
  AccountSid: `AC${'0'.repeat(32)}`,
  From: '+15005550006',
  To: '+442071234567',
};
const RECORDING_SID = `RE${'2'.repeat(32)}`;
const TWILIO_RECORDING = `https://api.twilio.com/2010-04-01/Accounts/${CALL.AccountSid}/Recordings/${RECORDING_SID}`;

function recordingStatus(RecordingUrl: string) {
  const params = {
    ...CALL,
    RecordingSid: RECORDING_SID,
    RecordingStatus: 'completed',
    RecordingDuration: '12',
    RecordingUrl,
  };
  return webhookEvent(signedPost(VOICE_ROUTES.recordingStatus, params));
}

describe("the webhook and URLs that are not Twilio's", () => {
  it.each(['javascript:alert(1)', 'https://evil.example/r.mp3', 'http://api.twilio.com/r'])(
    'drops a signed RecordingUrl %p with a log line, and publishes no recording',
    async (url) => {
      const response = await webhook.handler(recordingStatus(url));
      expect(response.statusCode).toBe(200);
      expect(webhook.published).toEqual([]);
      const line = webhook.logs.find((entry) => entry.message === "Dropped URLs that are not Twilio's");
      expect(line).toMatchObject({ level: 'WARN', dropped: [{ name: 'RecordingUrl', value: url }] });
    },
  );

  it("publishes the recording when its URL is Twilio's", async () => {
    expect((await webhook.handler(recordingStatus(TWILIO_RECORDING))).statusCode).toBe(200);
    expect(JSON.stringify(webhook.published)).toContain(TWILIO_RECORDING);
  });
});
