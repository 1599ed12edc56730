import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_STATE_FILE, readLocalState } from '../local-stack/state-file';
import type { CliOutput } from './audit-twiml';
import { EXIT } from './audit-twiml';
import { messageOf, nonEmpty, parseFailure, UsageError } from './command-line';

/** Which call table a command reads, the local stack's or a deployed one, chosen by the same flags. */

/** Which table, and how to reach it; no endpoint or credentials means AWS itself, via the SDK's chain. */
export interface CallTable {
  readonly name: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** parseArgs options for choosing the table. */
export const TABLE_OPTIONS = {
  table: { type: 'string' },
  region: { type: 'string' },
  'local-state': { type: 'string' },
} as const;

export const TABLE_OPTIONS_USAGE = `  --table NAME           a deployed stack's table, reached with the AWS SDK's usual credentials
  --region REGION        its region (default AWS_REGION)
  --local-state FILE     the local stack's state file (default ${LOCAL_STATE_FILE})`;

type TableValues = { table?: string; region?: string; 'local-state'?: string };

/** A deployed table with --table, else the local stack's. */
export function chooseTable(values: TableValues): CallTable {
  if (values.table === undefined) {
    if (values.region !== undefined) throw new UsageError('--region goes with --table');
    return localTable(values['local-state'] ?? LOCAL_STATE_FILE);
  }
  if (values['local-state'] !== undefined) throw new UsageError('give --table or --local-state, not both');
  const name = nonEmpty(values.table, '--table') as string;
  return { name, region: values.region ?? process.env.AWS_REGION };
}

/** The local stack's table, from the state file `npm start` writes. */
export function localTable(stateFile: string): CallTable {
  const info = readLocalState(stateFile);
  if (!info) throw new Error(`no ${stateFile}: start the local stack with npm start, or pass --table`);
  const { resources, region, endpoints, credentials } = info;
  return { name: resources.table, region, endpoint: endpoints.dynamodb, credentials };
}

export function callTableClient(table: CallTable): DynamoDBDocumentClient {
  const { region, endpoint, credentials } = table;
  return DynamoDBDocumentClient.from(new DynamoDBClient({ region, endpoint, credentials }));
}

/** The message for a failed read or write; a refused local endpoint means the local stack is not running. */
export function tableErrorMessage(table: CallTable, error: unknown): string {
  const stopped = table.endpoint !== undefined && (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
  return `${messageOf(error)}${stopped ? '; start the local stack with npm start' : ''}`;
}

/**
 * The frame of a table command: parse (a usage error exits 2 with one line), --help, then the
 * work, whose table and AWS errors exit 2 with one line naming the table.
 */
export async function runTableCommand<T extends { table: CallTable }>(
  command: string,
  usage: string,
  argv: string[],
  output: CliOutput,
  parse: (argv: string[]) => { help: true } | ({ help: false } & T),
  work: (invocation: T) => Promise<number>,
): Promise<number> {
  let invocation: ReturnType<typeof parse>;
  try {
    invocation = parse(argv);
  } catch (error) {
    output.err(parseFailure(command, error));
    return EXIT.trouble;
  }
  if (invocation.help) {
    output.out(usage);
    return EXIT.clean;
  }
  const parsed = invocation as { help: false } & T;
  try {
    return await work(parsed);
  } catch (error) {
    output.err(`redial ${command}: ${tableErrorMessage(parsed.table, error)}`);
    return EXIT.trouble;
  }
}
