import { diagnoseDeclines } from '../../lambdas/domain/analytics/decline-diagnosis';
import { classifyDeclineSource, type DeclineSource } from '../../lambdas/domain/analytics/decline-source';
import type { DeclineSettings } from '../../lambdas/domain/dial-outcome';
import { readDeclinedCalls } from '../../tools/cli/account-declines';
import { auditTwiml } from '../../tools/cli/twiml-audit';
import { type AccountHistoryEmulator, startAccountHistoryEmulator } from '../../tools/twilio-emulator';
import { localTwilioClient } from '../../tools/twilio-emulator/local-twilio-client';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  NOW,
  type SeededHistory,
  seededAccountHistory,
} from '../twilio-emulator/account-history-fixtures';

const SETTINGS: DeclineSettings = {
  humanRingThresholdSeconds: 3,
  userDeclineValues: [],
  policyDeclineValues: [],
};
const WEEK = { since: new Date(NOW.getTime() - 7 * 86_400_000), until: NOW };
/** The fixture's names for the sources. */
const FIXTURE_SOURCE: Record<string, DeclineSource> = {
  person: 'person',
  'pbx-rule': 'pbx-rule',
  'twiml-reject': 'your-twiml',
};

/** The first `<Reject>` in the TwiML each number's voice URL answers (the fixture's documents). */
function rejectsByNumber(seeded: SeededHistory) {
  return new Map(
    seeded.history.numbers.flatMap((number) => {
      const path = new URL(number.voiceUrl ?? '').pathname;
      const reject = auditTwiml(seeded.twiml[path], number.voiceUrl ?? '').find((f) => f.kind === 'reject');
      return reject ? [[number.phoneNumber, { url: number.voiceUrl ?? '', line: reject.line }] as const] : [];
    }),
  );
}

async function classified(insightsEnabled: boolean) {
  const seeded = seededAccountHistory({ insightsEnabled });
  const emulator: AccountHistoryEmulator = await startAccountHistoryEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    history: seeded.history,
  });
  try {
    const calls = await readDeclinedCalls(localTwilioClient(emulator.url, ACCOUNT_SID, AUTH_TOKEN), WEEK);
    const rejects = rejectsByNumber(seeded);
    const findings = calls.map((call) => ({
      call,
      finding: classifyDeclineSource({ leg: call.legs.at(-1), reject: rejects.get(call.number) }, SETTINGS),
    }));
    return { seeded, findings };
  } finally {
    await emulator.stop();
  }
}

describe("an account's declined calls, read from Twilio's records and classified", () => {
  it.each([true, false])(
    'gives every seeded call its known source (Insights enabled: %p)',
    async (insights) => {
      const { seeded, findings } = await classified(insights);
      const got = Object.fromEntries(findings.map(({ call, finding }) => [call.callSid, finding.source]));
      const want = Object.fromEntries(
        seeded.expected.map((call) => [call.callSid, FIXTURE_SOURCE[call.source]]),
      );
      expect(got).toEqual(want);
    },
  );

  it('rests each finding on its evidence: the ring time of a person’s decline, the TwiML line of a <Reject>', async () => {
    const { seeded, findings } = await classified(true);
    const person = seeded.expected.find((call) => call.source === 'person');
    const personFinding = findings.find(({ call }) => call.callSid === person?.callSid)?.finding;
    expect(personFinding?.evidence).toEqual(
      expect.arrayContaining(['SIP 603', `rang ${person?.ringSeconds} s`]),
    );
    const rejected = findings.find(({ finding }) => finding.source === 'your-twiml')?.finding;
    expect(rejected?.evidence).toEqual(['<Reject> on line 3 of https://voice.example.com/voice/support']);
  });

  it('says when the account has no Voice Insights, and still classifies from the alerts', async () => {
    const { findings } = await classified(false);
    const gaps = new Set(findings.flatMap(({ call }) => call.gaps));
    expect([...gaps]).toEqual(['Voice Insights is not enabled on this account (error 17000)']);
  });
});

describe('the diagnosis of the seeded account', () => {
  async function diagnosis() {
    const { seeded, findings } = await classified(true);
    const calls = findings.map(({ call, finding }) => ({
      callSid: call.callSid,
      at: call.at,
      number: call.number,
      endpoint: call.legs.at(-1)?.endpoint,
      finding,
    }));
    const numbers = seeded.history.numbers.map((number) => {
      const url = number.voiceUrl ?? '';
      const audit = auditTwiml(seeded.twiml[new URL(url).pathname], url);
      const lines = (kind: string) => audit.filter((finding) => finding.kind === kind).map((f) => f.line);
      return {
        number: number.phoneNumber,
        voiceUrl: url,
        fallbackUrl: number.voiceFallbackUrl ?? undefined,
        rejectLines: lines('reject'),
        dialWithoutActionLines: lines('dial-without-action'),
      };
    });
    return diagnoseDeclines(calls, numbers, 'UTC');
  }

  it('counts each source', async () => {
    expect((await diagnosis()).bySource).toEqual({
      person: 4,
      'pbx-rule': 7,
      'your-twiml': 2,
      'not-a-decline': 0,
      unknown: 0,
    });
  });

  it('names the after-hours rule with its hours and days, and the person’s declines apart', async () => {
    const { patterns } = await diagnosis();
    expect(patterns.map((found) => found.description)).toEqual([
      "sip:frontdesk@pbx.example.com: 5 calls declined by the PBX's rules, Tue, Thu–Sun, 19:00–23:00 (UTC)",
      'sip:alice@pbx.example.com: 4 calls declined by a person, Mon–Wed, Fri, 10:00–16:00 (UTC)',
      "+15550100002: 2 calls rejected by the number's own TwiML, Tue, Thu, 09:00–14:00 (UTC)",
      "sip:sales@pbx.example.com: 2 calls declined by the PBX's rules, Mon, Wed, 21:00–23:00 (UTC)",
    ]);
  });

  it('recommends each change once, with its evidence', async () => {
    const { recommendations } = await diagnosis();
    expect(recommendations.map((found) => [found.kind, found.evidence])).toEqual([
      [
        'route-after-hours-in-twiml',
        [expect.stringContaining('sip:frontdesk'), expect.stringContaining('sip:sales')],
      ],
      ['pbx-480-not-603', [expect.stringContaining('sip:frontdesk'), expect.stringContaining('sip:sales')]],
      ['review-reject', ['+15550100002: 2 calls rejected by its own TwiML']],
      ['add-dial-action', ['+15550100002: <Dial> without action on line 4']],
      ['add-dial-action', ['+15550100003: <Dial> without action on line 3']],
      ['set-fallback-url', ['+15550100003: no voice fallback URL']],
    ]);
    expect(recommendations.find((found) => found.kind === 'review-reject')?.text).toContain(
      'line 3 of https://voice.example.com/voice/support',
    );
  });
});
