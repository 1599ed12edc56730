/**
 * A function's environment, declared once in lambdas/<function>/environment.ts: each variable's
 * name and what it holds. The stack wires every declared name (lib/redial-function.ts) and the
 * handler reads them here, so renaming a variable on one side only is a type error.
 * A plain module: no AWS SDK, so lib/ imports the declarations cheaply.
 */
export type EnvironmentDeclaration = Readonly<Record<string, string>>;

type NoVariables = Readonly<Record<never, string>>;

/** A declared environment's values: every required variable, and each optional one if it is set. */
export type Environment<
  Required extends EnvironmentDeclaration,
  Optional extends EnvironmentDeclaration = NoVariables,
> = { readonly [Name in keyof Required]: string } & { readonly [Name in keyof Optional]?: string };

/**
 * Reads a function's declared environment, once per cold start. A required variable that is
 * missing or empty is a deployment bug, so it throws at once, naming each one and what it holds,
 * rather than failing later on an undefined queue or table. Optional variables are overrides that
 * only some environments set (the local stack's), absent in AWS.
 */
export function readEnvironment<
  Required extends EnvironmentDeclaration,
  Optional extends EnvironmentDeclaration = NoVariables,
>(
  required: Required,
  optional?: Optional,
  env: NodeJS.ProcessEnv = process.env,
): Environment<Required, Optional> {
  const missing = Object.keys(required).filter((name) => !env[name]);
  if (missing.length > 0) {
    const list = missing.map((name) => `${name} (${required[name]})`).join('; ');
    throw new Error(`Environment variables not set: ${list}`);
  }
  const declared = Object.keys({ ...required, ...optional });
  const values = declared.flatMap((name) => (env[name] ? [[name, env[name]]] : []));
  return Object.fromEntries(values) as Environment<Required, Optional>;
}
