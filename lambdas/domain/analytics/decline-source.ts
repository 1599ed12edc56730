import { classifyDialOutcome, type DeclineSettings } from '../dial-outcome';

/**
 * Where an account's 603 came from, read from Twilio's own records rather than from a call that
 * passed through Redial (issue 13, `redial diagnose`): the number's own TwiML (a `<Reject>`), a
 * person pressing decline, or the PBX's rules. The person/rule split is Redial's live
 * classification (dial-outcome.ts), applied to the dialled leg as Twilio recorded it, so the two
 * can never disagree about the same ring time, SIP code and header.
 */
export type DeclineSource = 'your-twiml' | 'person' | 'pbx-rule' | 'not-a-decline' | 'unknown';

/** The dialled leg (the `<Dial>`'s child call) as Twilio's records describe it. */
export interface DialledLeg {
  /** What was dialled: `sip:…`, a number or a client. */
  readonly endpoint: string;
  /** The child call's status (`busy` for a 603, `no-answer`, `completed`…). */
  readonly status: string;
  /** The last SIP response, from the Insights summary or the alert; absent on a non-SIP leg. */
  readonly sipResponseCode?: number;
  /** Seconds from the leg's start to its end (an unanswered leg's whole life is ringing). */
  readonly ringSeconds: number;
  /** X- headers of the final response, where the records carry them. */
  readonly sipHeaders?: Readonly<Record<string, string>>;
  /** Who ended the leg, from its Insights summary (`callee`, `caller`, `unknown`). */
  readonly disconnectedBy?: string;
  /** Post-dial delay from the Insights summary: from the dial to the first ring. */
  readonly postDialDelayMs?: number;
}

/** The first `<Reject>` in the TwiML the number's voice URL answers. */
export interface TwimlReject {
  readonly url: string;
  readonly line: number;
}

export interface DeclineEvidence {
  readonly leg?: DialledLeg;
  readonly reject?: TwimlReject;
  /** Why the number's TwiML could not be audited, when it could not: then "no `<Reject>`" is unknown too. */
  readonly twimlUnread?: string;
}

export interface SourceFinding {
  readonly source: DeclineSource;
  /** The rule that decided, in words (the live table's own rule for a dialled leg). */
  readonly rule: string;
  /** What the finding rests on: ring time, SIP code, header, TwiML line. */
  readonly evidence: readonly string[];
}

function legEvidence(leg: DialledLeg): string[] {
  const headers = Object.entries(leg.sipHeaders ?? {}).map(([name, value]) => `${name}: ${value}`);
  return [
    `dialled ${leg.endpoint}`,
    leg.sipResponseCode === undefined ? `leg ${leg.status}, no SIP code` : `SIP ${leg.sipResponseCode}`,
    `rang ${leg.ringSeconds} s`,
    ...(leg.postDialDelayMs === undefined ? [] : [`post-dial delay ${leg.postDialDelayMs} ms`]),
    ...(leg.disconnectedBy === undefined ? [] : [`disconnected by the ${leg.disconnectedBy}`]),
    ...headers,
  ];
}

function fromLeg(leg: DialledLeg, settings: DeclineSettings): SourceFinding {
  const { disposition, rule } = classifyDialOutcome(
    {
      dialCallStatus: leg.status,
      sipResponseCode: leg.sipResponseCode,
      ringSeconds: leg.ringSeconds,
      sipHeaders: leg.sipHeaders ?? {},
    },
    settings,
  );
  const source: DeclineSource =
    disposition === 'declined-by-user'
      ? 'person'
      : disposition === 'declined-by-policy'
        ? 'pbx-rule'
        : 'not-a-decline';
  return { source, rule, evidence: legEvidence(leg) };
}

/**
 * A dialled leg decides (a `<Reject>` elsewhere in the TwiML did not end this call); without one,
 * a `<Reject>` in the number's TwiML is the source; with neither, the records cannot say.
 */
export function classifyDeclineSource(evidence: DeclineEvidence, settings: DeclineSettings): SourceFinding {
  if (evidence.leg) return fromLeg(evidence.leg, settings);
  if (evidence.reject) {
    const { url, line } = evidence.reject;
    return {
      source: 'your-twiml',
      rule: "no dialled leg, and the number's TwiML rejects",
      evidence: [`<Reject> on line ${line} of ${url}`],
    };
  }
  if (evidence.twimlUnread)
    return {
      source: 'unknown',
      rule: "no dialled leg, and the number's TwiML could not be read",
      evidence: [`no child call, and the voice URL's TwiML could not be read: ${evidence.twimlUnread}`],
    };
  return {
    source: 'unknown',
    rule: "no dialled leg, and no <Reject> in the number's TwiML",
    evidence: ['no child call, and the voice URL answered no <Reject>'],
  };
}
