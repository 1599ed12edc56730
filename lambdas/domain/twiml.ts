import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Agent, Prompt } from './config';

/** TwiML documents Redial answers with. Every <Dial> and <Record> has an action. */

type SayAttributes = VoiceResponse.SayAttributes;

function say(response: VoiceResponse, prompt: Prompt): void {
  response.say({ voice: prompt.voice, language: prompt.language } as SayAttributes, prompt.text);
}

export interface DialAgentOptions {
  readonly agent: Agent;
  readonly timeoutSeconds: number;
  readonly actionUrl: string;
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
  if (isSipTarget(options.agent.dial)) dial.sip(options.agent.dial);
  else dial.number(options.agent.dial);
  return response.toString();
}

export interface VoicemailOptions {
  readonly prompt: Prompt;
  readonly actionUrl: string;
  readonly maxLengthSeconds?: number;
}

export function voicemailTwiml(options: VoicemailOptions): string {
  const response = new VoiceResponse();
  say(response, options.prompt);
  response.record({
    action: options.actionUrl,
    method: 'POST',
    maxLength: options.maxLengthSeconds ?? 120,
    playBeep: true,
    finishOnKey: '#',
  });
  return response.toString();
}

export function sayAndHangUpTwiml(prompt?: Prompt): string {
  const response = new VoiceResponse();
  if (prompt) say(response, prompt);
  response.hangup();
  return response.toString();
}
