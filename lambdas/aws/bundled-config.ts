import { parseConfig, type RedialConfig } from '../domain/config';

let cached: RedialConfig | undefined;

/** The config compiled into the bundle at synth, validated once per cold start. */
export function bundledConfig(): RedialConfig {
  cached ??= parseConfig(JSON.parse(process.env.REDIAL_CONFIG ?? 'null'), 'bundled config');
  return cached;
}
