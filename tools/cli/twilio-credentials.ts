import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CannotRunError, messageOf, UsageError } from '../command-line/errors';

/**
 * The Twilio account credentials `redial diagnose` reads the account's records with: a deployed
 * stack's own secret (`--stack`), so the operator types nothing secret, or else the environment
 * as twilio-node names it. Neither path ever puts a secret's value in an error message.
 */

export interface TwilioCredentials {
  /** The account the records belong to (`AC…`). */
  readonly accountSid: string;
  /** HTTP Basic user: the account SID, or an API key SID (`SK…`). */
  readonly username: string;
  /** HTTP Basic password: the auth token, or the API key's secret. */
  readonly password: string;
  /** The auth token when known (env or stack secret): needed to sign requests as Twilio does. Absent with an API key. */
  readonly authToken?: string;
  /** Where they came from, for the report. */
  readonly from: string;
}

export interface CredentialSource {
  readonly stack?: string;
  readonly region?: string;
}

/** The stack output lib/twilio-account.ts writes: the secret's name. */
export const CREDENTIALS_OUTPUT = 'TwilioCredentialsSecret';
/** The accountSid lib/twilio-account.ts puts in the secret until the operator sets the real one. */
export const PLACEHOLDER_ACCOUNT_SID = 'AC-set-me-after-deploy';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
const ACCOUNT_SID_SHAPE = 'an account SID (AC and 32 hex digits)';
const OR_STACK = "or pass --stack <name> to read them from a deployed stack's secret";

export async function resolveTwilioCredentials(
  source: CredentialSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TwilioCredentials> {
  // An explicit --stack is what the operator asked for, even with TWILIO_* set in the shell.
  if (source.stack !== undefined) return stackCredentials(source.stack, source.region ?? env.AWS_REGION);
  return environmentCredentials(env);
}

/** From the environment: the auth token if there is one (it can sign), else an API key. */
export function environmentCredentials(env: NodeJS.ProcessEnv): TwilioCredentials {
  // An empty variable (`TWILIO_AUTH_TOKEN=`) is as good as unset, and is said so.
  const set = (name: string) => Boolean(env[name]);
  if (set('TWILIO_AUTH_TOKEN')) return tokenCredentials(env);
  if (set('TWILIO_API_KEY') || set('TWILIO_API_SECRET')) return apiKeyCredentials(env);
  if (set('TWILIO_ACCOUNT_SID'))
    throw new UsageError(
      `TWILIO_AUTH_TOKEN is not set (TWILIO_ACCOUNT_SID is): set it, or TWILIO_API_KEY and TWILIO_API_SECRET; ${OR_STACK}`,
    );
  throw new UsageError(
    `no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_ACCOUNT_SID, TWILIO_API_KEY and TWILIO_API_SECRET; ${OR_STACK}`,
  );
}

function tokenCredentials(env: NodeJS.ProcessEnv): TwilioCredentials {
  const [accountSid, authToken] = required(env, ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
  checkAccountSid(accountSid);
  return {
    accountSid,
    username: accountSid,
    password: authToken,
    authToken,
    from: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
  };
}

function apiKeyCredentials(env: NodeJS.ProcessEnv): TwilioCredentials {
  const [apiKey, apiSecret, accountSid] = required(env, [
    'TWILIO_API_KEY',
    'TWILIO_API_SECRET',
    'TWILIO_ACCOUNT_SID',
  ]);
  checkAccountSid(accountSid);
  if (!API_KEY_SID.test(apiKey))
    throw new UsageError('TWILIO_API_KEY is not an API key SID (SK and 32 hex digits)');
  return { accountSid, username: apiKey, password: apiSecret, from: 'TWILIO_API_KEY and TWILIO_API_SECRET' };
}

/** The variables' values, or a UsageError naming every one unset (and which are set). */
function required(env: NodeJS.ProcessEnv, names: string[]): string[] {
  const missing = names.filter((name) => !env[name]);
  if (missing.length === 0) return names.map((name) => env[name] as string);
  const set = names.filter((name) => env[name]);
  const [verb, pronoun] = missing.length === 1 ? ['is', 'it'] : ['are', 'them'];
  const given = set.length === 1 ? `${set[0]} is` : `${listed(set)} are`;
  throw new UsageError(`${listed(missing)} ${verb} not set (${given}): set ${pronoun}, ${OR_STACK}`);
}

function checkAccountSid(accountSid: string): void {
  if (!ACCOUNT_SID.test(accountSid)) throw new UsageError(`TWILIO_ACCOUNT_SID is not ${ACCOUNT_SID_SHAPE}`);
}

const listed = (names: string[]) =>
  names.length < 3 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** From the stack's secret, found by name through the stack's output. */
async function stackCredentials(stack: string, region: string | undefined): Promise<TwilioCredentials> {
  const secretName = await credentialsSecretName(stack, region);
  const secret = await readSecret(stack, secretName, region);
  const { accountSid, authToken } = checkedSecret(stack, secretName, secret);
  return {
    accountSid,
    username: accountSid,
    password: authToken,
    authToken,
    from: `stack ${stack}'s secret ${secretName}`,
  };
}

async function credentialsSecretName(stack: string, region: string | undefined): Promise<string> {
  // Only the region is given: the SDK's standard environment (credentials, profile,
  // AWS_ENDPOINT_URL_CLOUDFORMATION) decides the rest, as for every other AWS tool.
  const client = new CloudFormationClient({ region });
  try {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stack }));
    if (Stacks.length === 0) throw new CannotRunError(`stack ${stack}: no such stack`);
    const output = Stacks[0].Outputs?.find((candidate) => candidate.OutputKey === CREDENTIALS_OUTPUT);
    if (!output?.OutputValue)
      throw new CannotRunError(`stack ${stack}: no ${CREDENTIALS_OUTPUT} output (is it a Redial stack?)`);
    return output.OutputValue;
  } catch (error) {
    throw error instanceof CannotRunError ? error : new CannotRunError(`stack ${stack}: ${messageOf(error)}`);
  } finally {
    client.destroy();
  }
}

async function readSecret(stack: string, secretName: string, region: string | undefined): Promise<unknown> {
  const client = new SecretsManagerClient({ region });
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretName })));
  } catch (error) {
    throw new CannotRunError(`stack ${stack}: cannot read secret ${secretName}: ${messageOf(error)}`);
  } finally {
    client.destroy();
  }
  try {
    return JSON.parse(secretString ?? '');
  } catch {
    // The parser's message would quote the secret's text.
    throw new CannotRunError(
      `stack ${stack}: secret ${secretName} is not JSON; ${putSecretHint(secretName)}`,
    );
  }
}

/** The secret as lib/twilio-account.ts creates it, once the operator has put the real values in. */
function checkedSecret(
  stack: string,
  secretName: string,
  secret: unknown,
): { accountSid: string; authToken: string } {
  const { accountSid, authToken } = (secret ?? {}) as Record<string, unknown>;
  const where = `stack ${stack}: secret ${secretName}`;
  if (accountSid === PLACEHOLDER_ACCOUNT_SID)
    throw new CannotRunError(`${where} still has the placeholder accountSid; ${putSecretHint(secretName)}`);
  if (typeof accountSid !== 'string' || !ACCOUNT_SID.test(accountSid))
    throw new CannotRunError(
      `${where}'s accountSid is not ${ACCOUNT_SID_SHAPE}; ${putSecretHint(secretName)}`,
    );
  if (typeof authToken !== 'string' || authToken === '')
    throw new CannotRunError(`${where} has no authToken; ${putSecretHint(secretName)}`);
  return { accountSid, authToken };
}

const putSecretHint = (secretName: string) =>
  `set accountSid and authToken in it: aws secretsmanager put-secret-value --secret-id ${secretName} --secret-string '{"accountSid":"AC…","authToken":"…"}'`;
