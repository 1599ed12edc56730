import { join } from 'node:path';
import { LOCAL_STATE_FILE, LocalStateError, readLocalState } from '../local-stack/state-file';

/** The defaults the local stack offers; every field is absent when it never ran here. */
export interface LocalStackDefaults {
  apiBaseUrl?: string;
  authToken?: string;
  accountSid?: string;
  /** The first Twilio number the stack answers. */
  firstNumber?: string;
  /** The stack's stand-in for https://api.twilio.com, which plays Redial's outbound calls. */
  twilioApiBaseUrl?: string;
  /** Why the local stack's file could not be used (e.g. written by an older version): said only when a default is needed. */
  unreadable?: string;
}

/**
 * The local stack's state file under `cwd`: no file gives no defaults; a broken or stale one gives
 * none either, and the reason, so that a call whose options say everything still runs.
 */
export function readLocalStackDefaults(cwd: string = process.cwd()): LocalStackDefaults {
  let state: ReturnType<typeof readLocalState>;
  try {
    state = readLocalState(join(cwd, LOCAL_STATE_FILE));
  } catch (error) {
    if (error instanceof LocalStateError) return { unreadable: error.message };
    throw error;
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
