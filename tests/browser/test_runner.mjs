// The runner itself, in a child process: failures are counted and reported, the failing test's
// page is photographed, the server it left running is stopped, and a run without tests fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function childRun(args, env) {
  return spawnSync(process.execPath, [path.join(here, 'run.mjs'), ...args], {
    env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120000,
  });
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

test('a failing test is counted, photographed and its server stopped', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-runner-'));
  try {
    const pidFile = path.join(tmp, 'pid');
    const shots = path.join(tmp, 'shots');
    const r = childRun([path.join(here, 'fixtures', 'failing_run.mjs')],
      { MAMON_T_PID_FILE: pidFile, MAMON_SCREENSHOT_DIR: shots });
    const lines = r.stdout.trim().split('\n');
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(lines.at(-1), '1 passed, 1 failed');
    assert.match(r.stdout, /FAIL failing_run\.mjs > fails on purpose/);
    assert.match(r.stdout, /deliberate failure/);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(pid > 0);
    assert.equal(alive(pid), false, `server ${pid} still running after the run`);
    assert.ok(fs.readdirSync(shots).some((f) => f.startsWith('FAILED-fails-on-purpose')),
      `no failure screenshot in ${fs.readdirSync(shots)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, { timeoutMs: 150000 });

test('a run in which no test ran fails', async () => {
  const r = childRun([path.join(here, 'test_00_versions.mjs')],
    { MAMON_BROWSER_GREP: 'no test has this name' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.equal(r.stdout.trim().split('\n').at(-1), '0 passed, 0 failed');
});
