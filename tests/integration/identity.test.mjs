// --jwt-public-keys: tokens of an identity provider are accepted beside the server's own,
// their users made at first sight, and the algorithm always the key's (RFC 8725). The
// provider's keys are made here, at test time, with Node's crypto.
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  createGroup, getHistory, listGroups, newUser, request, sendMessage, startServer,
} from './server.mjs';

const PROVIDER = 'https://id.example.test';
const AUDIENCE = 'chatserver-tests';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');

const KEYS = {
  RS256: { kid: 'rsa-1', pair: rsa, sign: (data, key) => sign('sha256', data, key) },
  ES256: { kid: 'ec-1', pair: ec,
           sign: (data, key) => sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }) },
  EdDSA: { kid: 'ed-1', pair: ed, sign: (data, key) => sign(null, data, key) },
};

const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A provider's token: `alg` picks the key unless `key`/`header` say otherwise. */
function providerToken(claims, { alg = 'RS256', header = {}, signWith } = {}) {
  const chosen = KEYS[signWith ?? alg];
  const input = `${encode({ alg, kid: chosen.kid, typ: 'JWT', ...header })}.${encode(claims)}`;
  return `${input}.${chosen.sign(Buffer.from(input), chosen.pair.privateKey).toString('base64url')}`;
}

function claims(subject, preferred, overrides = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { iss: PROVIDER, aud: [AUDIENCE, 'other'], sub: subject, preferred_username: preferred,
           iat: now, nbf: now, exp: now + 300, ...overrides };
}

describe('tokens of an identity provider (--jwt-public-keys)', () => {
  let work;
  let jwks;
  let server;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'chatserver-idp-'));
    jwks = join(work, 'jwks.json');
    const keys = Object.values(KEYS).map(({ kid, pair }) => ({
      ...pair.publicKey.export({ format: 'jwk' }), kid, use: 'sig',
    }));
    await writeFile(jwks, JSON.stringify({ keys }));
    server = await startServer(['--jwt-public-keys', jwks, '--jwt-external-issuer', PROVIDER,
                                '--jwt-external-audience', AUDIENCE]);
  });
  after(async () => {
    await server?.stop();
    await rm(work, { recursive: true, force: true });
  });

  test('the user is made at first sight and is the same whichever key signed', async () => {
    const rs = providerToken(claims('sub-jane', 'jane'));
    const groupId = await createGroup(server.url, rs);
    for (const alg of ['ES256', 'EdDSA']) {
      const groups = await listGroups(server.url, providerToken(claims('sub-jane', 'jane'), { alg }));
      assert.equal(groups.find((g) => g.groupId === groupId)?.isMember, true, alg);
    }
    assert.equal((await sendMessage(server.url, rs, groupId, 'hello')).status, 200);
    const history = await getHistory(server.url, rs, groupId);
    assert.equal(history.body[0].playerName, 'jane');

    // Renamed at the provider: the same account, by its subject.
    const renamed = providerToken(claims('sub-jane', 'jane.doe'));
    assert.equal((await sendMessage(server.url, renamed, groupId, 'still me')).status, 200);
    const after = await getHistory(server.url, renamed, groupId);
    assert.equal(after.body[1].playerId, history.body[0].playerId);
  });

  test("a provider's user never takes over a local account of the same name", async () => {
    const local = await newUser(server.url, 'local');
    const token = providerToken(claims('sub-other', local.userName));
    const groupId = await createGroup(server.url, token);
    assert.equal((await sendMessage(server.url, token, groupId, 'hi')).status, 200);
    const history = await getHistory(server.url, token, groupId);
    assert.equal(history.body[0].playerName, `${local.userName}-2`);
    assert.notEqual(history.body[0].playerId, local.id);
    // And the server's own tokens still work.
    assert.equal((await listGroups(server.url, local.token)).length > 0, true);
  });

  test('the algorithm is the key\'s: other algorithms, forged and stale tokens get 401', async () => {
    const good = claims('sub-mallory', 'mallory');
    const rsaPublicPem = rsa.publicKey.export({ format: 'pem', type: 'spki' });
    const confusedInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(good)}`;
    const confused = `${confusedInput}.${createHmac('sha256', rsaPublicPem).update(confusedInput).digest('base64url')}`;
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(good)}.`;
    const cases = {
      'HS256 keyed with the RSA public key': confused,
      'alg none': unsigned,
      'ES256 header over an RSA signature': providerToken(good, { alg: 'ES256', signWith: 'RS256',
                                                                 header: { kid: 'rsa-1' } }),
      'a kid of no key': providerToken(good, { header: { kid: 'nobody' } }),
      'another issuer': providerToken(claims('s', 'm', { iss: 'https://evil.example.test' })),
      'another audience': providerToken(claims('s', 'm', { aud: 'someone-else' })),
      expired: providerToken(claims('s', 'm', { exp: Math.floor(Date.now() / 1000) - 5 })),
      'no subject': providerToken(claims('', 'm')),
    };
    for (const [what, token] of Object.entries(cases)) {
      const response = await request(server.url, 'GET', '/api/Groups', { token });
      assert.equal(response.status, 401, `${what}: ${response.text}`);
      assert.equal(typeof response.body?.message, 'string', what);
    }
  });

  test('the hub takes the provider\'s token: negotiate, a long poll and its end', async () => {
    const token = providerToken(claims('sub-hub', 'hubuser'), { alg: 'EdDSA' });
    const negotiated = await request(server.url, 'POST', '/MessageHub/negotiate?negotiateVersion=1',
                                     { token });
    assert.equal(negotiated.status, 200, negotiated.text);
    const path = `/MessageHub?id=${negotiated.body.connectionToken}`;
    const poll = await fetch(`${server.url}${path}&access_token=${token}`);
    assert.equal(poll.status, 200, await poll.text());
    const ended = await fetch(`${server.url}${path}`, {
      method: 'DELETE', headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(ended.status, 202, await ended.text());
  });
});

describe('--local-accounts false', () => {
  let work;
  before(async () => { work = await mkdtemp(join(tmpdir(), 'chatserver-idp-only-')); });
  after(async () => { await rm(work, { recursive: true, force: true }); });

  test('registration and /api/Auth answer 403; the provider\'s users still get in', async () => {
    const jwks = join(work, 'jwks.json');
    await writeFile(jwks, JSON.stringify({ keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1' }] }));
    const server = await startServer(['--jwt-public-keys', jwks, '--jwt-external-issuer', PROVIDER,
                                      '--jwt-external-audience', AUDIENCE, '--local-accounts', 'false']);
    try {
      for (const path of ['/api/Accounts', '/api/Auth/login', '/api/Auth/refresh', '/api/Auth/logout']) {
        const response = await request(server.url, 'POST', path, { json: {} });
        assert.equal(response.status, 403, `${path}: ${response.text}`);
        assert.match(response.body.message, /identity provider/);
      }
      const token = providerToken(claims('sub-only', 'only'), { alg: 'ES256' });
      assert.ok(Array.isArray(await listGroups(server.url, token)));
    } finally {
      await server.stop();
    }
  });

  test('settings that leave no way in, or no audience to check, are refused at start', async () => {
    const jwks = join(work, 'jwks.json');
    await assert.rejects(startServer(['--local-accounts', 'false']), /leaves no way to sign in/);
    await assert.rejects(startServer(['--jwt-public-keys', jwks]), /needs --jwt-external-issuer/);
    const bad = join(work, 'bad.json');
    await writeFile(bad, JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }));
    await assert.rejects(startServer(['--jwt-public-keys', bad, '--jwt-external-issuer', PROVIDER,
                                      '--jwt-external-audience', AUDIENCE]), /kty is not RSA, EC or OKP/);
  });
});
