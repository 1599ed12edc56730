import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RedialConfig } from '../../lambdas/domain/config';
import { buildRedialApp } from '../../lib/redial-app';
import { referencedId, resourcesOfType, type Template } from './template-resolver';

/**
 * What the local stack needs to know, read from the synthesized CDK app: never a copy of it.
 * Environment values stay unresolved here; the local stack resolves them once resources exist.
 */
export interface FunctionWiring {
  readonly logicalId: string;
  /** The construct path, e.g. Redial/WebhookApi/Handler, for logs and errors. */
  readonly constructPath: string;
  readonly bundle: string;
  readonly handlerExport: string;
  readonly timeoutSeconds: number;
  readonly environment: Record<string, unknown>;
}

export interface EventSourceWiring {
  readonly queueId: string;
  readonly functionId: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
}

export interface RouteWiring {
  readonly method: string;
  readonly path: string;
  readonly functionId: string;
}

export interface ScheduleWiring {
  readonly expression: string;
  readonly functionId: string;
}

export interface StackWiring {
  readonly stackName: string;
  readonly template: Template;
  readonly config: RedialConfig;
  /** The file `config` was read from, absolute. */
  readonly configFile: string;
  readonly functions: FunctionWiring[];
  readonly eventSources: EventSourceWiring[];
  readonly routes: RouteWiring[];
  readonly schedules: ScheduleWiring[];
}

type Props = Record<string, unknown>;

function functionsOf(template: Template, assemblyDir: string): FunctionWiring[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').map(([logicalId, resource]) => {
    const props = resource.Properties as Props;
    const assetPath = resource.Metadata?.['aws:asset:path'] as string | undefined;
    if (!assetPath) throw new Error(`Function ${logicalId} has no bundled asset in the cloud assembly`);
    const [file, handlerExport] = (props.Handler as string).split('.');
    return {
      logicalId,
      constructPath: String(resource.Metadata?.['aws:cdk:path'] ?? logicalId).replace(/\/Resource$/, ''),
      bundle: path.join(assemblyDir, assetPath, `${file}.js`),
      handlerExport,
      timeoutSeconds: Number(props.Timeout ?? 3),
      environment: ((props.Environment as Props | undefined)?.Variables as Props) ?? {},
    };
  });
}

function eventSourcesOf(template: Template): EventSourceWiring[] {
  return resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').map(([, resource]) => {
    const props = resource.Properties as Props;
    return {
      queueId: referencedId(props.EventSourceArn) as string,
      functionId: referencedId(props.FunctionName) as string,
      batchSize: Number(props.BatchSize ?? 10),
      maxBatchingWindowSeconds: Number(props.MaximumBatchingWindowInSeconds ?? 0),
      reportBatchItemFailures: ((props.FunctionResponseTypes as string[]) ?? []).includes(
        'ReportBatchItemFailures',
      ),
    };
  });
}

function routesOf(template: Template): RouteWiring[] {
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, resource]) => {
    const props = resource.Properties as Props;
    const [method, routePath] = (props.RouteKey as string).split(' ');
    const integrationId = referencedId(props.Target) as string;
    const integration = template.Resources[integrationId].Properties as Props;
    return { method, path: routePath, functionId: referencedId(integration.IntegrationUri) as string };
  });
}

function schedulesOf(template: Template): ScheduleWiring[] {
  return resourcesOfType(template, 'AWS::Scheduler::Schedule')
    .filter(([, resource]) => (resource.Properties as Props).State !== 'DISABLED')
    .map(([, resource]) => {
      const props = resource.Properties as Props;
      return {
        expression: props.ScheduleExpression as string,
        functionId: referencedId((props.Target as Props).Arn) as string,
      };
    });
}

/** Synthesizes the CDK app (bundling the Lambdas with esbuild) into `outdir` and reads its wiring. */
export function synthesizeWiring(options: { outdir: string; configFile?: string }): StackWiring {
  const { app, stack, configFile } = buildRedialApp({
    outdir: options.outdir,
    configFile: options.configFile,
    context: { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true },
  });
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const template = JSON.parse(readFileSync(path.join(assembly.directory, artifact.templateFile), 'utf8'));
  return {
    stackName: stack.stackName,
    template,
    config: stack.config,
    configFile,
    functions: functionsOf(template, assembly.directory),
    eventSources: eventSourcesOf(template),
    routes: routesOf(template),
    schedules: schedulesOf(template),
  };
}
