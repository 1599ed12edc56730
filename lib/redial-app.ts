import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, parseConfig, type RedialConfig } from '../lambdas/domain/config';
import { RedialStack } from './redial-stack';

export const DEFAULT_CONFIG_FILE = path.join(__dirname, '..', 'redial.config.json');

/** A config file that is missing or not JSON; a ConfigError is one whose fields are wrong. */
export class UnreadableConfigError extends Error {
  constructor(file: string, cause: unknown) {
    super(`Cannot read Redial config ${file}: ${(cause as Error).message}`, { cause });
    this.name = 'UnreadableConfigError';
  }
}

/** A mistake in the config file, which its message explains in full (no stack trace needed). */
export function isConfigFileError(error: unknown): error is ConfigError | UnreadableConfigError {
  return error instanceof ConfigError || error instanceof UnreadableConfigError;
}

/**
 * Reads and validates a config file. Throws an UnreadableConfigError if it cannot be read as JSON, and a
 * ConfigError naming the file and each bad field if it is not a valid config.
 */
export function loadConfigFile(file: string): RedialConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UnreadableConfigError(file, error);
  }
  return parseConfig(raw, file);
}

export interface RedialAppOptions extends AppProps {
  /** Defaults to context `config`, then REDIAL_CONFIG_FILE, then redial.config.json. */
  readonly configFile?: string;
}

/** The one CDK app: `cdk synth`, the tests and the local stack all build it here. */
export function buildRedialApp(options: RedialAppOptions = {}): {
  app: App;
  stack: RedialStack;
  /** The config file the stack was built from, absolute. */
  configFile: string;
} {
  const app = new App(options);
  const configFile =
    options.configFile ??
    (app.node.tryGetContext('config') as string | undefined) ??
    process.env.REDIAL_CONFIG_FILE ??
    DEFAULT_CONFIG_FILE;
  const configPath = path.resolve(configFile);
  const config = loadConfigFile(configPath);
  const stack = new RedialStack(app, (app.node.tryGetContext('stackName') as string) ?? 'Redial', {
    config,
    publicBaseUrl: app.node.tryGetContext('publicBaseUrl') as string | undefined,
    description: 'Redial: no declined, busy or unanswered call is lost',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, configFile: configPath };
}
