// Users, groups and bar staff in Chromium (issue 9 items 1, 2, 8): a superuser creates a user,
// makes them bar staff, who then sells through the API; deactivating the staff record refuses
// the next sale, deactivating the user refuses their token; a group gets a permission from the
// grid; taking away one's own superuser is refused beside the field; the audit log lists it all.
// Every page passes the axe scan and is saved at desktop and phone width (manage-user*.png,
// manage-group*.png, manage-personnel*.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, startServer, screenshot, axeScan, login, PASSWORD, apiCall } from './harness.mjs';

const PILS = 1;

const call = apiCall;

const submit = (page, selector) =>
  Promise.all([page.waitForNavigation(), page.click(selector)]);

test('manage users: create, make bar staff, sell, deactivate, groups, audit', async ({ newPage }) => {
  const server = await startServer({ users: [{ username: 'admin', superuser: true }] });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamon-users-')), 'products.json');
  fs.writeFileSync(file, JSON.stringify([
    { model: 'purchase.product', pk: PILS, fields: { name: 'Pils', price: 2.5, color: '#FFCC00', active: true, image: '' } },
  ]));
  server.cli(['loaddata', file]);

  const page = await newPage({ locale: 'nl-NL' });
  await login(page, server, 'admin', PASSWORD, { next: '/manage/users/' });
  await axeScan(page);
  await screenshot(page, 'manage-users');

  // A new user, with a password (an unknown group cannot be chosen: the boxes are the groups).
  await page.click('a[href="/manage/users/new/"]');
  await page.waitForURL(/\/manage\/users\/new\/$/);
  await page.fill('#field-username', 'admin');  // taken
  await page.fill('#field-first_name', 'Nina');
  await page.fill('#field-last_name', 'Nieuw');
  await page.fill('#field-email', 'nina@example.org');
  await page.fill('#field-password', 'een goed wachtwoord');
  await submit(page, 'form.box button[type=submit]');
  assert.match(await page.textContent('#field-username-error'), /al in gebruik/);
  assert.equal(await page.inputValue('#field-first_name'), 'Nina');
  await axeScan(page);
  await screenshot(page, 'manage-user-new-error');
  await page.fill('#field-username', 'nieuw');
  await page.fill('#field-password', 'een goed wachtwoord');
  await submit(page, 'form.box button[type=submit]');
  await page.waitForURL(/\/manage\/users\/\d+\/$/);
  const userPath = new URL(page.url()).pathname;
  assert.match(await page.textContent('.mamon-flash'), /aangemaakt/);
  await axeScan(page);
  await screenshot(page, 'manage-user-edit');

  // Bar staff: the user sells through the API at once.
  await page.goto(server.url('/manage/personnel/new/'));
  await page.fill('#field-user', 'nieuw');
  await page.fill('#field-nickname', 'Nina');
  await submit(page, 'form.box button[type=submit]');
  await page.waitForURL(/\/manage\/personnel\/\d+\/$/);
  await axeScan(page);
  await screenshot(page, 'manage-personnel-form');
  const token = (await call(server, 'POST', '/api/login/',
    { username: 'nieuw', password: 'een goed wachtwoord' })).json.access;
  const sale = { orders: [{ product: PILS, quantity: 1 }], cash: true };
  assert.equal((await call(server, 'POST', '/api/purchases/', sale, token)).status, 201);

  // The staff record deactivated: the next sale is refused.
  await page.uncheck('#field-active');
  await submit(page, 'form.box button[type=submit]');
  assert.equal((await call(server, 'POST', '/api/purchases/', sale, token)).status, 403);
  await page.goto(server.url('/manage/personnel/'));
  await axeScan(page);
  await screenshot(page, 'manage-personnel');

  // The user deactivated: the token itself is refused.
  await page.goto(server.url(userPath));
  await page.uncheck('#field-is_active');
  await submit(page, 'form.box button[type=submit]');
  assert.match(await page.textContent('.mamon-flash'), /gedeactiveerd/);
  assert.equal((await call(server, 'GET', '/api/products/', undefined, token)).status, 401);

  // Taking away one's own superuser (the last one) is refused beside the field.
  await page.goto(server.url('/manage/users/?search=admin'));
  await submit(page, 'table a:text-is("admin")');
  await page.uncheck('#field-is_superuser');
  await submit(page, 'form.box button[type=submit]');
  assert.match(await page.textContent('#field-is_superuser-error'), /laatste actieve superuser/);
  await axeScan(page);
  await screenshot(page, 'manage-user-error');

  // A group with one permission from the grid.
  await page.goto(server.url('/manage/groups/'));
  await axeScan(page);
  await screenshot(page, 'manage-groups');
  await page.click('a[href="/manage/groups/new/"]');
  await page.fill('#field-name', 'Kassiers');
  await submit(page, 'form.box button[type=submit]');
  await page.waitForURL(/\/manage\/groups\/\d+\/$/);
  await page.check('#grid-view_reports');
  await submit(page, 'form[action$="/permissions/"] button[type=submit]');
  assert.ok(await page.isChecked('#grid-view_reports'));
  assert.ok(!(await page.isChecked('#grid-sell')));
  await axeScan(page);
  await screenshot(page, 'manage-group');

  // Everything above is in the audit log.
  await page.goto(server.url('/manage/audit/'));
  const log = await page.textContent('main');
  for (const action of ['create_user', 'update_user', 'update_personnel', 'create_group',
    'grant_permission']) {
    assert.ok(log.includes(action), `${action} in the audit log`);
  }
  await screenshot(page, 'manage-audit-users');
});
