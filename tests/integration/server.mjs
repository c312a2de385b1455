// Test harness: starts the real chatserver binary on a free port with a fresh data
// directory, and small helpers that drive its REST API with the global fetch.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchServer } from '../support/launch-server.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// HS256 key every test server signs with, so tests can craft their own tokens.
export const TEST_JWT_KEY = 'chatserver-integration-test-key-0123456789abcdef';
if (TEST_JWT_KEY.length !== 48) throw new Error('TEST_JWT_KEY must be 48 characters');

export const ISSUER = 'ChatServer';
export const AUDIENCE = 'ChatServer';
export const DEFAULT_PASSWORD = 'correct-horse-42';

export function serverBinary() {
  return resolve(REPO_ROOT, process.env.CHATSERVER_BIN ?? 'build/release/chatserver');
}

/** Fails early, with the fix, when the server binary has not been built. */
export function requireServerBinary() {
  const binary = serverBinary();
  if (!existsSync(binary)) {
    throw new Error(`No server binary at ${binary}: build it (cmake --build --preset release) ` +
                    'or set CHATSERVER_BIN');
  }
  return binary;
}

/**
 * The arguments every test server gets: loopback only, this data directory, the test key, a
 * drain shorter than stop()'s deadline, and room for the many accounts a suite registers from
 * its one address (the tests of the registration limit set their own).
 */
export function testServerArgs(dataDir, extraArgs = []) {
  // The drain waits for hub clients to collect their Close; one a test left unpolled must
  // not hold the exit past stop()'s 10 s (the drain's own tests set their timeout).
  const drain = extraArgs.includes('--shutdown-timeout') ? [] : ['--shutdown-timeout', '5'];
  return ['--bind', '127.0.0.1', '--data-dir', dataDir, '--jwt-key', TEST_JWT_KEY, ...drain,
          ...withRegistrationsUnlimited(extraArgs)];
}

/** `args` with --register-burst and --register-per-minute set high, unless they set them. */
export function withRegistrationsUnlimited(args) {
  const own = args.some((arg) => arg.startsWith('--register-'));
  return own ? args : ['--register-burst', '100000', '--register-per-minute', '100000', ...args];
}

/**
 * Starts a server. Resolves { url, port, process, dataDir, stop(), logs() } once it prints
 * "Now listening on: http://127.0.0.1:<port>"; rejects with its output if it exits first
 * or does not get there within 15 s. stop() throws unless it exits with code 0 on SIGTERM
 * within 10 s, and removes the data directory in any case. `spawn` replaces
 * child_process.spawn (see launchServer), e.g. to start the server under a lower ulimit.
 */
export async function startServer(extraArgs = [], { spawn } = {}) {
  const bin = requireServerBinary();
  const dataDir = await mkdtemp(join(tmpdir(), 'chatserver-it-'));
  let server;
  try {
    server = await launchServer({
      bin, args: testServerArgs(dataDir, extraArgs), cwd: REPO_ROOT, ...(spawn && { spawn }),
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      try {
        const outcome = await server.stop();
        if (outcome.code !== 0) {
          throw new Error(`Server exited with code ${outcome.code} (signal ${outcome.signal}) ` +
                          `after SIGTERM.\nstderr:\n${server.logs().stderr}`);
        }
        return outcome;
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    })();
    return stopped;
  };

  return {
    url: server.url,
    port: server.port,
    process: server.process,
    dataDir,
    stop,
    logs: server.logs,
  };
}

// ---------------------------------------------------------------------------------------
// HTTP helpers

/** Authorization header for a bearer token. */
export function authed(token) {
  return { authorization: `Bearer ${token}` };
}

/**
 * One request. `json` is sent as application/json; `body` is sent as is (with `headers`).
 * Resolves { status, headers, text, body } where body is the parsed JSON or undefined.
 */
export async function request(url, method, path, { token, json, body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token !== undefined) Object.assign(init.headers, authed(token));
  if (json !== undefined) {
    init.headers['content-type'] ??= 'application/json';
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(url + path, init);
  const text = await response.text();
  let parsed;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Asserts a JSON error response with this status and a non-empty string `message`. */
export function expectError(response, status, what = '') {
  const label = `${what} → ${response.status} ${response.text}`;
  if (Array.isArray(status)) {
    assert.ok(status.includes(response.status), `expected one of ${status}: ${label}`);
  } else {
    assert.equal(response.status, status, `expected ${status}: ${label}`);
  }
  assert.match(response.headers.get('content-type') ?? '', /json/i, `JSON content type: ${label}`);
  assert.equal(typeof response.body, 'object', `JSON object body: ${label}`);
  assert.equal(typeof response.body.message, 'string', `string message: ${label}`);
  assert.ok(response.body.message.length > 0, `non-empty message: ${label}`);
  if ('status' in response.body) assert.equal(response.body.status, response.status, label);
}

let nameCounter = 0;
/** A user name no other test uses: letters, digits and '_' only, at most 64 characters. */
export function uniqueName(prefix = 'user') {
  nameCounter += 1;
  return `${prefix}_${process.pid}_${nameCounter}_${randomBytes(3).toString('hex')}`;
}

export async function registerRaw(url, fields) {
  return request(url, 'POST', '/api/Accounts', { json: fields });
}

/** Registers a user and returns its id. */
export async function register(url, userName, password = DEFAULT_PASSWORD) {
  const response = await registerRaw(url, {
    firstName: 'Test', lastName: 'User', email: `${userName}@example.com`, userName, password,
  });
  assert.equal(response.status, 200, `register ${userName}: ${response.text}`);
  assert.ok(Number.isInteger(response.body?.id) && response.body.id > 0, response.text);
  return response.body.id;
}

/** Logs in and returns the whole LoginResponse. */
export async function loginSession(url, userName, password = DEFAULT_PASSWORD) {
  const response = await request(url, 'POST', '/api/Auth/login', { json: { userName, password } });
  assert.equal(response.status, 200, `login ${userName}: ${response.text}`);
  return response.body;
}

/** Logs in and returns the access token. */
export async function login(url, userName, password = DEFAULT_PASSWORD) {
  return (await loginSession(url, userName, password)).accessToken.token;
}

/** Registers and logs in a fresh user: { id, userName, password, token }. */
export async function newUser(url, prefix = 'user') {
  const userName = uniqueName(prefix);
  const id = await register(url, userName);
  const token = await login(url, userName);
  return { id, userName, password: DEFAULT_PASSWORD, token };
}

/** Creates a group and returns its id. */
export async function createGroup(url, token, name = uniqueName('group')) {
  const response = await request(url, 'POST', '/api/Groups', { token, json: { name } });
  assert.equal(response.status, 200, `create group ${name}: ${response.text}`);
  assert.ok(Number.isInteger(response.body?.groupId) && response.body.groupId > 0, response.text);
  return response.body.groupId;
}

export async function listGroups(url, token) {
  const response = await request(url, 'GET', '/api/Groups', { token });
  assert.equal(response.status, 200, response.text);
  assert.ok(Array.isArray(response.body), response.text);
  return response.body;
}

export function joinGroup(url, token, groupId) {
  return request(url, 'POST', `/api/Groups/groups/${groupId}/player`, { token, json: {} });
}

export function leaveGroup(url, token, groupId) {
  return request(url, 'DELETE', `/api/Groups/groups/${groupId}/player`, { token });
}

export function sendMessage(url, token, groupId, message, clientMessageId) {
  const json = clientMessageId === undefined ? { message } : { message, clientMessageId };
  return request(url, 'POST', `/api/Messages/groups/${groupId}`, { token, json });
}

export function getHistory(url, token, groupId, query = '') {
  const suffix = query === '' ? '' : `?${query}`;
  return request(url, 'GET', `/api/Messages/groups/${groupId}${suffix}`, { token });
}

// ---------------------------------------------------------------------------------------
// JWT crafting (HMAC over "header.payload" with the key's UTF-8 bytes)

export function signJwt(header, payload, { key = TEST_JWT_KEY, hash = 'sha256' } = {}) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = createHmac(hash, Buffer.from(key, 'utf8')).update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

/** The claims of a valid access token for this user, with `overrides` applied. */
export function validClaims(userId, userName, overrides = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: userName, uid: userId, jti: randomBytes(8).toString('hex'), iat: now, nbf: now,
    exp: now + 600, iss: ISSUER, aud: AUDIENCE, ...overrides,
  };
}
