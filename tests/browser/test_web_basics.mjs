// The website's shared pages in Chromium (issue 8 item 1): the landing page, a failed log-in, the
// 403 page naming the missing permission, the profile, and an XLSX export downloaded by the
// browser and opened with Debian's python3-openpyxl. Every page passes the axe scan and is saved
// at desktop and phone width (web-*.png). Runs on the imported starterDATA.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, screenshot, axeScan, login, SUPERUSER, MEMBER, PASSWORD } from './harness.mjs';

// pyenv's python3 may come first on PATH and cannot see Debian's packages.
const PYTHON = process.env.MAMON_PYTHON || '/usr/bin/python3';

test('landing, failed log-in, 403 page and profile', async ({ newPage }) => {
  const server = await startServer({ starterData: true });
  const page = await newPage({ locale: 'nl-NL' });
  await page.goto(server.url('/'));
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.ok(await page.locator('a[href^="/login/"]').count() > 0, 'a log-in link');
  await axeScan(page);
  await screenshot(page, 'web-landing');

  await login(page, server, MEMBER, 'wrong password');
  assert.ok(page.url().startsWith(server.url('/login/')), page.url());
  assert.equal(await page.inputValue('input[name="username"]'), MEMBER, 'the username is kept');
  assert.ok(await page.locator('[role="alert"]').count() > 0, 'an error is shown');
  await axeScan(page);
  await screenshot(page, 'web-login-error');

  await login(page, server, MEMBER, PASSWORD, { next: '/board/' });
  const forbidden = await page.goto(server.url('/board/'));
  assert.equal(forbidden.status(), 403);
  assert.match(await page.textContent('main'), /view_reports/);
  await axeScan(page);
  await screenshot(page, 'web-403');

  await page.goto(server.url('/profile/'));
  assert.equal(await page.locator('input[name="language"], select[name="language"]').count() > 0, true);
  await axeScan(page);
  await screenshot(page, 'web-profile');
});

test('an XLSX export of the overview downloads and opens', async ({ newPage }) => {
  const server = await startServer({ starterData: true });
  const page = await newPage({ acceptDownloads: true });
  await login(page, server, SUPERUSER, PASSWORD, { next: '/board/?start=2012-01-01&end=2026-12-31' });
  assert.ok(page.url().includes('/board/'), page.url());
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('a[href*="format=xlsx"]'),
  ]);
  assert.match(download.suggestedFilename(), /^mamon-overview-2012-01-01-2026-12-31\.xlsx$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-xlsx-')), 'overview.xlsx');
  await download.saveAs(file);
  const read = execFileSync(PYTHON, ['-c', `
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
out = {}
for sheet in book.worksheets:
    rows = list(sheet.iter_rows(values_only=True))
    out[sheet.title] = {"rows": len(rows),
                        "numbers": sum(isinstance(v, (int, float)) for r in rows[1:] for v in r)}
print(json.dumps(out))
`, file]).toString();
  const sheets = JSON.parse(read);
  assert.ok(Object.keys(sheets).length >= 5, `sheets: ${Object.keys(sheets)}`);
  for (const [name, sheet] of Object.entries(sheets)) {
    assert.ok(sheet.rows >= 2, `${name} has a header and rows`);
    assert.ok(sheet.numbers > 0, `${name} holds numbers as numbers`);
  }
});
