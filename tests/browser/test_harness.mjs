// The machinery itself: the harness starts a real server that Chromium can load, screenshots are
// written at both sizes, servers are stopped cleanly, the users exist.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  test, startServer, screenshot, login, SUPERUSER, MEMBER, PASSWORD, VIEWPORTS,
} from './harness.mjs';

test('Chromium loads /healthz and a default image from a fresh server', async ({ newPage }) => {
  const server = await startServer();
  const page = await newPage();
  const health = await page.goto(server.url('/healthz'));
  assert.equal(health.status(), 200);
  assert.match(health.headers()['content-type'], /json/);

  const image = await page.goto(server.url('/media/products/default.png'));
  assert.equal(image.status(), 200);
  assert.equal(image.headers()['content-type'], 'image/png');
  // Chromium decoded it as an image: its own image document has an <img> with a real size.
  const size = await page.evaluate(() => {
    const img = document.querySelector('img');
    return img ? { w: img.naturalWidth, h: img.naturalHeight } : null;
  });
  assert.ok(size && size.w > 0 && size.h > 0, `the image did not decode: ${JSON.stringify(size)}`);

  const files = await screenshot(page, 'harness-default-image');
  for (const [file, kind] of files.map((f, i) => [f, Object.keys(VIEWPORTS)[i]])) {
    const png = fs.readFileSync(file);
    assert.equal(png.subarray(1, 4).toString(), 'PNG', file);
    assert.equal(png.readUInt32BE(16), VIEWPORTS[kind].width, `${file} width`);
  }
  assert.deepEqual(page.viewportSize(), VIEWPORTS.desktop, 'viewport restored after screenshot()');
  await server.stop();
  assert.equal(server.proc.exitCode, 0);
  assert.ok(!fs.existsSync(server.tmp), 'the temp dir is removed');
});

test('the default users can log in through the API', async () => {
  const server = await startServer();
  for (const username of [SUPERUSER, MEMBER]) assert.ok(await apiToken(server, username));
  const wrong = await fetch(server.url('/api/login/'), {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: MEMBER, password: 'wrong' }),
  });
  assert.equal(wrong.status, 401);
  // Left running on purpose: the runner's teardown must stop it (and check its ledger).
});

async function apiToken(server, username) {
  const r = await fetch(server.url('/api/login/'), {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(r.status, 200, `${username}: ${r.status}`);
  return (await r.json()).access;
}

test('starter data loads and the server reports a clean ledger on stop', async () => {
  const server = await startServer({ starterData: true });
  const products = async (s) => {
    const r = await fetch(s.url('/api/products/'),
      { headers: { Authorization: `Bearer ${await apiToken(s, MEMBER)}` } });
    assert.equal(r.status, 200);
    return r.json();
  };
  const loaded = await products(server);
  assert.ok(loaded.length > 0, 'the starter data has active products');
  await server.stop();  // throws when `mamon check` fails

  const empty = await startServer();
  assert.equal((await products(empty)).length, 0, 'a server without starter data has none');
}, { timeoutMs: 180000 });

// login() against the real /login/ page: a wrong password stays on the form (422, the username
// kept), the right one follows `next` with a session cookie.
test('login() logs in through the real form and follows next', async ({ newPage }) => {
  const server = await startServer();
  const page = await newPage();
  await login(page, server, 'member', 'not the password');
  assert.ok(page.url().startsWith(server.url('/login/')), page.url());
  assert.equal(await page.inputValue('form input[name="username"]'), 'member');
  await login(page, server, 'member', PASSWORD, { next: '/profile/' });
  assert.equal(page.url(), server.url('/profile/'));
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'mamon_session');
  assert.ok(session && session.httpOnly, 'an HttpOnly session cookie');
  await server.stop();
});
