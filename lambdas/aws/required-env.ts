/** Reads an environment variable the stack always sets; its absence is a deployment bug. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
