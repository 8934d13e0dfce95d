// The fake Mollie process for the top-up tests: a payment made through its API (as Mamon makes
// it) has a checkout link on loopback; Chromium "pays" there and is sent to the redirect URL,
// and the payment's status is what the test chose.
import assert from 'node:assert/strict';
import { test, startFakeMollie, startServer } from './harness.mjs';

test('fake Mollie: create, check out in Chromium, paid, redirected back', async ({ newPage }) => {
  const server = await startServer({ users: [] });
  const mollie = await startFakeMollie();
  try {
    const auth = { Authorization: `Bearer ${mollie.apiKey}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${mollie.apiUrl}/payments`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({
        amount: { currency: 'EUR', value: '12.50' }, description: 'Opwaardering',
        redirectUrl: server.url('/healthz'), webhookUrl: server.url('/mollie/webhook/'),
      }),
    });
    assert.equal(created.status, 201);
    const payment = await created.json();
    const checkout = payment._links.checkout.href;
    assert.ok(checkout.startsWith(mollie.controlUrl + '/checkout/'), checkout);

    const page = await newPage();
    await page.goto(checkout);
    assert.match(await page.textContent('h1'), /EUR 12\.50/);
    await Promise.all([page.waitForURL(server.url('/healthz')), page.click('button[value=paid]')]);

    const fetched = await fetch(`${mollie.apiUrl}/payments/${payment.id}`, { headers: auth });
    assert.equal((await fetched.json()).status, 'paid');
    const all = await mollie.control('GET', '/payments');
    assert.deepEqual(all.map((p) => [p.id, p.status]), [[payment.id, 'paid']]);

    await mollie.control('POST', '/status', { id: payment.id, status: 'expired' });
    const again = await fetch(`${mollie.apiUrl}/payments/${payment.id}`, { headers: auth });
    assert.equal((await again.json()).status, 'expired');
  } finally {
    mollie.stop();
  }
});
