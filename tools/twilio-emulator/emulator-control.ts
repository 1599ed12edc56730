import type { CallbackScript } from './callback-script';
import { LocalStackError } from './errors';

/** The Twilio emulator's control endpoint for callback scripts; not part of Twilio's API. */
export const SCRIPTS_PATH = '/__emulator/scripts';

/** Sets, in the Twilio emulator at `emulatorUrl`, the script of the callback calls keyed `key`. */
export async function sendCallbackScript(
  emulatorUrl: string,
  key: string,
  script: CallbackScript,
): Promise<void> {
  const url = emulatorUrl.replace(/\/+$/, '') + SCRIPTS_PATH;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ key, ...script }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED…) is in its cause.
    const reason = (error as { cause?: { message?: string } }).cause?.message ?? String(error);
    throw new LocalStackError(
      `cannot reach the Twilio emulator at ${url} (${reason}): is the local stack running (npm start)?`,
    );
  }
  if (response.status !== 204) {
    const body = (await response.text()).trim().slice(0, 200);
    throw new LocalStackError(
      `the Twilio emulator refused the callback script: HTTP ${response.status} ${body}`,
    );
  }
}
