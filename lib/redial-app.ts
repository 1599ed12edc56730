import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig, type RedialConfig } from '../lambdas/domain/config';
import { RedialStack } from './redial-stack';

export const DEFAULT_CONFIG_FILE = path.join(__dirname, '..', 'redial.config.json');

/** Reads and validates a config file; the error names the file and each bad field. */
export function loadConfigFile(file: string): RedialConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read Redial config ${file}: ${(error as Error).message}`);
  }
  return parseConfig(raw, file);
}

export interface RedialAppOptions extends AppProps {
  /** Defaults to context `config`, then REDIAL_CONFIG_FILE, then redial.config.json. */
  readonly configFile?: string;
}

/** The one CDK app: `cdk synth`, the tests and the local stack all build it here. */
export function buildRedialApp(options: RedialAppOptions = {}): { app: App; stack: RedialStack } {
  const app = new App(options);
  const configFile =
    options.configFile ??
    (app.node.tryGetContext('config') as string | undefined) ??
    process.env.REDIAL_CONFIG_FILE ??
    DEFAULT_CONFIG_FILE;
  const config = loadConfigFile(path.resolve(configFile));
  const stack = new RedialStack(app, (app.node.tryGetContext('stackName') as string) ?? 'Redial', {
    config,
    publicBaseUrl: app.node.tryGetContext('publicBaseUrl') as string | undefined,
    description: 'Redial: no declined, busy or unanswered call is lost',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
