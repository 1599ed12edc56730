import { join } from 'node:path';
import { LOCAL_STATE_FILE, LocalStateError, readLocalState } from '../local-stack/state-file';
import { LocalStackError } from './errors';

/** The defaults the local stack offers; every field is absent when it never ran here. */
export interface LocalStackDefaults {
  apiBaseUrl?: string;
  authToken?: string;
  accountSid?: string;
  /** The first Twilio number the stack answers. */
  firstNumber?: string;
  /** The stack's stand-in for https://api.twilio.com, which plays Redial's outbound calls. */
  twilioApiBaseUrl?: string;
}

/** The local stack's state file under `cwd`: no file gives no defaults, a broken one an error. */
export function readLocalStackDefaults(cwd: string = process.cwd()): LocalStackDefaults {
  let state: ReturnType<typeof readLocalState>;
  try {
    state = readLocalState(join(cwd, LOCAL_STATE_FILE));
  } catch (error) {
    throw error instanceof LocalStateError ? new LocalStackError(error.message) : error;
  }
  if (!state) return {};
  return {
    apiBaseUrl: state.apiBaseUrl,
    authToken: state.twilio.authToken,
    accountSid: state.twilio.accountSid,
    firstNumber: state.numbers[0],
    twilioApiBaseUrl: state.twilio.apiBaseUrl,
  };
}
