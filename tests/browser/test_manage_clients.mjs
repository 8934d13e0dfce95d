// Client applications in Chromium (issue 9 item 6): a superuser creates a client application,
// copies the token shown once, calls the API with it (200 on its path, 403 elsewhere), revokes it
// (confirming the dialog) and the same token gets 401. Every page passes the axe scan and is
// saved at desktop and phone width (manage-client*.png).
import assert from 'node:assert/strict';
import { test, startServer, screenshot, axeScan, login, PASSWORD } from './harness.mjs';

test('manage clients: create, call the API with the token, revoke and get 401', async ({ newPage }) => {
  const server = await startServer({
    users: [{ username: 'admin', superuser: true }, { username: 'website' }],
  });
  const page = await newPage({ locale: 'nl-NL' });
  await login(page, server, 'admin', PASSWORD, { next: '/manage/clients/' });
  await axeScan(page);
  await screenshot(page, 'manage-clients-empty');

  await page.click('a[href="/manage/clients/new/"]');
  await page.waitForURL(/\/manage\/clients\/new\/$/);
  await axeScan(page);
  await screenshot(page, 'manage-client-new');

  // An invalid pattern: refused next to the field, the input kept.
  await page.fill('#field-name', 'Ledenwebsite');
  await page.fill('#field-user', 'website');
  await page.fill('#field-paths', '/api/products/?\n(unclosed');
  await Promise.all([page.waitForNavigation(), page.click('form.box button[type=submit]')]);
  assert.match(await page.textContent('#field-paths-error'), /\(unclosed/);
  assert.equal(await page.inputValue('#field-name'), 'Ledenwebsite');
  await axeScan(page);
  await screenshot(page, 'manage-client-error');

  await page.fill('#field-paths', '/api/products/?');
  await Promise.all([page.waitForNavigation(), page.click('form.box button[type=submit]')]);
  const token = (await page.inputValue('#client-token')).trim();
  assert.ok(token.split('.').length === 3, token);
  await axeScan(page);
  await screenshot(page, 'manage-client-created');

  const api = (p) => fetch(server.url(p), { headers: { Authorization: token } });
  assert.equal((await api('/api/products/')).status, 200);
  assert.equal((await api('/api/holders/')).status, 403);

  await page.click('a.mamon-button-primary[href^="/manage/clients/"]');
  await page.waitForURL(/\/manage\/clients\/\d+\/$/);
  assert.ok(!(await page.content()).includes(token), 'the token is shown only once');
  await axeScan(page);
  await screenshot(page, 'manage-client-detail');

  page.once('dialog', (dialog) => dialog.accept());
  await Promise.all([page.waitForNavigation(), page.click('button.mamon-button-danger')]);
  assert.equal((await api('/api/products/')).status, 401);
  await page.goto(server.url('/manage/clients/'));
  assert.match(await page.textContent('table'), /ingetrokken/);
  await axeScan(page);
  await screenshot(page, 'manage-clients-revoked');
});
