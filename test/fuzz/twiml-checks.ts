import { NOT_XML_CHARACTER as NOT_XML } from '../../lambdas/domain/twiml';
import { readTwiml, type TwimlVerb } from '../../tools/twilio-emulator/twiml-reader';
import { PUBLIC_BASE_URL } from '../support/webhook-in-process';

/** Every element Redial's TwiML builders write (lambdas/domain/twiml.ts). */
const REDIAL_ELEMENTS = new Set(['Say', 'Dial', 'Sip', 'Number', 'Gather', 'Record', 'Hangup', 'Redirect']);
/** Attributes whose value Twilio requests: each must be Redial's own URL. */
const URL_ATTRIBUTES = ['action', 'url', 'statusCallback', 'recordingStatusCallback', 'transcribeCallback'];

/** What is wrong with an answer as TwiML Twilio would run safely; empty when nothing is. */
export function twimlProblems(xml: string): string[] {
  if (NOT_XML.test(xml)) return [`a character XML forbids: ${JSON.stringify(xml.match(NOT_XML)?.[0])}`];
  let verbs: TwimlVerb[];
  try {
    verbs = readTwiml(xml);
  } catch (error) {
    return [(error as Error).message];
  }
  return verbs.flatMap(function problems(verb): string[] {
    const own = [
      ...(REDIAL_ELEMENTS.has(verb.name) ? [] : [`<${verb.name}> is no element of Redial's`]),
      ...[
        ...URL_ATTRIBUTES.map((name) => verb.attributes[name]),
        verb.name === 'Redirect' ? verb.text : undefined,
      ]
        .filter((url): url is string => url !== undefined && !url.startsWith(`${PUBLIC_BASE_URL}/voice/`))
        .map((url) => `<${verb.name}> sends Twilio to ${JSON.stringify(url)}`),
    ];
    return [...own, ...verb.children.flatMap(problems)];
  });
}
