// GET /swagger/v1/swagger.json and GET /swagger.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { REPO_ROOT, request, startServer } from './server.mjs';

// Every route the server serves, as written in the API table.
const ROUTES = [
  ['post', '/api/Accounts'],
  ['post', '/api/Auth/login'],
  ['post', '/api/Auth/refresh'],
  ['post', '/api/Auth/logout'],
  ['get', '/api/Groups'],
  ['post', '/api/Groups'],
  ['post', '/api/Groups/groups/{id}/player'],
  ['delete', '/api/Groups/groups/{id}/player'],
  ['put', '/api/Groups/groups/{id}/read'],
  ['post', '/api/Messages/groups/{groupId}'],
  ['get', '/api/Messages/groups/{groupId}'],
  ['put', '/api/Messages/{messageId}'],
  ['delete', '/api/Messages/{messageId}'],
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/metrics'],
  ['get', '/swagger/v1/swagger.json'],
  ['get', '/swagger'],
  ['post', '/MessageHub/negotiate'],
  ['get', '/MessageHub'],
  ['post', '/MessageHub'],
  ['delete', '/MessageHub'],
];
const PUBLIC = new Set(['/api/Accounts', '/api/Auth/login', '/api/Auth/refresh', '/api/Auth/logout',
                        '/healthz', '/readyz', '/metrics', '/swagger/v1/swagger.json', '/swagger']);
const SCHEMAS = ['RegisterRequest', 'RegisterResponse', 'LoginRequest', 'LoginResponse',
                 'RefreshRequest', 'GroupSummary', 'ReadMarker', 'MarkReadRequest', 'CreateGroupRequest', 'CreateGroupResponse',
                 'SendMessageRequest', 'EditMessageRequest', 'MessageDto', 'Problem', 'Health', 'Readiness'];

// Every "$ref" in the document, with where it is.
function collectRefs(node, where = '#', found = []) {
  if (Array.isArray(node)) {
    node.forEach((item, index) => collectRefs(item, `${where}/${index}`, found));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push([where, value]);
      else collectRefs(value, `${where}/${key}`, found);
    }
  }
  return found;
}

function resolvePointer(document, ref) {
  assert.ok(ref.startsWith('#/'), `local reference ${ref}`);
  return ref.slice(2).split('/').reduce(
    (node, part) => node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')], document);
}

describe('OpenAPI document and Swagger UI', () => {
  let server;
  let response;
  let document;
  before(async () => {
    server = await startServer();
    response = await request(server.url, 'GET', '/swagger/v1/swagger.json');
    document = response.body;
  });
  after(async () => { await server?.stop(); });

  test('is served as JSON', () => {
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.equal(typeof document, 'object');
  });

  test('is OpenAPI 3 for ChatServer v1', () => {
    assert.match(document.openapi, /^3\.\d+\.\d+$/);
    assert.equal(document.info.title, 'ChatServer');
    assert.equal(document.info.version, 'v1');
  });

  test('is the checked-in api/openapi.json', async () => {
    const checkedIn = JSON.parse(await readFile(join(REPO_ROOT, 'api/openapi.json'), 'utf8'));
    assert.deepEqual(document, checkedIn);
  });

  test('lists every route with an operationId and responses', () => {
    const operationIds = new Set();
    for (const [method, path] of ROUTES) {
      const operation = document.paths?.[path]?.[method];
      assert.ok(operation, `${method.toUpperCase()} ${path} is documented`);
      assert.equal(typeof operation.operationId, 'string', `${method} ${path} operationId`);
      assert.ok(!operationIds.has(operation.operationId), `unique ${operation.operationId}`);
      operationIds.add(operation.operationId);
      assert.ok(Object.keys(operation.responses ?? {}).length > 0, `${method} ${path} responses`);
    }
  });

  test('protected routes require bearerAuth, public ones do not', () => {
    const scheme = document.components.securitySchemes.bearerAuth;
    assert.deepEqual({ type: scheme.type, scheme: scheme.scheme, bearerFormat: scheme.bearerFormat },
                     { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const [method, path] of ROUTES) {
      const security = document.paths[path][method].security ?? document.security ?? [];
      const usesBearer = security.some((requirement) => 'bearerAuth' in requirement);
      assert.equal(usesBearer, !PUBLIC.has(path), `${method.toUpperCase()} ${path} security`);
      if (usesBearer && path.startsWith('/api/')) {
        assert.ok('401' in document.paths[path][method].responses, `${method} ${path} has 401`);
      }
    }
  });

  test('defines the named schemas and every $ref resolves', () => {
    for (const name of SCHEMAS) assert.ok(document.components.schemas[name], `schema ${name}`);
    const refs = collectRefs(document);
    assert.ok(refs.length > 0);
    for (const [where, ref] of refs) {
      assert.ok(resolvePointer(document, ref) !== undefined, `${ref} at ${where} resolves`);
    }
  });

  test('GET /swagger serves the Swagger UI page', async () => {
    const page = await request(server.url, 'GET', '/swagger');
    assert.equal(page.status, 200, page.text);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.match(page.text, /<html/i);
    assert.match(page.text, /swagger-ui/i);
  });
});
