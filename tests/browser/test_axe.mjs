// axeScan(): injected through page.evaluate even under a CSP that refuses script tags; serious and
// critical violations fail with a readable list; a clean page passes.
import assert from 'node:assert/strict';
import { test, axeScan, screenshot } from './harness.mjs';

// The site's policy shape: no inline or added script at all.
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">`;

const CLEAN = `<!doctype html><html lang="en"><head><meta charset="utf-8">${CSP}
<title>Clean fixture</title></head><body><main><h1>Mamon</h1>
<form><label for="username">Username</label><input id="username" name="username">
<button type="submit">Log in</button></form></main></body></html>`;

// One known violation: an image without alternative text (axe rule image-alt, critical).
const BROKEN = CLEAN.replace('Clean fixture', 'Broken fixture')
  .replace('<h1>Mamon</h1>', '<h1>Mamon</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">');

test('axeScan passes a clean page under a strict CSP', async ({ newPage }) => {
  const page = await newPage();
  await page.setContent(CLEAN);
  // The CSP is in force: an added script tag is refused ...
  await assert.rejects(page.addScriptTag({ content: 'window.injected = 1' }));
  assert.equal(await page.evaluate('window.injected'), undefined);
  // ... and axe still runs.
  const result = await axeScan(page);
  assert.equal(result.violations.filter((v) => v.impact === 'critical').length, 0);
  assert.match(result.testEngine.version, /^4\./);
  await screenshot(page, 'axe-clean-fixture');
});

test('axeScan fails on a critical violation and names it', async ({ newPage }) => {
  const page = await newPage();
  await page.setContent(BROKEN);
  const err = await axeScan(page).then(() => null, (e) => e);
  assert.ok(err, 'axeScan accepted a page with an image without alt text');
  assert.match(err.message, /image-alt \(critical\)/);
  assert.match(err.message, /img/);
  assert.deepEqual(err.violations.map((v) => v.id), ['image-alt']);
  // A rule can be switched off by id (for a documented reason in the caller).
  await axeScan(page, { disableRules: ['image-alt'] });
});
