// The server's MessagePack frames, as both official JavaScript clients read them: the golden
// frames in tests/fixtures/messagepack/ are what the C++ writer produces (its unit test,
// MessagePackHubProtocol.WritesTheGoldenFramesTheJavaScriptClientsRead, checks them byte for
// byte), fed here to each client's MessagePackHubProtocol.parseMessages. Needs no server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { NullLogger as AspNetNullLogger } from '@aspnet/signalr';
import { MessagePackHubProtocol as AspNetMessagePack } from '@aspnet/signalr-protocol-msgpack';
import { NullLogger } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';

const FIXTURES = new URL('../fixtures/messagepack/', import.meta.url);

function frame(name) {
  const bytes = readFileSync(new URL(`${name}.bin`, FIXTURES));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}

function concat(...names) {
  const parts = names.map((name) => new Uint8Array(frame(name)));
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out.buffer;
}

// The MessageDto of the frames (the C++ test's sampleMessage).
function assertSampleDto(dto, sentOn = '2026-11-28T10:15:30.123Z') {
  assert.deepEqual(Object.keys(dto),
                   ['messageId', 'groupId', 'seq', 'playerId', 'playerName', 'message', 'sentOn']);
  assert.equal(dto.messageId, 42);
  assert.equal(dto.groupId, 7);
  assert.equal(dto.seq, 1001);
  assert.equal(dto.playerId, 5);
  assert.equal(dto.playerName, 'Zoë');
  assert.equal(dto.message, 'héllo 👋');
  assert.ok(dto.sentOn instanceof Date, `sentOn is ${typeof dto.sentOn}, not a Date`);
  assert.equal(dto.sentOn.toISOString(), sentOn);
}

const RESULT = { groupId: 7, name: 'General', members: [1, 2], ratio: 0.5, open: true, topic: null };

const clients = [
  { name: '@microsoft/signalr-protocol-msgpack 10', protocol: new MessagePackHubProtocol(),
    logger: NullLogger.instance, statefulReconnect: true, readsTimestamp96: true },
  { name: '@aspnet/signalr-protocol-msgpack 1.1', protocol: new AspNetMessagePack(),
    logger: AspNetNullLogger.instance, statefulReconnect: false, readsTimestamp96: false },
];

for (const client of clients) {
  describe(`MessagePack frames read by ${client.name}`, () => {
    const parse = (input) => client.protocol.parseMessages(input, client.logger);
    const one = (name) => {
      const messages = parse(frame(name));
      assert.equal(messages.length, 1, `${name}: ${messages.length} messages`);
      return messages[0];
    };

    test('a pushed message is an Invocation without id carrying one MessageDto', () => {
      const message = one('message_invocation');
      assert.equal(message.type, 1);
      assert.equal(message.target, 'MessageReceived');
      assert.equal(message.invocationId, undefined);
      assert.deepEqual(message.headers, {});
      assert.equal(message.arguments.length, 1);
      assertSampleDto(message.arguments[0]);
    });

    test('a time before 1970 takes the 96-bit timestamp', () => {
      if (client.readsTimestamp96) {
        assertSampleDto(one('message_invocation_1969').arguments[0], '1969-12-31T00:00:00.250Z');
      } else {
        // msgpack5 4.x reads an ext 8 header's type as 255, not -1 (and has no 96-bit
        // timestamps anyway): a limit of that client, met only by times outside 1970..2514.
        assert.throws(() => parse(frame('message_invocation_1969')), /ext type 255|timestamp 96/);
      }
    });

    test('completions: a MessageDto, a value, void and an error', () => {
      const message = one('completion_message');
      assert.equal(message.type, 3);
      assert.equal(message.invocationId, '3');
      assert.equal(message.error, undefined);
      assertSampleDto(message.result);

      const result = one('completion_result');
      assert.equal(result.invocationId, '4');
      assert.deepEqual(result.result, RESULT);

      const empty = one('completion_void');
      assert.equal(empty.invocationId, '5');
      assert.equal(empty.result, null);
      assert.equal(empty.error, undefined);

      const error = one('completion_error');
      assert.equal(error.invocationId, '6');
      assert.equal(error.error, 'Not a member of group 7');
      assert.equal(error.result, undefined);
    });

    test('ping and close', () => {
      assert.equal(one('ping').type, 6);
      const close = one('close');
      assert.equal(close.type, 7);
      assert.equal(close.error, 'Server is shutting down');
      if (client.statefulReconnect) assert.equal(close.allowReconnect, true);
    });

    test('ack and sequence (stateful reconnect)', () => {
      if (client.statefulReconnect) {
        assert.deepEqual(one('ack'), { type: 8, sequenceId: 1394 });
        assert.deepEqual(one('sequence'), { type: 9, sequenceId: 1395 });
      } else {
        // Unknown to the 1.x client, which ignores them as the protocol asks.
        assert.deepEqual(parse(frame('ack')), []);
        assert.deepEqual(parse(frame('sequence')), []);
      }
    });

    test('several frames in one transport message', () => {
      const messages = parse(concat('ping', 'message_invocation', 'completion_void', 'close'));
      assert.deepEqual(messages.map((message) => message.type), [6, 1, 3, 7]);
      assertSampleDto(messages[1].arguments[0]);
    });
  });
}
