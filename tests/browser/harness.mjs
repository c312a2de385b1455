// Browser-test harness: a chatserver that can be restarted on the same port and data
// directory, a headless Chromium, and helpers that drive the web client like a person.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

import {
  DEFAULT_PASSWORD, REPO_ROOT, requireServerBinary, serverBinary, testServerArgs, uniqueName,
} from '../integration/server.mjs';
import { freePort, launchServer } from '../support/launch-server.mjs';

export { DEFAULT_PASSWORD, uniqueName } from '../integration/server.mjs';
export { freePort } from '../support/launch-server.mjs';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fails early, with the fix, when the web client has not been built. */
export function requireWebBuild() {
  const index = join(REPO_ROOT, 'web', 'dist', 'index.html');
  if (!existsSync(index)) {
    throw new Error(`No web client at ${index}: build it with (cd web && npm ci && npm run build)`);
  }
}

/** Starts the binary once on `port` with `dataDir`; resolves when it is listening. */
function launch(port, dataDir, extraArgs) {
  return launchServer({
    bin: serverBinary(), args: testServerArgs(dataDir, extraArgs), port, cwd: REPO_ROOT,
    timeoutMs: START_TIMEOUT_MS, stopTimeoutMs: STOP_TIMEOUT_MS, maxLogChars: 32 * 1024,
  });
}

/**
 * A chatserver on a fixed free port with its own data directory, which restart() stops
 * (SIGTERM) and starts again on the same port and data, as an operator would.
 */
export async function startRestartableServer(extraArgs = []) {
  requireServerBinary();
  const dataDir = await mkdtemp(join(tmpdir(), 'chatserver-browser-'));
  const port = await freePort();
  let current = await launch(port, dataDir, extraArgs);
  const output = () => current.logs().output;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    /** Stops the server and leaves it down until start(). */
    async stop() {
      const outcome = await current.stop();
      assert.equal(outcome.code, 0, `server exit after SIGTERM: ${JSON.stringify(outcome)}\n${output()}`);
    },
    /** Starts it again on the same port and data directory (retrying while the port is busy). */
    async start() {
      let lastError;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        try {
          current = await launch(port, dataDir, extraArgs);
          return;
        } catch (error) {
          lastError = error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      throw lastError;
    },
    async dispose() {
      try {
        await current.stop();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    logs: output,
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page in its own browser context (its own localStorage: one person). Records console
 * errors and fails on any dialog: errors must be shown inline, never as alert boxes.
 */
export async function newPerson(browser, baseURL, options = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1180, height: 760 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', async (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

/**
 * The setup every browser suite shares; call it at the top of a `describe`. It registers a
 * `before` that checks the web client is built and starts a restartable server and a
 * headless Chromium, and an `after` that closes the browser, then disposes of the server.
 *
 * Returns { server, newPerson } at once, so that a suite names them a single time: `server`
 * (startRestartableServer's object) is empty until the `before` fills it in, and
 * newPerson(options) opens a person's page (see newPerson above) on that server.
 */
export function useBrowserServer() {
  const server = {};
  let browser;
  before(async () => {
    requireWebBuild();
    Object.assign(server, await startRestartableServer());
    browser = await launchBrowser();
  });
  after(async () => {
    try {
      await browser?.close();
    } finally {
      await server.dispose?.();
    }
  });
  return { server, newPerson: (options) => newPerson(browser, server.url, options) };
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

// ---------------------------------------------------------------------------------------
// Driving the UI

export async function registerInUi(page, userName, password) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expectOnline(page);
}

export async function logInInUi(page, userName, password) {
  await page.goto('/');
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expectOnline(page);
}

/** Waits for the header to say the live connection is up. */
export async function expectOnline(page, timeout = 20_000) {
  await page.locator('.status-pill[data-state="connected"]').waitFor({ timeout });
}

export async function createGroupInUi(page, name) {
  await page.getByLabel('New group').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('.chat-title', { hasText: name }).waitFor();
}

export function groupItem(page, name) {
  return page.locator('.group-list li', { has: page.locator('.group-name', { hasText: name }) });
}

export async function joinGroupInUi(page, name) {
  await page.getByRole('button', { name: 'Refresh' }).click();
  await groupItem(page, name).getByRole('button', { name: `Join ${name}` }).click();
  await page.locator('.chat-title', { hasText: name }).waitFor();
  await groupItem(page, name).locator('.badge', { hasText: 'Member' }).waitFor();
}

export async function openGroupInUi(page, name) {
  await groupItem(page, name).locator('.group-open').click();
  await page.locator('.chat-title', { hasText: name }).waitFor();
}

/**
 * Two people, each registered in a browser of their own: alice creates a group named after
 * `topic` and opens it, bob joins it. Returns { alice, bob, aliceName, bobName, groupName }.
 */
export async function twoInAGroup(newPerson, topic) {
  const alice = await newPerson();
  const bob = await newPerson();
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');
  const groupName = `${topic} ${aliceName.slice(-6)}`;
  await registerInUi(alice.page, aliceName, DEFAULT_PASSWORD);
  await createGroupInUi(alice.page, groupName);
  await registerInUi(bob.page, bobName, DEFAULT_PASSWORD);
  await joinGroupInUi(bob.page, groupName);
  return { alice, bob, aliceName, bobName, groupName };
}

/** Types a message and presses Enter. */
export async function sendInUi(page, text) {
  const input = page.getByLabel('Message', { exact: true });
  await input.fill(text);
  await input.press('Enter');
}

/** Waits until a stored (not pending) message with this text is shown. */
export async function waitForMessage(page, text, timeout = 15_000) {
  await page.locator('.messages:not(.pending) .message .text', { hasText: text }).first()
    .waitFor({ timeout });
}

/** The stored messages shown, in order: [{ seq, author, text, own }]. */
export function shownMessages(page) {
  return page.locator('.messages:not(.pending) .message').evaluateAll((items) => items.map((item) => ({
    seq: Number(item.getAttribute('data-seq')),
    author: item.querySelector('.author')?.textContent ?? '',
    text: item.querySelector('.text')?.textContent ?? '',
    own: item.classList.contains('own'),
  })));
}

/** Asserts seqs are 1..n in order, each once. */
export function assertContiguous(messages, label) {
  const seqs = messages.map((message) => message.seq);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), `${label}: seqs ${seqs}`);
}
