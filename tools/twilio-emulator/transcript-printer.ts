import type { FormParams } from './signed-webhook-client';
import type { CallTranscript, TranscriptListener, TranscriptStep } from './transcript';
import type { TwimlVerb } from './twiml-reader';

/** Parameters that are the same in every request of a call, left out of the printed lines. */
const ROUTINE_PARAMS = new Set([
  'AccountSid',
  'ApiVersion',
  'CallSid',
  'Called',
  'Caller',
  'Direction',
  'From',
  'To',
  'ParentCallSid',
  'CallbackSource',
  'Timestamp',
]);

const EVENT_INDENT = ' '.repeat(12);

/** Prints the conversation line by line as it happens, with the seconds since the call started. */
export function createTranscriptPrinter(
  write: (line: string) => void,
  clock: () => number = Date.now,
): TranscriptListener {
  const start = clock();
  let origin = '';
  const elapsed = () => `[${((clock() - start) / 1000).toFixed(1).padStart(5)} s]`;
  return {
    onCallStart({ callSid, from, to, url }) {
      origin = new URL(url).origin;
      write(`Call ${callSid} from ${from} to ${to}`);
    },
    onStep(step) {
      const { request, params, answer } = formatStep(step, origin);
      write(`${elapsed()} ${request}`);
      if (params) write(`${EVENT_INDENT}${params}`);
      write(`${EVENT_INDENT}${answer}`);
    },
    onEvent(text) {
      write(`${EVENT_INDENT}${text}`);
    },
  };
}

/** One line on how the call ended, e.g. "Call completed: Twilio hung up (<Hangup>), after 3 webhooks". */
export function formatOutcome({ outcome, steps }: CallTranscript): string {
  const webhooks = `${steps.length} webhook${steps.length === 1 ? '' : 's'}`;
  switch (outcome.status) {
    case 'completed':
      return `Call completed: ${outcome.detail}, after ${webhooks}`;
    case 'rejected':
      return `Call rejected: ${outcome.detail}, after ${webhooks}`;
    case 'unsupported':
      return `Simulation stopped: ${outcome.detail}, after ${webhooks}`;
    case 'error':
      return `Call failed: ${outcome.detail}`;
  }
}

/** A webhook in words: what was requested, the parameters that vary, and the answer. */
export function formatStep(
  step: TranscriptStep,
  origin: string,
): { request: string; params: string; answer: string } {
  return {
    request: `${step.label}: ${step.request.method} ${shortUrl(step.request.url, origin)}`,
    params: formatParams(step.request.params),
    // Status 0: no HTTP answer at all (no connection, or none within Twilio's 15 s).
    answer: step.status === 0 ? '← no answer' : `← ${step.status}${formatVerbs(step)}`,
  };
}

function shortUrl(url: string, origin: string): string {
  return origin && url.startsWith(`${origin}/`) ? url.slice(origin.length) : url;
}

function formatParams(params: FormParams): string {
  return Object.entries(params)
    .filter(([name]) => !ROUTINE_PARAMS.has(name))
    .map(([name, value]) => `${name}=${/^[^\s"]+$/.test(value) ? value : JSON.stringify(value)}`)
    .join(' ');
}

function formatVerbs(step: TranscriptStep): string {
  if (step.kind === 'callback' || step.status !== 200) return '';
  return step.verbs.length === 0 ? ' (empty <Response>)' : ` ${step.verbs.map(formatVerb).join(' ')}`;
}

function formatVerb(verb: TwimlVerb): string {
  const nouns = verb.name === 'Dial' ? verb.children.map((noun) => `<${noun.name}>`).join('') : '';
  return `<${verb.name}>${nouns}`;
}
