import { XMLValidator } from 'fast-xml-parser';

/**
 * Finds the TwiML that keeps a missed call from reaching Redial: a `<Reject>` (the call never rings
 * anyone) and a `<Dial>` without an `action` (the dial's outcome never reaches the app). XML parsers
 * drop source positions, so a small tag scanner walks the document instead, once fast-xml-parser has
 * vouched that it is well-formed.
 */

export type TwimlFinding = {
  source: string;
  /** 1-based position of the tag's `<`. */
  line: number;
  column: number;
  verb: 'Reject' | 'Dial';
  kind: 'reject' | 'dial-without-action';
  message: string;
};

/** The input is not a TwiML document: not well-formed XML, or its root is not one `<Response>`. */
export class TwimlSyntaxError extends Error {}

/** A start tag, with what the rules need to know about where it sits. */
interface Element {
  name: string;
  attributes: Record<string, string>;
  offset: number;
  parent?: string;
  /** The name of the parent's first child element, unless this element is that child. */
  firstSibling?: string;
}

type Verdict = Pick<TwimlFinding, 'verb' | 'kind' | 'message'>;

// Comments, CDATA, processing instructions and DOCTYPE are matched only so that the `<Dial>` in
// `<!-- <Dial> -->` is skipped: group 2 (the tag name) is set for real tags alone. Quoted attribute
// values may hold `>`, so they are matched whole.
const MARKUP =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Every `<Reject>`, and every `<Dial>` without an `action`, in one TwiML document. */
export function auditTwiml(xml: string, source: string): TwimlFinding[] {
  assertWellFormed(xml);
  const locate = locator(xml);
  const findings: TwimlFinding[] = [];
  for (const element of elements(xml)) {
    const verdict = RULES.get(element.name)?.(element);
    if (verdict) findings.push({ source, ...locate(element.offset), ...verdict });
  }
  return findings;
}

function assertWellFormed(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result === true) return;
  const { line, col, msg } = result.err;
  throw new TwimlSyntaxError(`not well-formed XML (line ${line}${col ? `, column ${col}` : ''}): ${msg}`);
}

/** Start tags in document order, each with its parent and first sibling; checks for one `<Response>` root. */
function* elements(xml: string): Generator<Element> {
  const open: { name: string; firstChild?: string }[] = [];
  let roots = 0;
  for (const match of xml.matchAll(MARKUP)) {
    const [, closing, name, attributes = '', selfClosing] = match;
    if (!name) continue;
    if (closing) {
      open.pop();
      continue;
    }
    const parent = open.at(-1);
    const firstSibling = parent?.firstChild;
    if (parent) parent.firstChild ??= name;
    else checkRoot(name, ++roots);
    yield {
      name,
      attributes: parseAttributes(attributes),
      offset: match.index,
      parent: parent?.name,
      firstSibling,
    };
    if (!selfClosing) open.push({ name });
  }
}

function checkRoot(name: string, count: number): void {
  if (count > 1) throw new TwimlSyntaxError(`not TwiML: a second root element <${name}> after <Response>`);
  if (name !== 'Response') {
    throw new TwimlSyntaxError(`not TwiML: the root element is <${name}>, not <Response>`);
  }
}

// Values are kept raw (entities undecoded): the rules only test `reason` against plain words and
// whether `action` is there at all.
function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, doubleQuoted, singleQuoted] of text.matchAll(ATTRIBUTE)) {
    attributes[name] = doubleQuoted ?? singleQuoted ?? '';
  }
  return attributes;
}

/** Maps an offset to a 1-based line and column, by binary search over the line starts. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (const match of text.matchAll(/\n/g)) lineStarts.push(match.index + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
}

// What the caller gets from a first-verb <Reject>, per reason. Sources:
// twilio.com/docs/voice/twiml/reject (call status busy or no-answer; busy signal or not-in-service
// message, "a preference ... determined by the caller's service provider") and
// twilio.com/docs/voice/api/sip-twiml (486 Busy, 404 Not Found).
const REJECT_OUTCOMES = new Map([
  [
    'busy',
    'the call ends busy; a SIP caller gets 486 Busy, a phone caller the busy signal Twilio asks their carrier to play',
  ],
  [
    'rejected',
    'the call ends no-answer; a SIP caller gets 404 Not Found, a phone caller the not-in-service message Twilio asks their carrier to play',
  ],
]);

function auditReject(element: Element): Verdict {
  const reason = element.attributes.reason?.trim();
  const tag =
    reason === undefined ? '<Reject> (reason "rejected", the default)' : `<Reject reason="${reason}">`;
  const outcome = REJECT_OUTCOMES.get(reason ?? 'rejected');
  return { verb: 'Reject', kind: 'reject', message: `${tag}: ${rejectEffect(element, outcome)}` };
}

function rejectEffect(element: Element, outcome: string | undefined): string {
  if (element.parent !== 'Response') {
    return `nested in <${element.parent}>, but Twilio accepts <Reject> only as the first verb of <Response>`;
  }
  if (element.firstSibling !== undefined) {
    return `not the first verb (<${element.firstSibling}> is), so Twilio answers (and bills) the call before it gets here; only a first <Reject> leaves a call unanswered`;
  }
  const unanswered = 'the first verb, so Twilio leaves the call unanswered';
  return outcome
    ? `${unanswered}: ${outcome}`
    : `${unanswered}, but "${element.attributes.reason}" is not a reason Twilio knows (rejected or busy)`;
}

// Without an action Twilio goes on to the next verb (or hangs up when there is none) whatever the
// dial's outcome, so the app never sees DialCallStatus (twilio.com/docs/voice/twiml/dial#action).
function auditDial(element: Element): Verdict | undefined {
  if (element.attributes.action?.trim()) return undefined;
  return {
    verb: 'Dial',
    kind: 'dial-without-action',
    message:
      '<Dial> without an action: Twilio goes on to the next verb (or hangs up) however the dial ended, so no DialCallStatus reaches the app and an unanswered or busy call cannot be sent to voicemail or a callback',
  };
}

// TwiML verb names are case-sensitive: <dial> is not <Dial>.
const RULES = new Map<string, (element: Element) => Verdict | undefined>([
  ['Reject', auditReject],
  ['Dial', auditDial],
]);
