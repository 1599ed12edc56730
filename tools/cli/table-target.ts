import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Option } from 'commander';
import { CALL_TABLE_TRANSLATION } from '../../lambdas/aws/dynamo-store';
import { DEFAULT_CONFIG_FILE } from '../../lib/redial-app';
import { CannotRunError, messageOf, UsageError } from '../command-line/errors';
import { nonEmpty } from '../command-line/values';
import { LOCAL_STATE_FILE, type LocalStackInfo, readLocalState } from '../local-stack/state-file';

/** Which call table a command reads, the local stack's or a deployed one, chosen by the same flags. */

/** Which table, and how to reach it; no endpoint or credentials means AWS itself, via the SDK's chain. */
export interface CallTable {
  readonly name: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  /** The config file the table's stack runs, when known: the local stack's own. */
  readonly configFile?: string;
}

/** The options that choose the table, as commander gives them. */
export interface TableValues {
  readonly table?: string;
  readonly region?: string;
  readonly localState?: string;
}

const TABLE_GROUP = "Table options (default: the local stack's table):";

/** The options that choose the table, shown in a group of their own. */
export function tableOptions(): Option[] {
  return [
    new Option('--table <name>', "a deployed stack's table, reached with the AWS SDK's usual credentials")
      .argParser(nonEmpty('--table'))
      .helpGroup(TABLE_GROUP),
    new Option('--region <region>', 'its region (default: AWS_REGION)').helpGroup(TABLE_GROUP),
    new Option(
      '--local-state <file>',
      `the local stack's state file (default: ${LOCAL_STATE_FILE})`,
    ).helpGroup(TABLE_GROUP),
  ];
}

/** A deployed table with --table, else the local stack's. */
export function chooseTable(values: TableValues): CallTable {
  if (values.table === undefined) {
    if (values.region !== undefined) throw new UsageError('--region goes with --table');
    return localTable(values.localState ?? LOCAL_STATE_FILE);
  }
  if (values.localState !== undefined) throw new UsageError('give --table or --local-state, not both');
  return { name: values.table, region: values.region ?? process.env.AWS_REGION };
}

/** The config a table's stack was built from: the local stack's own, else the project's default. */
export function configFileOf(table: CallTable): string {
  return table.configFile ?? process.env.REDIAL_CONFIG_FILE ?? DEFAULT_CONFIG_FILE;
}

/** The local stack's table, from the state file `npm start` writes. */
export function localTable(stateFile: string): CallTable {
  const info = readLocalState(stateFile);
  if (!info)
    throw new CannotRunError(`no ${stateFile}: start the local stack with npm start, or pass --table`);
  return localTableOf(info);
}

/** The table of a running local stack, as its state says. */
export function localTableOf(info: LocalStackInfo): CallTable {
  const { resources, region, endpoints, credentials, configFile } = info;
  return { name: resources.table, region, endpoint: endpoints.dynamodb, credentials, configFile };
}

export function callTableClient(table: CallTable): DynamoDBDocumentClient {
  const { region, endpoint, credentials } = table;
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ region, endpoint, credentials }),
    CALL_TABLE_TRANSLATION,
  );
}

/** The message for a failed read or write; a refused local endpoint means the local stack is not running. */
export function tableErrorMessage(table: CallTable, error: unknown): string {
  const stopped = table.endpoint !== undefined && (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
  return `${messageOf(error)}${stopped ? '; start the local stack with npm start' : ''}`;
}

/** Does `work` on `table`; a read or write that fails cannot be answered: exit 2, one line. */
export async function onTable<T>(table: CallTable, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CannotRunError || error instanceof UsageError) throw error;
    throw new CannotRunError(tableErrorMessage(table, error));
  }
}
