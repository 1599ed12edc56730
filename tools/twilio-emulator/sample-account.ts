import type { HistoryApplication, HistoryNumber } from './account-history';
import {
  type AccountHistoryEmulator,
  type RateLimit,
  startAccountHistoryEmulator,
} from './account-history-emulator';
import {
  ACCOUNT_SID,
  API_KEY,
  AUTH_TOKEN,
  type SeededHistory,
  seededAccountHistory,
} from './account-history-sample';
import { startVoiceAppEmulator, type VoiceAppEmulator, type VoiceDocument } from './voice-app-emulator';

/**
 * The sample account whole: its web app answering the numbers' voice URLs (signed requests only)
 * and Twilio's records of its week (account-history-sample.ts), the numbers pointing at the app.
 * `redial account-emulator` runs it for people; diagnose's tests run it with their own twists.
 */
export interface SampleAccountOptions {
  readonly insightsEnabled?: boolean;
  readonly weeksLater?: number;
  /** The REST API's port, and the web app's; 0 (the default) picks a free one. */
  readonly port?: number;
  readonly appPort?: number;
  readonly rateLimit?: RateLimit;
  /** More numbers, and TwiML apps, their voice URLs relative to the web app (`/voice/x`). */
  readonly extraNumbers?: readonly HistoryNumber[];
  readonly applications?: readonly HistoryApplication[];
  /** Replace or add documents of the web app, by path. */
  readonly documents?: Readonly<Record<string, VoiceDocument>>;
}

export interface SampleAccount {
  readonly api: AccountHistoryEmulator;
  readonly app: VoiceAppEmulator;
  readonly sample: SeededHistory;
  stop(): Promise<void>;
}

function sampleDocuments(sample: SeededHistory): Record<string, VoiceDocument> {
  const twiml = Object.entries(sample.twiml).map(([path, body]) => [path, { body }]);
  const pages = Object.entries(sample.webPages).map(([path, body]) => [
    path,
    { body, contentType: 'text/html' },
  ]);
  return Object.fromEntries([...twiml, ...pages]);
}

export async function startSampleAccount(options: SampleAccountOptions = {}): Promise<SampleAccount> {
  const documents = { ...sampleDocuments(seededAccountHistory()), ...options.documents };
  const app = await startVoiceAppEmulator({ authToken: AUTH_TOKEN, documents, port: options.appPort });
  const sample = seededAccountHistory({
    voiceBaseUrl: app.url,
    insightsEnabled: options.insightsEnabled,
    weeksLater: options.weeksLater,
  });
  const extra = (options.extraNumbers ?? []).map((number) => ({
    ...number,
    voiceUrl: number.voiceUrl ? `${app.url}${number.voiceUrl}` : number.voiceUrl,
  }));
  // The app is stopped again if the API cannot start (its port in use), so nothing is left listening.
  const api = await startAccountHistoryEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiKeys: [API_KEY],
    history: {
      ...sample.history,
      numbers: [...sample.history.numbers, ...extra],
      applications: (options.applications ?? []).map((application) => ({
        ...application,
        voiceUrl: application.voiceUrl ? `${app.url}${application.voiceUrl}` : application.voiceUrl,
      })),
    },
    port: options.port,
    rateLimit: options.rateLimit,
  }).catch(async (error: unknown) => {
    await app.stop();
    throw error;
  });
  return { api, app, sample, stop: async () => void (await Promise.all([api.stop(), app.stop()])) };
}
