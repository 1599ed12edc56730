import * as path from 'node:path';
import type { RedialConfig } from '../../lambdas/domain/config';
import { loadConfigFile } from '../../lib/redial-app';

export const EXAMPLE_CONFIG_FILE = path.join(__dirname, '..', '..', 'redial.config.json');

/** The example config that ships with the repo, validated as the stack would. */
export function exampleConfig(): RedialConfig {
  return loadConfigFile(EXAMPLE_CONFIG_FILE);
}

/** The example config as raw JSON, for tests that break one field of it. */
export function exampleConfigJson(): Record<string, unknown> {
  return JSON.parse(require('node:fs').readFileSync(EXAMPLE_CONFIG_FILE, 'utf8'));
}
