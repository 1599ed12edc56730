import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Agent, Prompt } from './config';

/** TwiML documents Redial answers with. Every <Dial>, <Gather> and <Record> has an action. */

type SayAttributes = VoiceResponse.SayAttributes;

/**
 * Characters XML 1.0 cannot carry: C0 controls but tab, LF and CR; U+FFFE and U+FFFF; lone
 * surrogates. The builder throws on them (a 5xx, and Twilio's application error for the caller).
 */
export const NOT_XML_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOT_XML_CHARACTERS = new RegExp(NOT_XML_CHARACTER.source, 'g');

/**
 * A value that may have come with a request (a callback's reason, its customer, the leg's From)
 * without what XML cannot carry: the builder throws on it in text and writes it unchecked into
 * attributes, making a document Twilio cannot parse.
 */
const xmlSafe = (value: string) => value.replace(NOT_XML_CHARACTERS, '');

function say(target: { say: VoiceResponse['say'] }, prompt: Prompt, text = prompt.text): void {
  target.say({ voice: prompt.voice, language: prompt.language } as SayAttributes, xmlSafe(text));
}

export interface DialAgentOptions {
  readonly agent: Agent;
  readonly timeoutSeconds: number;
  readonly actionUrl: string;
  /** The leg's end (its status, SIP code and duration), logged for tracing. */
  readonly statusCallbackUrl: string;
  readonly callerId?: string;
  readonly greeting?: Prompt;
}

export const isSipTarget = (target: string) => /^sips?:/.test(target);

export function dialAgentTwiml(options: DialAgentOptions): string {
  const response = new VoiceResponse();
  if (options.greeting) say(response, options.greeting);
  const dial = response.dial({
    action: options.actionUrl,
    method: 'POST',
    timeout: options.timeoutSeconds,
    answerOnBridge: true,
    ...(options.callerId ? { callerId: options.callerId } : {}),
  });
  const progress: VoiceResponse.SipAttributes & VoiceResponse.NumberAttributes = {
    statusCallback: options.statusCallbackUrl,
    statusCallbackMethod: 'POST',
    // Only the leg's end: its initiated, ringing and answered reports were logged and nothing
    // more, yet made three of a declined call's nine requests (docs/PERFORMANCE.md).
    statusCallbackEvent: ['completed'],
  };
  if (isSipTarget(options.agent.dial)) dial.sip(progress, options.agent.dial);
  else dial.number(progress, options.agent.dial);
  return response.toString();
}

export interface VoicemailOptions {
  readonly prompt: Prompt;
  readonly actionUrl: string;
  readonly recordingStatusUrl: string;
  readonly maxLengthSeconds: number;
  /** Set to have Twilio transcribe the message and post the text here. */
  readonly transcriptionUrl?: string;
}

function appendVoicemail(response: VoiceResponse, options: VoicemailOptions): void {
  say(response, options.prompt);
  response.record({
    action: options.actionUrl,
    method: 'POST',
    maxLength: options.maxLengthSeconds,
    playBeep: true,
    finishOnKey: '#',
    recordingStatusCallback: options.recordingStatusUrl,
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed', 'absent'],
    ...(options.transcriptionUrl ? { transcribe: true, transcribeCallback: options.transcriptionUrl } : {}),
  });
}

/** The voicemail prompt and `<Record>`, after `preamble` when given (the fallback's apology). */
export function voicemailTwiml(options: VoicemailOptions, preamble?: Prompt): string {
  const response = new VoiceResponse();
  if (preamble) say(response, preamble);
  appendVoicemail(response, options);
  return response.toString();
}

export interface CallbackOfferOptions {
  /** Said first, e.g. the closed message. */
  readonly preamble?: Prompt;
  readonly offer: Prompt;
  readonly choiceUrl: string;
  /** Silence at the offer falls through to this voicemail. */
  readonly voicemail: VoicemailOptions;
}

/** "Press 1 for a callback"; anything else is handled by the action, silence falls to voicemail. */
export function callbackOfferTwiml(options: CallbackOfferOptions): string {
  const response = new VoiceResponse();
  if (options.preamble) say(response, options.preamble);
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: 1,
    timeout: 6,
    action: options.choiceUrl,
    method: 'POST',
  });
  say(gather, options.offer);
  appendVoicemail(response, options.voicemail);
  return response.toString();
}

export function sayAndHangUpTwiml(...prompts: Array<{ prompt: Prompt; text?: string }>): string {
  const response = new VoiceResponse();
  for (const { prompt, text } of prompts) say(response, prompt, text);
  response.hangup();
  return response.toString();
}

/** The answer to a status callback: Twilio ignores its content. */
export function emptyTwiml(): string {
  return new VoiceResponse().toString();
}

export interface CallbackBriefingOptions {
  readonly prompt: Prompt;
  /** The prompt's text with the customer, time and reason filled in. */
  readonly text: string;
  readonly acceptUrl: string;
}

/**
 * What an agent hears when a callback rings them; 1 accepts. With no key pressed the call goes
 * to the same action, which hears it as a refusal, so the attempt ends at once.
 */
export function callbackBriefingTwiml(options: CallbackBriefingOptions): string {
  const response = new VoiceResponse();
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: 1,
    timeout: 8,
    action: options.acceptUrl,
    method: 'POST',
  });
  say(gather, options.prompt, options.text);
  response.redirect({ method: 'POST' }, options.acceptUrl);
  return response.toString();
}

export interface DialCustomerOptions {
  readonly customer: string;
  /** The business's number, so the customer sees who is calling back. */
  readonly callerId?: string;
  readonly actionUrl: string;
}

/** The callback's customer leg: its <Dial action> reports how the attempt ended. */
export function dialCustomerTwiml(options: DialCustomerOptions): string {
  const response = new VoiceResponse();
  const dial = response.dial({
    action: options.actionUrl,
    method: 'POST',
    timeout: 30,
    ...(options.callerId ? { callerId: xmlSafe(options.callerId) } : {}),
  });
  dial.number(xmlSafe(options.customer));
  return response.toString();
}
