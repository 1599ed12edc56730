import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';

export interface RedialFunctionProps {
  /** Folder under lambdas/ holding handler.ts. */
  readonly handlerFolder: string;
  readonly description: string;
  readonly config: RedialConfig;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  readonly logRetention?: RetentionDays;
}

/**
 * Every Redial Lambda: Node 24 on arm64, bundled by the local esbuild (no Docker) with the AWS SDK
 * inside the bundle, so the code that runs in the local stack is byte for byte what deploys.
 * The validated config is compiled in (it outgrows Lambda's 4 KB environment quickly).
 */
export class RedialFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: RedialFunctionProps) {
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
        POWERTOOLS_SERVICE_NAME: 'redial',
        POWERTOOLS_METRICS_NAMESPACE: 'Redial',
        ...props.environment,
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
  }
}
