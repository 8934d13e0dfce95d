// The audit log in Chromium (issue 9 item 8): a board member creates a category and changes it;
// the audit committee (Kascommissie) finds both in /manage/audit/, filters by action and sees
// before → after, while the management page itself answers it 403. Every page passes the axe
// scan and is saved at desktop and phone width (audit-*.png).
import assert from 'node:assert/strict';
import { test, startServer, screenshot, axeScan, login, PASSWORD } from './harness.mjs';

test('audit log: the board changes a category, the Kascommissie finds it', async ({ newPage }) => {
  const server = await startServer({
    users: [{ username: 'bestuur', groups: ['Bestuur'] }, { username: 'kas', groups: ['Kascommissie'] }],
  });
  const board = await newPage({ locale: 'nl-NL' });
  await login(board, server, 'bestuur', PASSWORD, { next: '/manage/categories/new/' });
  await board.fill('#field-name', 'Bier');
  await Promise.all([board.waitForNavigation(), board.click('form.box button[type=submit]')]);
  const categoryPath = new URL(board.url()).pathname;
  assert.match(categoryPath, /^\/manage\/categories\/\d+\/$/);
  await board.fill('#field-name', 'Speciaalbier');
  await Promise.all([board.waitForNavigation(), board.click('form.box button[type=submit]')]);

  const kas = await newPage({ locale: 'nl-NL' });
  await login(kas, server, 'kas', PASSWORD);
  const denied = await kas.goto(server.url('/manage/categories/'));
  assert.equal(denied.status(), 403);
  await kas.goto(server.url('/home/'));
  await Promise.all([kas.waitForNavigation(), kas.click('nav a[href="/manage/audit/"]')]);
  assert.equal(new URL(kas.url()).pathname, '/manage/audit/');
  await axeScan(kas);
  await screenshot(kas, 'audit-log');

  await kas.selectOption('#filter-action', 'update_category');
  await Promise.all([kas.waitForNavigation(), kas.click('.mamon-filter button[type=submit]')]);
  assert.match(kas.url(), /action=update_category/);
  const rows = await kas.$$('#audit-log tbody tr');
  assert.equal(rows.length, 1);
  const change = await kas.textContent('#audit-log tbody tr');
  assert.match(change, /Bier/);
  assert.match(change, /Speciaalbier/);
  assert.match(change, /bestuur/);
  await axeScan(kas);
  await screenshot(kas, 'audit-log-filtered');

  // A bad filter: the message beside the field, the input kept.
  await kas.goto(server.url('/manage/audit/?user=abc'));
  assert.match(await kas.textContent('#filter-user-error'), /\S/);
  assert.equal(await kas.inputValue('#filter-user'), 'abc');
  await axeScan(kas);
  await screenshot(kas, 'audit-log-error');
});
