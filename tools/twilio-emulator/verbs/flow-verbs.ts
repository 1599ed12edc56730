import { methodAttribute, resolveUrl, stopUnsupported, type VerbHandler } from './verb-context';

/** `<Redirect>` (twilio.com/docs/voice/twiml/redirect): the call goes on with the TwiML at its URL. */
export const redirect: VerbHandler = async (verb, context) => {
  if (verb.text === '') return stopUnsupported(context, 'A <Redirect> without a URL');
  const url = resolveUrl(context, verb.text);
  context.event(`Twilio follows the <Redirect> to ${url}`);
  const document = await context.fetchDocument('redirect', {
    method: methodAttribute(verb),
    url,
    params: context.callParams(),
  });
  return { next: 'document', document };
};

export const hangup: VerbHandler = async (_verb, context) => {
  context.event('Twilio hangs up');
  return {
    next: 'end',
    outcome: { status: 'completed', detail: 'Twilio hung up (<Hangup>)', callStatus: 'completed' },
  };
};

/**
 * `<Reject>` (twilio.com/docs/voice/twiml/reject): the call is never answered and ends as `busy`
 * or, for the default reason `rejected`, as `no-answer`.
 */
export const reject: VerbHandler = async (verb, context) => {
  const busy = verb.attributes.reason === 'busy';
  context.event(
    `Twilio rejects the call: the ${context.parties.onCall.toLowerCase()} hears ${busy ? 'a busy tone' : 'a not-in-service message'}`,
  );
  return {
    next: 'end',
    outcome: {
      status: 'rejected',
      detail: `Twilio rejected the call (<Reject reason="${busy ? 'busy' : 'rejected'}">)`,
      callStatus: busy ? 'busy' : 'no-answer',
    },
  };
};
