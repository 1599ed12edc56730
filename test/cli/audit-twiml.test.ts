import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAuditTwiml } from '../../tools/cli/audit-twiml';

const CLEAN = '<Response>\n  <Dial action="/voice/dial-done">+15005550006</Dial>\n</Response>\n';
const FLAWED =
  '<Response>\n  <Say>Hello</Say>\n  <Reject reason="busy"/>\n  <Dial>+15005550006</Dial>\n</Response>\n';

const dir = mkdtempSync(join(tmpdir(), 'audit-twiml-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditTwiml(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe('redial audit-twiml', () => {
  it('exits 0 and says so when nothing is found', async () => {
    expect(await run(file('clean.xml', CLEAN))).toEqual({
      code: 0,
      out: ['1 input audited, no findings'],
      err: [],
    });
  });

  it('exits 1 and prints each finding as source:line:column', async () => {
    const flawed = file('flawed.xml', FLAWED);

    const { code, out } = await run(flawed, file('also-clean.xml', CLEAN));

    expect(code).toBe(1);
    expect(out).toEqual([
      expect.stringMatching(new RegExp(`^${flawed}:3:3  <Reject reason="busy">: not the first verb`)),
      expect.stringMatching(new RegExp(`^${flawed}:4:3  <Dial> without an action`)),
      '2 inputs audited, 2 findings',
    ]);
  });

  it('exits 2 with one line per unreadable input, still auditing the rest', async () => {
    const flawed = file('flawed.xml', FLAWED);
    const missing = join(dir, 'missing.xml');
    const notXml = file('notes.txt', 'call Bob back');

    const { code, out, err } = await run(missing, notXml, flawed);

    expect(code).toBe(2);
    expect(err).toEqual([
      `${missing}: error: no such file`,
      `${notXml}: error: not well-formed XML (line 1, column 1): char 'c' is not expected.`,
    ]);
    expect(out.at(-1)).toBe('1 input audited, 2 findings; 2 could not be read');
  });

  it.each([
    [[], "missing required argument 'file-or-url'"],
    [['--method', 'PUT', 'a.xml'], '--method must be GET or POST, not "PUT"'],
    [['--verbose', 'a.xml'], "unknown option '--verbose'"],
  ])('exits 2 on the usage error in %j', async (argv, message) => {
    const { code, err } = await run(...argv);

    expect(code).toBe(2);
    expect(err).toEqual([`redial audit-twiml: ${message} (see redial audit-twiml --help)`]);
  });

  describe('with URLs', () => {
    let server: Server;
    let base: string;
    const requests: { method?: string; url?: string }[] = [];

    beforeAll(async () => {
      server = createServer((request: IncomingMessage, response) => {
        requests.push({ method: request.method, url: request.url });
        const body = request.url === '/flawed' ? FLAWED : CLEAN;
        response.writeHead(request.url === '/gone' ? 404 : 200, { 'content-type': 'text/xml' });
        response.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    beforeEach(() => {
      requests.length = 0;
    });

    it('fetches each URL with GET and audits the answer', async () => {
      const { code, out } = await run(`${base}/flawed`);

      expect(code).toBe(1);
      expect(out[0]).toMatch(new RegExp(`^${base}/flawed:3:3  <Reject`));
      expect(requests).toEqual([{ method: 'GET', url: '/flawed' }]);
    });

    it('uses POST when asked', async () => {
      expect((await run('--method', 'post', `${base}/clean`)).code).toBe(0);
      expect(requests).toEqual([{ method: 'POST', url: '/clean' }]);
    });

    it('exits 2 when the server answers with an error status', async () => {
      const { code, err } = await run(`${base}/gone`);

      expect(code).toBe(2);
      expect(err).toEqual([`${base}/gone: error: GET answered HTTP 404 Not Found`]);
    });
  });

  it('runs as `redial audit-twiml` through the bin launcher', () => {
    const launcher = join(__dirname, '..', '..', 'bin', 'redial.cjs');
    const flawed = file('flawed.xml', FLAWED);

    const result = spawnSync(process.execPath, [launcher, 'audit-twiml', flawed], { encoding: 'utf8' });

    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${flawed}:4:3  <Dial> without an action`);
  });
});
