// Sessions in the web client: errors shown inline, an expired access token renewed with the
// refresh token, and logging out revoking it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { request, signJwt, validClaims } from '../integration/server.mjs';
import {
  DEFAULT_PASSWORD, expectOnline, registerInUi, screenshot, uniqueName, useBrowserServer,
} from './harness.mjs';

const STORAGE_KEY = 'chatserver.session';

describe('web client: sessions', () => {
  const { server, newPerson } = useBrowserServer();

  test('bad input and wrong passwords are explained inline', async () => {
    const person = await newPerson();
    const { page } = person;
    await page.goto('/');
    await page.getByLabel('User name').fill('nobody_here');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByLabel('Password').press('Enter'); // the keyboard submits
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password.' }).waitFor();

    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('User name').fill(uniqueName('short'));
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: 'at least 8 characters' }).waitFor();
    await screenshot(page, 'session-inline-error');

    const taken = uniqueName('taken');
    await registerInUi(page, taken, DEFAULT_PASSWORD);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('User name').fill(taken);
    await page.getByLabel('Password').fill(DEFAULT_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    const conflict = page.getByRole('alert');
    await conflict.waitFor();
    assert.ok((await conflict.innerText()).length > 5, await conflict.innerText());
    assert.deepEqual(person.problems, []);
    await person.context.close();
  });

  test('an expired access token is renewed; logging out revokes the refresh token', async () => {
    const person = await newPerson();
    const { page } = person;
    const userName = uniqueName('expiring');
    await registerInUi(page, userName, DEFAULT_PASSWORD);

    // Swap in an access token that expired a minute ago, as if the tab slept for hours.
    const stored = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY));
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({ alg: 'HS256', typ: 'JWT' },
                            validClaims(stored.userId, stored.userName, { iat: now - 7260, nbf: now - 7260, exp: now - 60 }));
    const probe = await request(server.url, 'GET', '/api/Groups', { token: expired });
    assert.equal(probe.status, 401, 'the crafted token really is refused');
    // expiresAt still in the future, so the client only learns from the server's 401.
    await page.evaluate(([key, session]) => localStorage.setItem(key, JSON.stringify(session)),
                        [STORAGE_KEY, { ...stored, accessToken: expired, expiresAt: Date.now() + 3_600_000 }]);
    await page.reload();
    await expectOnline(page);
    await page.getByRole('heading', { name: 'Groups' }).waitFor();
    await page.locator('.groups[data-state="loaded"]').waitFor();
    const renewed = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY));
    assert.notEqual(renewed.accessToken, expired, 'a new access token');
    assert.notEqual(renewed.refreshToken, stored.refreshToken, 'the refresh token rotated');
    assert.equal(renewed.userName, userName);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), null);
    const reuse = await request(server.url, 'POST', '/api/Auth/refresh',
                                { json: { refreshToken: renewed.refreshToken } });
    assert.equal(reuse.status, 401, 'the logged-out refresh token no longer works');
    await page.reload();
    await page.getByLabel('User name').waitFor();
    await screenshot(page, 'session-logged-out');
    assert.deepEqual(person.problems, []);
    await person.context.close();
  });
});
