import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildRedialApp } from '../../lib/redial-app';
import { exampleConfigJson } from '../support/example-config';

/** The app as `cdk synth` builds it, minus bundling (the local-stack tests bundle for real). */
export function synthStack(configFile?: string, context: Record<string, string> = {}) {
  return buildRedialApp({ configFile, context: { 'aws:cdk:bundling-stacks': [], ...context } });
}

/** The same, from the example config changed by `change` (written to a file, as a user's is). */
export function synthChangedConfig(change: (raw: Record<string, any>) => void = () => {}) {
  const raw = exampleConfigJson() as Record<string, any>;
  change(raw);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'redial-config-')), 'config.json');
  writeFileSync(file, JSON.stringify(raw));
  return synthStack(file);
}
