import { parseMessage, voicemailRecordedEvent } from '../../lambdas/domain/events';
import {
  isTwilioUrl,
  TWILIO_API_HOST,
  type TwilioRequest,
  withoutForeignUrls,
} from '../../lambdas/domain/twilio-request';

const RECORDING = `https://api.twilio.com/2010-04-01/Accounts/AC${'0'.repeat(32)}/Recordings/RE${'1'.repeat(32)}`;
const HOSTS = [TWILIO_API_HOST];

describe('isTwilioUrl', () => {
  it('accepts https on Twilio API host, and on a configured one', () => {
    expect(isTwilioUrl(RECORDING, HOSTS)).toBe(true);
    expect(isTwilioUrl('https://twilio.local/Recordings/RE1', [...HOSTS, 'twilio.local'])).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt://api.twilio.com/%0Aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://api.twilio.com/2010-04-01/Recordings/RE1',
    'https://evil.example/Recordings/RE1',
    'https://api.twilio.com.evil.example/Recordings/RE1',
    'https://api.twilio.com@evil.example/x',
    'https://user:pass@api.twilio.com/x',
    'https://api.twilio.com:8443/x',
    '//api.twilio.com/x',
    '/2010-04-01/Recordings/RE1',
    '',
  ])('refuses %p', (url) => {
    expect(isTwilioUrl(url, HOSTS)).toBe(false);
  });
});

describe('withoutForeignUrls', () => {
  const request = (params: Record<string, string>): TwilioRequest => ({
    path: '/voice/recording-status',
    url: 'https://redial.example/voice/recording-status',
    query: new URLSearchParams(),
    params,
  });

  it("drops each URL parameter that is not Twilio's and says which", () => {
    const read = request({
      RecordingUrl: 'javascript:alert(1)',
      TranscriptionUrl: RECORDING,
      RecordingSid: 'RE1',
    });
    expect(withoutForeignUrls(read, HOSTS)).toEqual({
      request: { ...read, params: { TranscriptionUrl: RECORDING, RecordingSid: 'RE1' } },
      dropped: [{ name: 'RecordingUrl', value: 'javascript:alert(1)' }],
    });
  });

  it('hands back the same request when every URL is Twilio’s', () => {
    const read = request({ RecordingUrl: RECORDING });
    expect(withoutForeignUrls(read, HOSTS)).toEqual({ request: read, dropped: [] });
  });
});

describe('a recording URL in a queue message', () => {
  const message = (recordingUrl: string) =>
    JSON.stringify({
      type: 'voicemail-recorded',
      version: 1,
      idempotencyKey: 'voicemail-recorded:RE1',
      occurredAt: '2026-11-25T10:00:00.000Z',
      callSid: `CA${'1'.repeat(32)}`,
      recordingSid: `RE${'1'.repeat(32)}`,
      recordingUrl,
      durationSeconds: 12,
    });

  it.each(['javascript:alert(1)', 'http://api.twilio.com/x', 'data:text/plain,x'])(
    '%p fails the schema',
    (url) => {
      expect(() => parseMessage(voicemailRecordedEvent, message(url))).toThrow(
        'message does not match the schema: recordingUrl: must be an https URL',
      );
    },
  );

  it('an https one passes', () => {
    expect(parseMessage(voicemailRecordedEvent, message(RECORDING)).recordingUrl).toBe(RECORDING);
  });
});
