import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The import picture, as the README draws it: the stack (lib/) and the Lambdas never reach into
 * the tools; the domain never reaches AWS; each tool stands on the stack and the domain and reaches
 * another tool only through the local stack's state file.
 */

const ROOT = join(__dirname, '..', '..');

/** The one module of a tool that other tools may import: the local stack's contract. */
const CONTRACT = 'tools/local-stack/state-file.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import, require or re-export of `file`, as a path from the project root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:from\s+|import\s+|import\s*\(\s*|require\s*\(\s*)['"](\.[^'"]+)['"]/g),
  ];
  return specifiers.map(([, specifier]) => resolveSource(join(dirname(file), specifier)));
}

function resolveSource(path: string): string {
  const candidate = ['', '.ts', '.js', '/index.ts'].map((ending) => path + ending);
  return candidate.find((file) => existsSync(join(ROOT, file)) && !file.endsWith('/')) ?? path;
}

/** The layer a file belongs to: a tool's folder, the domain, the adapters, a handler, the stack. */
function layerOf(file: string): string {
  const [top, second] = file.split('/');
  if (top === 'tools') return `tools/${second}`;
  if (top === 'lambdas')
    return ['domain', 'aws', 'environment'].includes(second) ? `lambdas/${second}` : 'lambdas/handlers';
  return top;
}

const TOOLS = ['tools/local-stack', 'tools/twilio-emulator', 'tools/cli'];

/**
 * Which layers each layer may import, besides its own. lambdas/environment holds the functions'
 * environment declarations: the handlers read them, the stack wires them, the local stack sets its
 * one override by name. The adapters (lambdas/aws) take their values from the handler instead.
 */
const BENEATH_TOOLS = ['lib', 'lambdas/domain', 'lambdas/aws', 'lambdas/environment'];
const ALLOWED: Record<string, string[]> = {
  'lambdas/domain': [],
  'lambdas/environment': [],
  'lambdas/aws': ['lambdas/domain'],
  'lambdas/handlers': ['lambdas/domain', 'lambdas/aws', 'lambdas/environment'],
  lib: ['lambdas/domain', 'lambdas/environment', 'lambdas/handlers'],
  'tools/command-line': BENEATH_TOOLS,
  ...Object.fromEntries(TOOLS.map((tool) => [tool, ['tools/command-line', ...BENEATH_TOOLS]])),
};

function violations(): string[] {
  const files = ['lib', 'lambdas', 'tools'].filter((dir) => existsSync(join(ROOT, dir))).flatMap(sourceFiles);
  return files.flatMap((file) => {
    const from = layerOf(file);
    return importsOf(file)
      .filter((target) => {
        const to = layerOf(target);
        if (to === from || ALLOWED[from]?.includes(to)) return false;
        return !(target === CONTRACT && TOOLS.includes(from));
      })
      .map(
        (target) => `${file} (${from}) imports ${relative(ROOT, join(ROOT, target))} (${layerOf(target)})`,
      );
  });
}

describe('the import picture', () => {
  it('has no arrow from the stack or the Lambdas into the tools, nor between tools but the contract', () => {
    expect(violations()).toEqual([]);
  });

  it('reads the imports it judges', () => {
    // A guard against a rule that passes because it sees nothing.
    expect(importsOf('tools/cli/table-target.ts')).toContain(CONTRACT);
    expect(layerOf('lambdas/webhook/handler.ts')).toBe('lambdas/handlers');
  });
});
