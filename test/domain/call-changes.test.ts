import { type CallSnapshot, decideCallChanges } from '../../lambdas/domain/call-changes';
import { answerDialStatus, answerIncomingCall } from '../../lambdas/domain/call-flow';
import type { CallFlowContext } from '../../lambdas/domain/call-flow-context';
import type { CallEvent } from '../../lambdas/domain/call-record';
import { answerCallbackChoice, answerVoicemail } from '../../lambdas/domain/caller-choices';
import { parseConfig, type RedialConfig } from '../../lambdas/domain/config';
import type { MissedCallNotice } from '../../lambdas/domain/events';
import {
  answerCallStatus,
  answerRecordingStatus,
  answerTranscription,
} from '../../lambdas/domain/status-reports';
import type { TwilioRequest } from '../../lambdas/domain/twilio-request';
import { answerFallback } from '../../lambdas/domain/voice-fallback';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson());
const base = 'https://api.example.com';
const CALL_SID = `CA${'a'.repeat(32)}`;
const CALLER = '+15005550006';
const LINE = '+442071234567';
const RECORDING = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1';
// 2027-01-11 is a Monday; January in London is GMT, open 09:00–17:30.
const OPEN = new Date('2027-01-11T10:00:00Z');
const CLOSED = new Date('2027-01-11T03:22:00Z');

/** Twilio's request to one of Redial's routes, `seconds` into the call, as the webhook would read it. */
function twilio(path: string, params: Record<string, string>, query = ''): TwilioRequest {
  return {
    path,
    url: `${base}${path}?${query}`,
    query: new URLSearchParams(query),
    params: { CallSid: CALL_SID, AccountSid: `AC${'b'.repeat(32)}`, From: CALLER, To: LINE, ...params },
  };
}

const at = (start: Date, seconds: number): CallFlowContext => ({
  config,
  publicBaseUrl: base,
  now: new Date(start.getTime() + seconds * 1000),
});

const events = (answer: { events: unknown[] }) => answer.events as CallEvent[];

/** Twilio's recording status callback for the call's voicemail. */
const RECORDING_STATUS = {
  RecordingStatus: 'completed',
  RecordingSid: `RE${'c'.repeat(32)}`,
  RecordingUrl: RECORDING,
  RecordingDuration: '12',
};

/** The recordingStatusCallback attribute of a TwiML document's <Record>, unescaped. */
function recordingStatusCallbackOf(twiml: string): string {
  const found = /recordingStatusCallback="([^"]*)"/.exec(twiml);
  if (!found) throw new Error(`no recordingStatusCallback in ${twiml}`);
  return found[1].replaceAll('&amp;', '&');
}

/** The webhook's events for the steps of a call: `[route answer, seconds into the call]`. */
const steps = {
  incoming: (start: Date, s = 0) =>
    events(answerIncomingCall(twilio(VOICE_ROUTES.incoming, {}), at(start, s))),
  declined: (start: Date, s: number) =>
    events(
      answerDialStatus(
        twilio(
          VOICE_ROUTES.dialStatus,
          { DialCallStatus: 'busy', DialSipResponseCode: '603' },
          `agent=alice&pos=0&dialedAt=${start.getTime()}`,
        ),
        at(start, s),
      ),
    ),
  answered: (start: Date, s: number) =>
    events(
      answerDialStatus(
        twilio(
          VOICE_ROUTES.dialStatus,
          { DialCallStatus: 'completed', DialCallDuration: '30' },
          'agent=alice&pos=0',
        ),
        at(start, s),
      ),
    ),
  busy: (start: Date, s: number, pos = 0) =>
    events(
      answerDialStatus(
        twilio(
          VOICE_ROUTES.dialStatus,
          { DialCallStatus: 'busy', DialSipResponseCode: '486' },
          `agent=alice&pos=${pos}`,
        ),
        at(start, s),
      ),
    ),
  pressed1: (start: Date, s: number) =>
    events(
      answerCallbackChoice(
        twilio(VOICE_ROUTES.callbackChoice, { Digits: '1' }, 'reason=closed'),
        at(start, s),
      ),
    ),
  voicemailLeft: (start: Date, s: number) =>
    events(
      answerVoicemail(
        twilio(VOICE_ROUTES.voicemail, { RecordingUrl: RECORDING, RecordingDuration: '12' }),
        at(start, s),
      ),
    ),
  recorded: (start: Date, s: number) =>
    events(
      answerRecordingStatus(twilio(VOICE_ROUTES.recordingStatus, RECORDING_STATUS), at(start, s)),
      // Twilio's recording status callback carries no From or To.
    ).map((event) => ({ ...event, from: undefined, to: undefined }) as CallEvent),
  /**
   * The recording status callback of a message the fallback took while the webhook was down: to
   * the URL the fallback's TwiML gave (its query says so, and who called whom), without From/To.
   */
  recordedViaFallback: (start: Date, s: number) => {
    const fallbackTwiml = answerFallback({ From: CALLER, To: LINE }, new URLSearchParams(), at(start, 0));
    const query = new URL(recordingStatusCallbackOf(fallbackTwiml)).search.slice(1);
    const { From, To, ...params } = twilio(VOICE_ROUTES.recordingStatus, RECORDING_STATUS, query).params;
    const request = { ...twilio(VOICE_ROUTES.recordingStatus, {}, query), params };
    return events(answerRecordingStatus(request, at(start, s)));
  },
  transcribed: (start: Date, s: number) =>
    events(
      answerTranscription(
        twilio(VOICE_ROUTES.transcription, {
          RecordingSid: `RE${'c'.repeat(32)}`,
          TranscriptionStatus: 'completed',
          TranscriptionText: 'Please call me back about my appointment.',
        }),
        at(start, s),
      ),
    ),
  ended: (start: Date, s: number) =>
    events(
      answerCallStatus(
        twilio(VOICE_ROUTES.callStatus, { CallStatus: 'completed', CallDuration: String(s) }),
        at(start, s),
      ),
    ),
};

/** Plays events through the decision as the recorder would, keeping what a store would keep. */
function play(eventList: CallEvent[], withConfig: RedialConfig = config) {
  let snapshot: CallSnapshot = {};
  const sent: MissedCallNotice[] = [];
  const decisions = eventList.map((event) => {
    const changes = decideCallChanges(event, snapshot, withConfig);
    snapshot = { call: changes.call, callback: snapshot.callback ?? changes.bookCallback };
    sent.push(...changes.notices);
    return changes;
  });
  return { call: snapshot.call, callback: snapshot.callback, sent, decisions };
}

const kinds = (notices: readonly MissedCallNotice[]) => notices.map((notice) => notice.kind);

describe('a call record from the first request', () => {
  it('after hours, a voicemail-only call: caller known from the start, missed-call alert, then the recording', () => {
    const { call, sent } = play([
      ...steps.incoming(CLOSED),
      ...steps.voicemailLeft(CLOSED, 40),
      ...steps.ended(CLOSED, 41),
      ...steps.recorded(CLOSED, 45),
    ]);
    expect(call).toMatchObject({
      from: CALLER,
      to: LINE,
      line: LINE,
      open: false,
      startedAt: CLOSED.toISOString(),
      disposition: 'after-hours',
      outcome: 'voicemail',
      durationSeconds: 41,
      voicemail: { recordingUrl: RECORDING, durationSeconds: 12 },
    });
    expect(kinds(sent)).toEqual(['missed-call', 'voicemail']);
    expect(sent[0]).toMatchObject({ from: CALLER, to: LINE, agentId: 'alice', voicemailLeft: true });
    expect(sent[0].voicemailUrl).toBeUndefined();
    expect(sent[1]).toMatchObject({ from: CALLER, voicemailUrl: RECORDING, voicemailSeconds: 12 });
  });

  it('after hours, a hang-up after the closed message: abandoned-closed, alerted like any missed call', () => {
    const { call, sent } = play([...steps.incoming(CLOSED), ...steps.ended(CLOSED, 9)]);
    expect(call).toMatchObject({
      disposition: 'abandoned-closed',
      outcome: 'missed',
      endedAt: expect.any(String),
    });
    expect(sent).toEqual([
      expect.objectContaining({
        kind: 'missed-call',
        disposition: 'abandoned-closed',
        from: CALLER,
        severity: 'info',
      }),
    ]);
  });

  it('after hours, a callback request: booked for the next opening, alerted with its state', () => {
    const { call, callback, sent } = play([
      ...steps.incoming(CLOSED),
      ...steps.pressed1(CLOSED, 15),
      ...steps.ended(CLOSED, 20),
    ]);
    expect(call).toMatchObject({
      disposition: 'after-hours',
      outcome: 'callback-booked',
      callbackId: CALL_SID,
    });
    expect(callback).toMatchObject({ state: 'pending', dueAt: '2027-01-11T09:00:00.000Z' });
    expect(sent).toEqual([
      expect.objectContaining({
        kind: 'missed-call',
        from: CALLER,
        callback: { state: 'pending', dueAt: '2027-01-11T09:00:00.000Z' },
      }),
    ]);
  });

  it('open, a hang-up during the greeting: abandoned', () => {
    const { call, sent } = play([...steps.incoming(OPEN), ...steps.ended(OPEN, 2)]);
    expect(call).toMatchObject({ open: true, disposition: 'abandoned', outcome: 'missed' });
    expect(kinds(sent)).toEqual(['missed-call']);
  });

  it('holds alerts while the caller is unknown, and sends them once the first request arrives', () => {
    // The call's first event was kept in the outbox while SQS was down, so the recording overtook it.
    const recordedFirst = play([...steps.recorded(CLOSED, 45)]);
    expect(recordedFirst.sent).toEqual([]);
    const { call, sent } = play([
      ...steps.recorded(CLOSED, 45),
      ...steps.incoming(CLOSED),
      ...steps.ended(CLOSED, 41),
    ]);
    expect(call).toMatchObject({ from: CALLER, startedAt: CLOSED.toISOString(), outcome: 'voicemail' });
    expect(kinds(sent)).toEqual(['missed-call', 'voicemail']);
  });
});

describe('a voicemail the fallback took while the webhook was down', () => {
  it('is stored with the caller and line from its URL, disposition fallback, and both alerts go out marked', () => {
    const { call, sent } = play([...steps.recordedViaFallback(OPEN, 45), ...steps.ended(OPEN, 50)]);
    expect(call).toMatchObject({
      from: CALLER,
      to: LINE,
      viaFallback: true,
      disposition: 'fallback',
      outcome: 'voicemail',
      voicemail: { recordingUrl: RECORDING, durationSeconds: 12 },
      endedAt: expect.any(String),
    });
    expect(kinds(sent)).toEqual(['missed-call', 'voicemail']);
    for (const notice of sent)
      expect(notice).toMatchObject({
        from: CALLER,
        to: LINE,
        disposition: 'fallback',
        viaFallback: true,
        severity: 'critical',
      });
    expect(sent[1]).toMatchObject({ voicemailUrl: RECORDING, voicemailSeconds: 12 });
  });

  it('is idempotent: the callback replayed changes nothing', () => {
    const recorded = steps.recordedViaFallback(OPEN, 45);
    const { decisions } = play([...recorded, ...recorded]);
    expect(decisions[1].changed).toBe(false);
    expect(decisions[1].call).toBe(decisions[0].call);
  });

  it("keeps its mark when the webhook's first request was recorded after all (Twilio gave up on a slow answer)", () => {
    const { call } = play([...steps.incoming(OPEN), ...steps.recordedViaFallback(OPEN, 45)]);
    expect(call).toMatchObject({ open: true, line: LINE, viaFallback: true, disposition: 'fallback' });
  });

  it('a dial before the webhook failed keeps its disposition; the alerts still say fallback', () => {
    const { call, sent } = play([
      ...steps.incoming(OPEN),
      ...steps.declined(OPEN, 8),
      ...steps.recordedViaFallback(OPEN, 45),
    ]);
    expect(call).toMatchObject({ disposition: 'declined-by-user', viaFallback: true });
    expect(sent.at(-1)).toMatchObject({ kind: 'voicemail', viaFallback: true });
  });

  it('a recording status callback without the mark stays as before: no caller, no alert yet', () => {
    const { call, sent } = play(steps.recorded(OPEN, 45));
    expect(call?.viaFallback).toBeUndefined();
    expect(sent).toEqual([]);
  });
});

describe('alerts that carry what the agent needs', () => {
  it('a declined call: the missed-call alert at the decline, then the voicemail follow-up, each once', () => {
    const { call, sent, decisions } = play([
      ...steps.incoming(OPEN),
      ...steps.declined(OPEN, 8),
      ...steps.voicemailLeft(OPEN, 30),
      ...steps.recorded(OPEN, 35),
      ...steps.ended(OPEN, 31),
    ]);
    expect(kinds(decisions[1].notices)).toEqual(['missed-call']);
    expect(decisions[1].notices[0]).toMatchObject({
      disposition: 'declined-by-user',
      sipResponseCode: 603,
      ringSeconds: 8,
    });
    expect(kinds(sent)).toEqual(['missed-call', 'voicemail']);
    expect(new Set(sent.map((n) => n.idempotencyKey)).size).toBe(2);
    expect(call).toMatchObject({ disposition: 'declined-by-user', outcome: 'voicemail', agentId: 'alice' });
  });

  it('a transcription, when enabled, is a third alert', () => {
    const transcribing = { ...config, voicemail: { ...config.voicemail, transcribe: true } };
    const { sent } = play(
      [
        ...steps.incoming(CLOSED),
        ...steps.voicemailLeft(CLOSED, 40),
        ...steps.recorded(CLOSED, 45),
        ...steps.transcribed(CLOSED, 90),
      ],
      transcribing,
    );
    expect(kinds(sent)).toEqual(['missed-call', 'voicemail', 'voicemail-transcript']);
    expect(sent[2].transcript).toBe('Please call me back about my appointment.');
  });

  it('a replayed event changes nothing and hands its alerts on again (the alerter drops repeats)', () => {
    const decline = steps.declined(OPEN, 8);
    const { decisions } = play([...steps.incoming(OPEN), ...decline, ...decline]);
    expect(decisions[2].changed).toBe(false);
    expect(decisions[2].call).toBe(decisions[1].call);
    expect(kinds(decisions[2].notices)).toEqual(['missed-call']);
  });

  it('no alert for an answered call, and the customer’s pending callback is canceled', () => {
    const { call, sent, decisions } = play([
      ...steps.incoming(OPEN),
      ...steps.answered(OPEN, 40),
      ...steps.ended(OPEN, 70),
    ]);
    expect(call).toMatchObject({ outcome: 'answered', disposition: 'answered', durationSeconds: 70 });
    expect(sent).toEqual([]);
    expect(decisions[1].cancelCallbackOf).toEqual({ customer: CALLER, exceptCallbackId: CALL_SID });
  });

  it('a busy agent with the hunt going on is not a missed call yet', () => {
    const twoAgents = { ...config, numbers: [{ ...config.numbers[0], huntList: ['alice', 'bob'] }] };
    const { sent } = play([...steps.incoming(OPEN), ...steps.busy(OPEN, 5, 0)], twoAgents);
    expect(sent).toEqual([]);
  });

  it('versions the record so the store writes only over what it read', () => {
    const { decisions } = play([...steps.incoming(CLOSED), ...steps.ended(CLOSED, 9)]);
    expect(decisions.map((d) => [d.seenVersion, d.call.version])).toEqual([
      [undefined, 1],
      [1, 2],
    ]);
  });
});
