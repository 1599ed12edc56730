import { answerDialStatus, answerIncomingCall } from '../../lambdas/domain/call-flow';
import type { CallFlowContext } from '../../lambdas/domain/call-flow-context';
import { answerCallbackChoice } from '../../lambdas/domain/caller-choices';
import { parseConfig } from '../../lambdas/domain/config';
import { answerRecordingStatus, answerTranscription } from '../../lambdas/domain/status-reports';
import { PROBE_CALL_SID, type TwilioRequest } from '../../lambdas/domain/twilio-request';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson());
const base = 'https://api.example.com';
const CALL = {
  CallSid: `CA${'a'.repeat(32)}`,
  AccountSid: `AC${'b'.repeat(32)}`,
  From: '+15005550006',
  To: '+442071234567',
};

// 2027-01-11 is a Monday; January in London is GMT.
const OPEN = new Date('2027-01-11T10:00:00Z');
const CLOSED = new Date('2027-01-11T20:00:00Z');

const context = (now: Date): CallFlowContext => ({ config, publicBaseUrl: base, now });

function request(path: string, params: Record<string, string>, query = ''): TwilioRequest {
  return {
    path,
    url: `${base}${path}?${query}`,
    query: new URLSearchParams(query),
    params: { ...CALL, ...params },
  };
}

describe('incoming calls', () => {
  it('rings the first agent of the hunt list inside opening hours, with an action and a status callback', () => {
    const { twiml, events } = answerIncomingCall(request('/voice/incoming', {}), context(OPEN));
    expect(twiml).toContain(
      '<Sip statusCallback="https://api.example.com/voice/dial-leg-status?agent=alice&amp;pos=0"',
    );
    expect(twiml).toContain(
      `action="${base}/voice/dial-status?agent=alice&amp;pos=0&amp;dialedAt=${OPEN.getTime()}"`,
    );
    expect(twiml).toMatch(/timeout="20" answerOnBridge="true"/);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'call-started',
        idempotencyKey: `call-started:${CALL.CallSid}`,
        from: CALL.From,
        to: CALL.To,
        line: CALL.To,
        open: true,
      }),
    ]);
  });

  it('never rings the PBX when closed: closed message, callback offer, then voicemail', () => {
    const { twiml, events } = answerIncomingCall(request('/voice/incoming', {}), context(CLOSED));
    expect(events).toEqual([expect.objectContaining({ type: 'call-started', open: false })]);
    expect(twiml).not.toContain('<Dial');
    expect(twiml).toMatch(
      /is closed at the moment.*<Gather.*action="https:\/\/api.example.com\/voice\/callback-choice\?reason=closed".*<Record/,
    );
  });

  it('answers a probe (redial diagnose auditing the TwiML) as a call, and records nothing', () => {
    const probe = request('/voice/incoming', { CallSid: PROBE_CALL_SID });
    const { twiml, events } = answerIncomingCall(probe, context(OPEN));
    expect(twiml).toBe(answerIncomingCall(request('/voice/incoming', {}), context(OPEN)).twiml);
    expect(events).toEqual([]);
  });

  it('takes a message for a number the config does not know', () => {
    const { twiml } = answerIncomingCall(request('/voice/incoming', { To: '+15550009999' }), context(OPEN));
    expect(twiml).toContain('<Record');
  });
});

describe('dial status', () => {
  const dialed = (status: string, sip?: string) =>
    request(
      '/voice/dial-status',
      { DialCallStatus: status, ...(sip ? { DialSipResponseCode: sip } : {}) },
      `agent=alice&pos=0&dialedAt=${OPEN.getTime() - 5000}`,
    );

  it('rings the next agent when the first is busy, and says so in the event', () => {
    const { twiml, events } = answerDialStatus(dialed('busy', '486'), context(OPEN));
    expect(twiml).toContain(
      '<Sip statusCallback="https://api.example.com/voice/dial-leg-status?agent=bob&amp;pos=1"',
    );
    expect(events[0]).toMatchObject({
      disposition: 'busy',
      huntExhausted: false,
      callerNextStep: 'next-agent',
      ringSeconds: 5,
    });
  });

  it('builds the idempotency key from the CallSid and hunt position', () => {
    const { events } = answerDialStatus(dialed('busy', '603'), context(OPEN));
    expect(events[0].idempotencyKey).toBe(`dial-outcome:${CALL.CallSid}:0`);
  });
});

describe('callback choice', () => {
  it('books a callback on 1 and says when it will come if closed', () => {
    const { twiml, events } = answerCallbackChoice(
      request('/voice/callback-choice', { Digits: '1' }, 'reason=closed'),
      context(CLOSED),
    );
    expect(twiml).toContain('We open again tomorrow at 09:00');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'callback-requested',
        reason: 'closed',
        notBefore: '2027-01-12T09:00:00.000Z',
      }),
    ]);
  });

  it('sends anything else to voicemail without booking', () => {
    const { twiml, events } = answerCallbackChoice(
      request('/voice/callback-choice', { Digits: '2' }),
      context(OPEN),
    );
    expect(twiml).toContain('<Record');
    expect(events).toEqual([]);
  });
});

describe('recording callbacks', () => {
  const recording = {
    RecordingSid: `RE${'c'.repeat(32)}`,
    RecordingUrl: 'https://api.twilio.com/rec',
    RecordingDuration: '14',
  };

  it('turns a completed recording into a voicemail event keyed by its SID', () => {
    const { twiml, events } = answerRecordingStatus(
      request('/voice/recording-status', { ...recording, RecordingStatus: 'completed' }),
      context(OPEN),
    );
    expect(twiml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(events).toEqual([
      expect.objectContaining({
        idempotencyKey: `voicemail-recorded:${recording.RecordingSid}`,
        durationSeconds: 14,
      }),
    ]);
  });

  it('ignores an absent recording (the caller said nothing)', () => {
    const absent = request('/voice/recording-status', { ...recording, RecordingStatus: 'absent' });
    expect(answerRecordingStatus(absent, context(OPEN)).events).toEqual([]);
  });

  it('passes the transcription on', () => {
    const { events } = answerTranscription(
      request('/voice/transcription', {
        RecordingSid: recording.RecordingSid,
        TranscriptionText: 'Call me',
        TranscriptionStatus: 'completed',
      }),
      context(OPEN),
    );
    expect(events[0]).toMatchObject({ type: 'voicemail-transcribed', text: 'Call me' });
  });
});
