import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_STATE_FILE, type LocalStackInfo, writeLocalState } from '../../tools/local-stack/state-file';
import { EXAMPLE_CONFIG_FILE } from './example-config';

const endpoint = 'http://127.0.0.1:1';

/** A complete local stack state, as `redial start` writes it, with the given parts replaced. */
export function localState(parts: Partial<LocalStackInfo> = {}): LocalStackInfo {
  return {
    apiBaseUrl: 'http://127.0.0.1:3000',
    region: 'us-east-1',
    accountId: '000000000000',
    endpoints: { dynamodb: endpoint, sqs: endpoint, sns: endpoint, secrets_manager: endpoint },
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    stackName: 'Redial',
    resources: {
      table: 'table',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:topic',
      queues: {},
      alertPrinterQueueUrl: 'http://sqs.us-east-1.localhost:1/000000000000/printer',
      subscriptions: [],
    },
    functions: {},
    twilio: { accountSid: 'AC0', authToken: 'token', apiBaseUrl: 'http://127.0.0.1:2' },
    numbers: ['+442071234567'],
    configFile: EXAMPLE_CONFIG_FILE,
    ...parts,
  };
}

/** A new project directory whose local stack wrote `state` (none when undefined). */
export function projectWithLocalState(state?: LocalStackInfo): string {
  const dir = mkdtempSync(join(tmpdir(), 'redial-project-'));
  if (state) writeLocalState(join(dir, LOCAL_STATE_FILE), state);
  return dir;
}

/** The state of a local stack whose table `table` is on the DynamoDB at `endpoint`. */
export function localStateWithTable(table: string, endpoint: string): LocalStackInfo {
  const state = localState();
  return {
    ...state,
    endpoints: { ...state.endpoints, dynamodb: endpoint },
    resources: { ...state.resources, table },
  };
}
