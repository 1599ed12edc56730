import { core } from 'zod/mini';
import { missedCallAlert } from '../../lambdas/domain/alert-message';
import { parseConfig } from '../../lambdas/domain/config';
import type { MissedCallNotice } from '../../lambdas/domain/events';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson());
const notice: MissedCallNotice = {
  type: 'missed-call',
  version: 2,
  idempotencyKey: `missed-call:CA${'a'.repeat(32)}`,
  kind: 'missed-call',
  severity: 'warning',
  callSid: `CA${'a'.repeat(32)}`,
  from: '+15005550006',
  to: '+442071234567',
  agentId: 'alice',
  disposition: 'declined-by-user',
  sipResponseCode: 603,
  ringSeconds: 8,
  voicemailUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
  callback: { state: 'pending', dueAt: '2027-01-12T09:00:00.000Z' },
  occurredAt: '2027-07-01T16:05:00.000Z',
};

describe('missed-call alert', () => {
  const alert = missedCallAlert(notice, config);
  const forms = JSON.parse(alert.message);

  it('carries the attributes subscriptions filter on', () => {
    expect(alert.attributes).toEqual({
      agentId: 'alice',
      disposition: 'declined-by-user',
      severity: 'warning',
      kind: 'missed-call',
    });
  });

  it('gives SMS one segment with a one-tap number', () => {
    expect(forms.sms.length).toBeLessThanOrEqual(160);
    expect(forms.sms).toContain('tel:+15005550006');
  });

  it('gives email the full story in the business timezone (BST in July)', () => {
    expect(forms.email).toContain('Missed call for Alice Moreau from +15005550006');
    expect(forms.email).toContain('1 Jul 2027, 17:05 (Europe/London)');
    expect(forms.email).toContain('declined by the agent (SIP 603)');
    expect(forms.email).toContain('Voicemail: https://api.twilio.com/');
    expect(forms.email).toContain('Caller: +15005550006');
    expect(forms.email).toContain('Callback: pending, due 12 Jan 2027, 09:00');
    expect(forms.default).toBe(forms.email);
  });

  it('gives HTTPS and Lambda subscribers JSON', () => {
    expect(JSON.parse(forms.https)).toMatchObject({
      callSid: notice.callSid,
      agentName: 'Alice Moreau',
      callBack: 'tel:+15005550006',
    });
    expect(forms.lambda).toBe(forms.https);
  });

  it.each([
    ['a missing caller', { from: undefined }, 'from'],
    ['an empty caller', { from: '' }, 'from'],
    ['the text of a missing value', { from: 'undefined' }, 'from'],
    ['a missing called number', { to: undefined }, 'to'],
    ['a missing agent', { agentId: undefined }, 'agentId'],
  ])('refuses a notice with %s (a schema error, never rendered)', (_name, change, field) => {
    const broken = { ...notice, ...change } as unknown as MissedCallNotice;
    expect(() => missedCallAlert(broken, config)).toThrow(core.$ZodError);
    expect(() => missedCallAlert(broken, config)).toThrow(field);
  });

  it('follows up with the recording link, and then the transcript', () => {
    const voicemail = missedCallAlert(
      { ...notice, kind: 'voicemail', idempotencyKey: 'x', voicemailSeconds: 12 },
      config,
    );
    const voicemailForms = JSON.parse(voicemail.message);
    expect(voicemail.subject).toBe('Voicemail for Alice Moreau from +15005550006');
    expect(voicemailForms.sms).toContain('Voicemail +15005550006');
    expect(voicemailForms.sms).toContain('(12 s): https://api.twilio.com/');
    // A real recording URL: the link is never cut, even where the one-tap number has to go.
    const realUrl = `https://api.twilio.com/2010-04-01/Accounts/AC${'1'.repeat(32)}/Recordings/RE${'2'.repeat(32)}`;
    const long = JSON.parse(
      missedCallAlert({ ...notice, kind: 'voicemail', voicemailUrl: realUrl, voicemailSeconds: 120 }, config)
        .message,
    );
    expect(long.sms).toBe(`Voicemail +15005550006 (120 s): ${realUrl}`);
    const transcript = missedCallAlert(
      { ...notice, kind: 'voicemail-transcript', transcript: 'Call me back' },
      config,
    );
    expect(JSON.parse(transcript.message).email).toContain('Transcript: "Call me back"');
  });
});

describe('an alert for a message the fallback took', () => {
  const fallback: MissedCallNotice = {
    ...notice,
    kind: 'voicemail',
    idempotencyKey: `voicemail:CA${'a'.repeat(32)}`,
    disposition: 'fallback',
    severity: 'critical',
    viaFallback: true,
    sipResponseCode: undefined,
    ringSeconds: undefined,
    callback: undefined,
  };
  const forms = JSON.parse(missedCallAlert(fallback, config).message);

  it('says in every form that Redial failed and the fallback took the message', () => {
    expect(forms.email).toContain(
      "What happened: Redial could not answer the call, so the caller reached the fallback's voicemail",
    );
    expect(forms.email).toContain(
      "Fallback: Redial's webhook failed; the number's fallback took the message",
    );
    expect(JSON.parse(forms.https)).toMatchObject({ viaFallback: true, disposition: 'fallback' });
    expect(forms.sms).toContain('Voicemail +15005550006');
  });
});
