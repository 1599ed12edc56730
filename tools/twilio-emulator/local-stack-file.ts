import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionsError } from './errors';

/** Where the local stack (`npm start`) writes how to reach it. */
export const LOCAL_STACK_FILE = join('.redial', 'local.json');

/** The defaults the local stack offers; every field is absent when it is not running or never ran. */
export interface LocalStackDefaults {
  apiBaseUrl?: string;
  authToken?: string;
  accountSid?: string;
  /** The first Twilio number the stack answers. */
  firstNumber?: string;
  /** The stack's stand-in for https://api.twilio.com, which plays Redial's outbound calls. */
  twilioApiBaseUrl?: string;
}

/** Reads `.redial/local.json` under `cwd`; a missing file gives no defaults, a broken one an error. */
export function readLocalStackDefaults(cwd: string = process.cwd()): LocalStackDefaults {
  const path = join(cwd, LOCAL_STACK_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw new OptionsError(
      `${path} is not valid JSON (${(error as Error).message}); restart the local stack`,
    );
  }
  const twilio = field(file, 'twilio');
  const numbers = field(file, 'numbers');
  return {
    apiBaseUrl: stringOrUndefined(field(file, 'apiBaseUrl')),
    authToken: stringOrUndefined(field(twilio, 'authToken')),
    accountSid: stringOrUndefined(field(twilio, 'accountSid')),
    firstNumber: Array.isArray(numbers) ? numberOf(numbers[0]) : undefined,
    twilioApiBaseUrl: stringOrUndefined(field(twilio, 'apiBaseUrl')),
  };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A number entry is either the number itself or a line object such as `{ "number": "+44…" }`. */
function numberOf(entry: unknown): string | undefined {
  return stringOrUndefined(entry) ?? stringOrUndefined(field(entry, 'number'));
}
