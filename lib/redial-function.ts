import * as path from 'node:path';
import { Duration, Names, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../lambdas/domain/operational-metrics';
import type { EnvironmentDeclaration } from '../lambdas/environment/read-environment';
import type { TWILIO_ACCOUNT_ENVIRONMENT } from '../lambdas/environment/twilio-account';
import type { TwilioAccount } from './twilio-account';

/** A variable the function's declaration names: any other is a type error. */
type Variable<E extends EnvironmentDeclaration> = Extract<keyof E, string>;

/** The item actions a function may be granted on the call table (DynamoDB's own names). */
export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'BatchGetItem';

/**
 * What a function does on a table, each action once: the commands its code sends, on the table's
 * ARN alone, and Query on the ARN of each index it names (never `/index/*`).
 */
export interface TableAccess {
  readonly items: readonly TableAction[];
  /** Indexes it queries (names from lambdas/domain/table-layout.ts). */
  readonly queriesIndexes?: readonly string[];
}

/**
 * What Lambda's poller does with the consumer's role (AWS's AWSLambdaSQSQueueExecutionRole): no
 * ChangeMessageVisibility or GetQueueUrl, which only a hand-written consumer would call.
 */
const SQS_CONSUMER_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];

export interface RedialFunctionProps<E extends EnvironmentDeclaration> {
  /** Folder under lambdas/ holding handler.ts. */
  readonly handlerFolder: string;
  readonly description: string;
  readonly config: RedialConfig;
  /**
   * What the handler reads from its environment (lambdas/<handlerFolder>/environment.ts). Each
   * variable gets its value, and the function its grant, from one use… call; synth fails naming
   * any that none gave.
   */
  readonly declaredEnvironment: E;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly logRetention?: RetentionDays;
  /** Reserved concurrency: a cap on concurrent runs, and a share of the account's no other function can take. */
  readonly reservedConcurrency?: number;
}

/**
 * Every Redial Lambda: Node 24 on arm64, bundled by the local esbuild (no Docker) with the AWS SDK
 * inside the bundle, so the code that runs in the local stack is byte for byte what deploys.
 * The validated config is compiled in (it outgrows Lambda's 4 KB environment quickly).
 */
export class RedialFunction<
  E extends EnvironmentDeclaration = EnvironmentDeclaration,
> extends NodejsFunction {
  readonly declaredEnvironment: E;
  private readonly wired = new Set<string>();

  constructor(scope: Construct, id: string, props: RedialFunctionProps<E>) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: path.join(__dirname, '..', 'lambdas', props.handlerFolder, 'handler.ts'),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      reservedConcurrentExecutions: props.reservedConcurrency,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
      bundling: {
        externalModules: [],
        format: OutputFormat.CJS,
        // The ES module build of every package that ships one (the AWS SDK's dist-es), so esbuild
        // drops what the handler never reaches; the CommonJS builds (dist-cjs, esbuild's default
        // for platform node) are single files it must keep whole. Output stays CommonJS.
        mainFields: ['module', 'main'],
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        define: { 'process.env.REDIAL_CONFIG': JSON.stringify(JSON.stringify(props.config)) },
      },
    });
    this.declaredEnvironment = props.declaredEnvironment;
    acknowledgeExecutionRole(this);
    // A handler reads its whole environment at cold start: one variable left out fails every call.
    this.node.addValidation({
      validate: () =>
        Object.entries(this.declaredEnvironment)
          .filter(([variable]) => !this.wired.has(variable))
          .map(
            ([variable, meaning]) =>
              `${variable} (${meaning}) is declared in lambdas/${props.handlerFolder}/environment.ts but never wired: give it with a use… method`,
          ),
    });
  }

  /** Grants exactly `access` on the table, and names the table in `variable`. */
  useTable(table: ITableV2, variable: Variable<E>, access: TableAccess): void {
    // The table is under DynamoDB's own key (TableV2's default): there is no KMS key to grant.
    this.allow(
      access.items.map((action) => `dynamodb:${action}`),
      [table.tableArn],
    );
    const indexes = access.queriesIndexes ?? [];
    if (indexes.length > 0)
      this.allow(
        ['dynamodb:Query'],
        indexes.map((index) => `${table.tableArn}/index/${index}`),
      );
    this.wire(variable, table.tableName);
  }

  /** Lets the function send to the queue (SendMessageBatch is authorised as SendMessage), whose URL `variable` holds. */
  useQueue(queue: IQueue, variable: Variable<E>): void {
    refuseCustomerKey(queue.encryptionMasterKey, queue.node.path);
    this.allow(['sqs:SendMessage'], [queue.queueArn]);
    this.wire(variable, queue.queueUrl);
  }

  /** Runs the function on the queue's messages, ten at a time, a failed message reported on its own. */
  consumeQueue(queue: IQueue): void {
    refuseCustomerKey(queue.encryptionMasterKey, queue.node.path);
    this.allow(SQS_CONSUMER_ACTIONS, [queue.queueArn]);
    // The ID SqsEventSource gave the mapping, so its logical ID stays the same.
    this.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`, {
      eventSourceArn: queue.queueArn,
      batchSize: 10,
      reportBatchItemFailures: true,
    });
  }

  /** Lets the function publish to the topic, whose ARN `variable` holds. */
  useTopic(topic: ITopic, variable: Variable<E>): void {
    // sns:Publish on the topic alone; under the AWS-managed SNS key, SNS encrypts without a grant.
    topic.grantPublish(this);
    this.wire(variable, topic.topicArn);
  }

  /** Lets the function read the secret's value (Powertools' getSecret calls GetSecretValue only), whose ARN `variable` holds. */
  useSecret(secret: ISecret, variable: Variable<E>): void {
    refuseCustomerKey(secret.encryptionKey, secret.node.path);
    this.allow(['secretsmanager:GetSecretValue'], [secret.secretArn]);
    this.wire(variable, secret.secretArn);
  }

  /**
   * Reads the Twilio account's credentials and knows the base URL its webhooks arrive at: only for
   * a function whose declaration spreads TWILIO_ACCOUNT_ENVIRONMENT.
   */
  useTwilioAccount(this: RedialFunction<typeof TWILIO_ACCOUNT_ENVIRONMENT>, account: TwilioAccount): void {
    this.useSecret(account.credentials, 'TWILIO_CREDENTIALS_SECRET');
    this.usePublicBaseUrl(account);
  }

  /**
   * Knows the base URL the account's webhooks arrive at, without its credentials: for the voice
   * fallback, which builds TwiML URLs on it and must not depend on the secret.
   */
  usePublicBaseUrl(
    this: RedialFunction<Pick<typeof TWILIO_ACCOUNT_ENVIRONMENT, 'PUBLIC_BASE_URL'>>,
    account: TwilioAccount,
  ): void {
    this.wire('PUBLIC_BASE_URL', account.publicBaseUrl);
  }

  private allow(actions: string[], resources: string[]): void {
    this.addToRolePolicy(new PolicyStatement({ actions, resources }));
  }

  private wire(variable: string, value: string): void {
    if (this.wired.has(variable)) throw new Error(`${this.node.path}: ${variable} is wired twice`);
    this.wired.add(variable);
    this.addEnvironment(variable, value);
  }
}

/**
 * Redial's queues and secret use AWS-managed encryption, which needs no grant. A customer key
 * would need kms:Decrypt and GenerateDataKey too: say so at synth rather than fail in production.
 */
function refuseCustomerKey(key: unknown, path: string): void {
  if (key) throw new Error(`${path} has a customer KMS key: grant it in lib/redial-function.ts first`);
}

/** cdk-nag's two findings on every function's role, acknowledged on that role alone. */
function acknowledgeExecutionRole(fn: RedialFunction): void {
  const role = Validations.of(fn.role ?? fn);
  role.acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "AWS's managed policy for a function's logs: CreateLogGroup, CreateLogStream, PutLogEvents.",
  });
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray tracing: xray:PutTraceSegments and PutTelemetryRecords support no resource scoping.',
  });
}
