import { simulateCall } from '../../tools/twilio-emulator';
import type { CallOptions } from '../../tools/twilio-emulator/options';
import { callTableReader } from '../support/call-table-reader';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

const CONFIG = ALWAYS_OPEN_CONFIG;
const SINGLE_SIP_AGENT = '+15550000001';
const SINGLE_NUMBER_AGENT = '+15550000002';
const HUNT_OF_TWO = '+15550000003';

/** The verbs of the TwiML Redial answered the dial action with. */
function verbsAfterDial(transcript: Awaited<ReturnType<typeof simulateCall>>): string[] {
  const step = transcript.steps.find((candidate) => candidate.request.url.includes('/voice/dial-status'));
  return (step?.verbs ?? []).map((verb) => verb.name);
}

/** Every row of the classification table, played by the simulator on the local stack. */
describe('call handling on the local stack', () => {
  let stack: LocalStackProcess;
  let table: ReturnType<typeof callTableReader>;

  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', CONFIG]);
    table = callTableReader(stack.info);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (options: Partial<CallOptions>) =>
    simulateCall({
      baseUrl: stack.info.apiBaseUrl,
      authToken: stack.info.twilio.authToken,
      to: SINGLE_SIP_AGENT,
      ringSeconds: 0.2,
      ...options,
    });

  const storedSummary = async (callSid: string, wanted: (item: Record<string, any>) => boolean) => {
    const items = await table.waitForCall(callSid, (found) =>
      found.some((item) => item.sk === 'CALL' && wanted(item)),
    );
    return { summary: items.find((item) => item.sk === 'CALL') as Record<string, any>, items };
  };

  it.each([
    ['answered', { agent: 'answer' }, 'answered', ['Hangup']],
    [
      'a person declines after ringing',
      { agent: 'decline', ringSeconds: 1.5 },
      'declined-by-user',
      ['Say', 'Record'],
    ],
    ['a PBX rule declines at once', { agent: 'decline' }, 'declined-by-policy', ['Gather', 'Say', 'Record']],
    [
      'the decline header names a rule',
      { agent: 'decline', ringSeconds: 1.5, sipHeaders: { 'X-Decline-Reason': 'after-hours' } },
      'declined-by-policy',
      ['Gather', 'Say', 'Record'],
    ],
    [
      'the decline header names a person',
      { agent: 'decline', sipHeaders: { 'X-Decline-Reason': 'user' } },
      'declined-by-user',
      ['Say', 'Record'],
    ],
    ['SIP 486 busy', { agent: 'busy' }, 'busy', ['Gather', 'Say', 'Record']],
    ['SIP 600 busy everywhere', { agent: 'busy', sipCode: 600 }, 'busy', ['Gather', 'Say', 'Record']],
    ['SIP 480 unavailable', { agent: 'unavailable' }, 'unavailable', ['Gather', 'Say', 'Record']],
    ['SIP 408 timeout', { agent: 'unavailable', sipCode: 408 }, 'unavailable', ['Gather', 'Say', 'Record']],
    ['SIP 503 failure', { agent: 'fail' }, 'failed', ['Say', 'Record']],
    [
      'the caller hangs up first',
      { agent: 'no-answer', ringSeconds: 3, callerHangupAfter: 0.5 },
      'abandoned',
      ['Hangup'],
    ],
    [
      'busy on a <Number> leg',
      { agent: 'busy', to: SINGLE_NUMBER_AGENT },
      'busy',
      ['Gather', 'Say', 'Record'],
    ],
    [
      'no answer on a <Number> leg',
      { agent: 'no-answer', ringSeconds: 0.2, to: SINGLE_NUMBER_AGENT },
      'unavailable',
      ['Gather', 'Say', 'Record'],
    ],
  ] as const)(
    '%s → %s',
    async (_name, options, disposition, verbs) => {
      const transcript = await call(options as Partial<CallOptions>);
      expect(verbsAfterDial(transcript)).toEqual(verbs);
      const { items } = await storedSummary(transcript.callSid, (item) => item.disposition === disposition);
      const leg = items.find((item) => item.sk === 'LEG#00');
      expect(leg?.disposition).toBe(disposition);
      if ((options as Partial<CallOptions>).to === SINGLE_NUMBER_AGENT)
        expect(leg?.sipResponseCode).toBeUndefined();
    },
    30_000,
  );

  it('hunts to the next agent when the first is busy, then offers a callback', async () => {
    const transcript = await call({ agent: 'busy', to: HUNT_OF_TWO });
    const dials = transcript.steps.filter((step) => step.request.url.includes('/voice/dial-status'));
    expect(dials.map((step) => new URL(step.request.url).searchParams.get('agent'))).toEqual([
      'alice',
      'bob',
    ]);
    const { items } = await storedSummary(transcript.callSid, (item) => item.latestPosition === 1);
    expect(items.filter((item) => item.sk.startsWith('LEG#')).map((item) => item.agentId)).toEqual([
      'alice',
      'bob',
    ]);
  }, 30_000);

  it('books a callback when the caller presses 1', async () => {
    const transcript = await call({ agent: 'busy', digits: ['1'] });
    const choice = transcript.steps.find((step) => step.request.url.includes('/voice/callback-choice'));
    expect(choice?.verbs.map((verb) => verb.name)).toEqual(['Say', 'Hangup']);
    const { summary } = await storedSummary(transcript.callSid, (item) => item.callbackRequest !== undefined);
    expect(summary.callbackRequest).toMatchObject({ reason: 'busy', agentId: 'alice' });
  }, 30_000);

  it('stores the voicemail and its transcription', async () => {
    const transcript = await call({ agent: 'decline', ringSeconds: 1.5, recordSeconds: 9 });
    const { summary } = await storedSummary(
      transcript.callSid,
      (item) => item.voicemail?.transcription !== undefined,
    );
    expect(summary.voicemail).toMatchObject({
      durationSeconds: 9,
      recordingUrl: expect.stringMatching(/^https:/),
      transcription: { status: 'completed', text: expect.stringMatching(/\S/) },
    });
  }, 30_000);
});
