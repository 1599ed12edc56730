import { LOCAL_STATE_FILE } from '../local-stack/state-file';
import { type CallbackScript, CallbackScriptError, checkCallbackScript } from './callback-script';
import { LocalStackError, OptionsError } from './errors';

/** How Redial's callbacks for the call go: a script for the local stack's Twilio emulator. */
export interface CallbackPlan {
  script: CallbackScript;
  /** The emulator's base URL, from `twilio.apiBaseUrl` in the local stack's file. */
  emulatorUrl: string;
}

/** The --callback-* options as commander gives them. */
export interface CallbackFlags {
  callbackAgent?: string;
  callbackCustomer?: string;
  callbackDigits?: string;
}

/** The option of each field of a script. */
const FLAG_OF_FIELD: Record<string, string> = {
  agent: '--callback-agent',
  customer: '--callback-customer',
  digits: '--callback-digits',
};

const NO_EMULATOR = `no local stack here: --callback-* scripts the callbacks its Twilio emulator plays, but there is no ${LOCAL_STATE_FILE} (start the local stack with npm start)`;

/**
 * The callback script when any --callback-* option is given (comma-separated, one entry per
 * callback call; the agent and customer answer unless told otherwise). Only the local stack's
 * emulator can play it, so without one this throws a `LocalStackError`.
 */
export function callbackPlan(
  flags: CallbackFlags,
  emulatorUrl: string | undefined,
  /** Why the local stack's file could not be read, when it could not. */
  unreadable?: string,
): CallbackPlan | undefined {
  const [agent, customer, digits] = [flags.callbackAgent, flags.callbackCustomer, flags.callbackDigits].map(
    (flag) => flag?.split(','),
  );
  if (!agent && !customer && !digits) return undefined;
  const script = checkCallbackFlags({
    agent: agent ?? ['answer'],
    customer: customer ?? ['answer'],
    ...(digits && { digits }),
  });
  if (!emulatorUrl) throw new LocalStackError(unreadable ?? NO_EMULATOR);
  return { script, emulatorUrl };
}

/** Checks a script read from --callback-* options, naming the option rather than the field in what is wrong. */
export function checkCallbackFlags(script: Record<string, string[]>): CallbackScript {
  try {
    return checkCallbackScript(script);
  } catch (error) {
    if (!(error instanceof CallbackScriptError)) throw error;
    const [{ field, message }] = error.problems;
    const flag = FLAG_OF_FIELD[field.replace(/\[\d+\]$/, '')];
    throw new OptionsError(`${flag ?? field} ${message}`);
  }
}
