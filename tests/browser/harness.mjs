// Browser-test harness: the real `mamon` binary on a free loopback port with a fresh SQLite
// database, one headless Chromium (Debian's /usr/bin/chromium driven by playwright-core) for the
// whole run, and the helpers every browser test uses.
//
// Environment:
//   MAMON_BIN             path to the mamon executable (set by ctest)
//   MAMON_FIXTURES_DIR    folder with starterDATA.json (for startServer({ starterData: true }))
//   MAMON_SCREENSHOT_DIR  where screenshot() writes PNGs (default <cwd>/screenshots)
//   MAMON_CHROMIUM        the browser binary (default /usr/bin/chromium)
//
// A test file registers tests with test(name, fn); run.mjs runs them (docs/testing.md). fn gets
// a context { newPage(contextOptions), browser }; pages from newPage() are closed after the test
// and servers from startServer() are stopped at the end of the run (a test may stop its own
// earlier), also when the test fails.
//
// Ownership and teardown: every server process is spawned in its own process group and registered
// here; stopAllServers() (called by the runner in a `finally`, and on SIGINT/SIGTERM/exit) sends
// SIGTERM to the group, waits, then SIGKILLs whatever is left. Not thread-safe (Node is single
// threaded); one run per process.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const MAMON_BIN = process.env.MAMON_BIN || 'mamon';
export const CHROMIUM = process.env.MAMON_CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery staple';
export const SCREENSHOT_DIR = path.resolve(process.env.MAMON_SCREENSHOT_DIR || 'screenshots');
export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};
// The users every server from startServer() gets unless told otherwise (password PASSWORD).
export const SUPERUSER = 'admin';
export const MEMBER = 'member';

const SERVER_START_TIMEOUT_MS = 30000;  // generous: under ASan a cold start takes seconds
const SERVER_STOP_TIMEOUT_MS = 20000;
const CLI_TIMEOUT_MS = 120000;

// ---------------------------------------------------------------------------------------------
// Test registry (filled by test files, drained by run.mjs).

const registered = [];

// Registers a test. options.timeoutMs (default 60 s) bounds the whole test.
export function test(name, fn, options = {}) {
  registered.push({ name, fn, timeoutMs: options.timeoutMs ?? 60000, file: currentFile });
}

let currentFile = '';
export function _setCurrentFile(file) { currentFile = file; }
export function _registeredTests() { return registered; }

// ---------------------------------------------------------------------------------------------
// Servers.

const liveServers = new Set();

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class MamonServer {
  // Use startServer(); the constructor only prepares the temp dir and environment.
  constructor({ extraEnv = {} } = {}) {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-browser-'));
    fs.chmodSync(this.tmp, 0o700);
    this.dbUrl = 'sqlite:///' + path.join(this.tmp, 'mamon.sqlite3');  // absolute: 4 slashes
    this.port = 0;
    this.base = '';
    this.proc = null;
    this.logPath = path.join(this.tmp, 'server.log');
    this.fixedPublicUrl = extraEnv.PUBLIC_URL;  // else the bound address, as the API harness
    this.env = {
      ...process.env,
      DATABASE_URL: this.dbUrl,
      SECRET_KEY: 'test-secret-key-' + 'x'.repeat(32),
      JWT_KEY: 'test-jwt-key-' + 'y'.repeat(32),
      MEDIA_ROOT: path.join(this.tmp, 'media'),
      open_bar_name: 'De Test Bar',
      WORKERS: '2',
      ...extraEnv,
    };
  }

  // Runs `mamon ARGS...` with this server's database; throws with stderr on a non-zero exit
  // unless check is false. Returns { status, stdout, stderr }.
  cli(args, { env = {}, check = true } = {}) {
    const r = spawnSync(MAMON_BIN, args, {
      env: { ...this.env, ...env }, encoding: 'utf8', timeout: CLI_TIMEOUT_MS,
    });
    if (r.error) throw new Error(`mamon ${args.join(' ')}: ${r.error.message}`);
    if (check && r.status !== 0) {
      throw new Error(`mamon ${args.join(' ')} failed (${r.status}): ${(r.stderr || '').trim()}`);
    }
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  // `mamon adduser` with a holder; groups e.g. ['Bestuur'], personnel a nickname.
  addUser(username, { groups = [], personnel = null, superuser = false, password = PASSWORD } = {}) {
    const args = ['adduser', username, '--password-env', 'MAMON_T_PW', '--first-name',
      username.charAt(0).toUpperCase() + username.slice(1), '--last-name', 'Test'];
    for (const g of groups) args.push('--group', g);
    if (personnel) args.push('--personnel', personnel);
    if (superuser) args.push('--superuser');
    this.cli(args, { env: { MAMON_T_PW: password } });
  }

  // `mamon createsuperuser --noinput` (no holder, like Django's).
  createSuperuser(username, password = PASSWORD) {
    this.cli(['createsuperuser', '--noinput', '--username', username],
      { env: { MAMON_SUPERUSER_PASSWORD: password } });
  }

  async start() {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.env.BIND = `127.0.0.1:${this.port}`;
    this.env.PUBLIC_URL = this.fixedPublicUrl ?? this.base;
    const log = fs.openSync(this.logPath, 'w');
    this.proc = spawn(MAMON_BIN, ['serve', '--bind', this.env.BIND], {
      env: this.env, stdio: ['ignore', log, log], detached: true,  // own process group
    });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => resolve({ code, signal }));
    });
    this.proc.on('error', () => {});
    liveServers.add(this);
    const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
        throw new Error('server exited early:\n' + this.readLog());
      }
      try {
        const r = await fetch(this.base + '/healthz');
        if (r.status === 200) return this;
      } catch { /* not listening yet */ }
      await sleep(50);
    }
    throw new Error('server did not become healthy:\n' + this.readLog());
  }

  url(p = '/') { return this.base + p; }

  readLog(maxChars = 5000) {
    try {
      const text = fs.readFileSync(this.logPath, 'utf8');
      return text.slice(-maxChars);
    } catch { return '(no log)'; }
  }

  // SIGTERM to the process group; the server must exit 0 and `mamon check` must pass (unless
  // checkLedger is false). Kills and removes everything even when a check fails.
  async stop({ checkLedger = true } = {}) {
    const problems = [];
    try {
      if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
        killGroup(this.proc.pid, 'SIGTERM');
        const result = await Promise.race([this.exited, sleep(SERVER_STOP_TIMEOUT_MS)]);
        if (!result) problems.push('server did not stop within 20 s of SIGTERM');
        else if (result.code !== 0) {
          problems.push(`server exited with ${result.code ?? result.signal}:\n` + this.readLog());
        }
      }
      if (checkLedger && problems.length === 0) {
        const r = this.cli(['check'], { check: false });
        if (r.status !== 0) problems.push('mamon check failed:\n' + r.stdout + r.stderr);
      }
    } finally {
      if (this.proc) killGroup(this.proc.pid, 'SIGKILL');
      liveServers.delete(this);
      fs.rmSync(this.tmp, { recursive: true, force: true });
    }
    if (problems.length) throw new Error(problems.join('\n'));
  }
}

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

// Migrates a fresh database, optionally loads starterDATA.json, creates the users (by default a
// superuser `admin` and a member `member`, both with PASSWORD) and starts the server.
//   users: [{ username, groups, personnel, superuser, password }]
export async function startServer({ starterData = false, users = null, extraEnv = {} } = {}) {
  const server = new MamonServer({ extraEnv });
  try {
    server.cli(['migrate']);
    if (starterData) {
      const dir = process.env.MAMON_FIXTURES_DIR;
      if (!dir) throw new Error('starterData needs MAMON_FIXTURES_DIR');
      server.cli(['loaddata', path.join(dir, 'starterDATA.json')]);
    }
    const wanted = users ?? [
      { username: SUPERUSER, superuser: true },
      { username: MEMBER },
    ];
    for (const u of wanted) server.addUser(u.username, u);
    await server.start();
    return server;
  } catch (err) {
    await server.stop({ checkLedger: false }).catch(() => {});
    throw err;
  }
}

// Stops every server still running; returns the errors (the runner reports them as failures).
export async function stopAllServers() {
  const errors = [];
  for (const s of [...liveServers]) {
    try { await s.stop(); } catch (err) { errors.push(err); }
  }
  return errors;
}

// Last resort on exit (synchronous): kill every process group still registered.
export function killAllServersNow() {
  for (const s of liveServers) if (s.proc) killGroup(s.proc.pid, 'SIGKILL');
}

// A fake Mollie (tests/browser/fake_mollie_server.py around tests/http/fake_mollie.py) as a
// subprocess; see that file for its control API. Resolves to { apiUrl, apiKey, controlUrl,
// stop() }; pass MOLLIE_API_URL / MOLLIE_API_KEY to startServer's extraEnv.
export async function startFakeMollie() {
  const proc = spawn('python3', [path.join(here, 'fake_mollie_server.py')], {
    stdio: ['ignore', 'pipe', 'inherit'], detached: true,
  });
  const fake = { proc, server: null };
  liveFakes.add(fake);
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('fake Mollie did not start')), 10000);
    proc.stdout.on('data', (chunk) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); resolve(buf.slice(0, nl)); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`fake Mollie exited ${code}`)); });
  });
  const info = JSON.parse(line);
  return {
    ...info,
    async control(method, p, body) {
      const r = await fetch(info.controlUrl + p, {
        method, headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`fake Mollie control ${method} ${p}: ${r.status}`);
      return r.json();
    },
    stop() { killGroup(proc.pid, 'SIGTERM'); liveFakes.delete(fake); },
  };
}
const liveFakes = new Set();
export function stopAllFakes() {
  for (const f of liveFakes) killGroup(f.proc.pid, 'SIGKILL');
  liveFakes.clear();
}

// ---------------------------------------------------------------------------------------------
// The browser.

// Launches the one Chromium of the run. Playwright's launch() gives it a fresh, private
// user-data-dir of its own (a temp folder removed at close); it refuses --user-data-dir in args.
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

export function playwrightVersion() {
  return require('playwright-core/package.json').version;
}
export function axeVersion() {
  return require('axe-core/package.json').version;
}

// Opens /login/ (with ?next= when given), fills the form's username and password fields (WEB.md
// §2b: named username and password) and submits it;
// resolves after the navigation that follows. Does not assert success: check page.url() or the
// page's content.
export async function login(page, server, username, password = PASSWORD, { next = null } = {}) {
  const target = '/login/' + (next ? `?next=${encodeURIComponent(next)}` : '');
  await page.goto(server.url(target));
  await page.fill('form input[name="username"]', username);
  await page.fill('form input[name="password"]', password);
  await Promise.all([
    page.waitForNavigation(),
    page.press('form input[name="password"]', 'Enter'),
  ]);
}

// A JSON call to the server's API as a client would make it (the bar app, a test's setup): the
// method, path, optional body and optional bearer token. Resolves to {status, json} (json null
// when the body is not JSON).
export async function apiCall(server, method, p, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(server.url(p), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

// apiCall for a test's set-up, which must succeed: resolves to the JSON body, throws with the
// status and body unless the answer is 2xx.
export async function apiOk(server, method, p, body, token) {
  const { status, json } = await apiCall(server, method, p, body, token);
  if (status < 200 || status >= 300) throw new Error(`${method} ${p}: ${status} ${JSON.stringify(json)}`);
  return json;
}

function safeName(name) {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'page';
}

// Saves <name>-desktop.png (1280x900) and <name>-phone.png (390x844), full page, under
// SCREENSHOT_DIR, then restores the page's viewport. Returns the two paths.
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  const paths = [];
  try {
    for (const [kind, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      const file = path.join(SCREENSHOT_DIR, `${safeName(name)}-${kind}.png`);
      await page.screenshot({ path: file, fullPage: true });
      paths.push(file);
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
  return paths;
}

let axeSource = null;

// Runs axe-core on the page: its source is injected with page.evaluate (the site's CSP refuses
// an added script tag; evaluation through the DevTools protocol is not subject to it). Throws an
// Error listing every serious or critical violation (rule, impact, help, up to 5 targets, help
// URL); resolves to axe's full result otherwise. options.disableRules: rule ids to skip, each
// with a reason in the caller.
export async function axeScan(page, { disableRules = [] } = {}) {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate('typeof window.axe === "object"');
  if (!hasAxe) await page.evaluate(axeSource);
  const results = await page.evaluate(async (rules) => {
    const config = { resultTypes: ['violations'], rules: {} };
    for (const id of rules) config.rules[id] = { enabled: false };
    const r = await window.axe.run(document, config);
    return {
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
      testEngine: r.testEngine,
      url: r.url,
    };
  }, disableRules);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map((v) => {
      const shown = v.targets.slice(0, 5).join(', ');
      const more = v.targets.length > 5 ? ` (+${v.targets.length - 5} more)` : '';
      return `  - ${v.id} (${v.impact}): ${v.help}\n      at ${shown}${more}\n      ${v.helpUrl}`;
    });
    const err = new Error(`axe-core: ${bad.length} serious/critical violation(s) on ` +
      `${results.url}:\n${lines.join('\n')}`);
    err.violations = bad;
    throw err;
  }
  return results;
}
