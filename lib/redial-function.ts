import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
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

/** A table's data to read and write, or only the actions named (least privilege where it is cheap). */
export type TableAccess = 'read-write' | readonly `dynamodb:${string}`[];

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
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        define: { 'process.env.REDIAL_CONFIG': JSON.stringify(JSON.stringify(props.config)) },
      },
    });
    this.declaredEnvironment = props.declaredEnvironment;
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

  /** Grants the table's data, all or only the actions named, and names the table in `variable`. */
  useTable(table: ITableV2, variable: Variable<E>, access: TableAccess): void {
    if (access === 'read-write') table.grantReadWriteData(this);
    else table.grant(this, ...access);
    this.wire(variable, table.tableName);
  }

  /** Lets the function send to the queue, whose URL `variable` holds. */
  useQueue(queue: IQueue, variable: Variable<E>): void {
    queue.grantSendMessages(this);
    this.wire(variable, queue.queueUrl);
  }

  /** Lets the function publish to the topic, whose ARN `variable` holds. */
  useTopic(topic: ITopic, variable: Variable<E>): void {
    topic.grantPublish(this);
    this.wire(variable, topic.topicArn);
  }

  /** Lets the function read the secret, whose ARN `variable` holds. */
  useSecret(secret: ISecret, variable: Variable<E>): void {
    secret.grantRead(this);
    this.wire(variable, secret.secretArn);
  }

  /**
   * Reads the Twilio account's credentials and knows the base URL its webhooks arrive at: only for
   * a function whose declaration spreads TWILIO_ACCOUNT_ENVIRONMENT.
   */
  useTwilioAccount(this: RedialFunction<typeof TWILIO_ACCOUNT_ENVIRONMENT>, account: TwilioAccount): void {
    this.useSecret(account.credentials, 'TWILIO_CREDENTIALS_SECRET');
    this.wire('PUBLIC_BASE_URL', account.publicBaseUrl);
  }

  private wire(variable: string, value: string): void {
    if (this.wired.has(variable)) throw new Error(`${this.node.path}: ${variable} is wired twice`);
    this.wired.add(variable);
    this.addEnvironment(variable, value);
  }
}
