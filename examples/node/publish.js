#!/usr/bin/env node
'use strict';
/**
 * Publishes one SMS request the way the worker expects it (Node.js, amqplib), like the Java SmsPublisher.
 *
 * The request goes to the `sms` exchange with routing key `send.<kind>` as persistent JSON
 * (contracts/src/main/resources/dev/smsworker/contracts/sms-request.schema.json), with the AMQP message-id
 * set to the request's `messageId` (a UUID is assigned and written into the body when absent) and the
 * correlation id both in the `correlation-id` header and in the AMQP property. The publish is mandatory
 * and waits for the broker's publisher confirm: "confirmed" means a queue stored it; a basic.return
 * (no queue bound to the routing key) is "unroutable", a basic.nack (e.g. a full queue with
 * reject-publish) is "nacked". Only "confirmed" is a success.
 *
 * As a library:  const { publishSms } = require('./publish');
 *                const channel = await connection.createConfirmChannel();
 *                const result = await publishSms(channel, { to: '+4791234567', body: 'Your code is 123456', kind: 'otp' });
 * As a CLI:      node publish.js --to +4791234567 --body 'Your code is 123456' --kind otp
 *                [--message-id ID] [--correlation-id ID] [--from ACME] [--expires-at 2030-01-01T12:00:00Z]
 *                [--tag name=value ...] [--url amqp://user:pass@host:5672/vhost]  (or SMS_AMQP_URL)
 *
 * Conversion feedback ("the code was used", contracts/.../conversion-feedback.schema.json) goes the same way,
 * with routing key `feedback.verified` and the SMS's messageId as the AMQP message-id:
 *                publishVerified(channel, { messageId: 'login-8812', verifiedAt: new Date().toISOString() })
 *                node publish.js --verified login-8812 [--verified-at 2030-01-01T12:00:07Z] [--correlation-id ID]
 * The CLI prints the result as one JSON line (ids and routing key only, never the number or the text) and
 * exits 0 when confirmed, 2 unroutable, 3 nacked, 4 no confirm in time, 1 on any other error.
 */
const amqp = require('amqplib');
const { randomUUID } = require('node:crypto');
const { parseArgs } = require('node:util');

const EXCHANGE = 'sms';
const FEEDBACK_ROUTING_KEY = 'feedback.verified';
const CORRELATION_HEADER = 'correlation-id';
const KINDS = ['otp', 'transactional', 'marketing'];
const DEFAULT_CONFIRM_TIMEOUT_MS = 10_000;
const EXIT = { confirmed: 0, unroutable: 2, nacked: 3, 'timed-out': 4 };

/**
 * Publishes `request` ({to, body, messageId?, from?, kind?, expiresAt?, tags?}) on a ConfirmChannel and
 * resolves with {status, messageId, correlationId, routingKey[, replyCode, replyText]} where status is
 * "confirmed", "unroutable", "nacked" or "timed-out". Rejects when the channel fails (e.g. no exchange
 * `sms` in the vhost: 404) or the request lacks `to`/`body` or has an unknown kind.
 */
async function publishSms(channel, request, { correlationId = randomUUID(), timeoutMs = DEFAULT_CONFIRM_TIMEOUT_MS } = {}) {
  if (typeof request.to !== 'string' || typeof request.body !== 'string') {
    throw new TypeError("a request needs 'to' and 'body' strings");
  }
  const kind = request.kind ?? 'transactional';
  if (!KINDS.includes(kind)) {
    throw new TypeError(`kind must be one of ${KINDS.join(', ')}`);
  }
  const withId = { ...request, messageId: request.messageId ?? randomUUID() };
  return confirmedPublish(channel, `send.${kind}`, withId.messageId, withId, correlationId, timeoutMs);
}

/**
 * Publishes conversion feedback `{messageId, verifiedAt?}` ("the code of SMS messageId was used"; verifiedAt an
 * RFC 3339 string) with routing key `feedback.verified`, and resolves as publishSms does. Publishing it twice is
 * harmless: the worker counts one conversion per SMS. Rejects without a messageId.
 */
async function publishVerified(channel, feedback, { correlationId = randomUUID(), timeoutMs = DEFAULT_CONFIRM_TIMEOUT_MS } = {}) {
  if (typeof feedback.messageId !== 'string' || feedback.messageId === '') {
    throw new TypeError('feedback needs the messageId of the SMS whose code was used');
  }
  return confirmedPublish(channel, FEEDBACK_ROUTING_KEY, feedback.messageId, feedback, correlationId, timeoutMs);
}

/** One persistent, mandatory publish to `sms`, settled by the broker's confirm (or a return, a nack, the timeout). */
function confirmedPublish(channel, routingKey, messageId, payload, correlationId, timeoutMs) {
  const answer = { messageId, correlationId, routingKey };
  return new Promise((resolve, reject) => {
    let returned = null;
    // The broker sends basic.return before the basic.ack of the same message, so the return is
    // recorded by the time the confirm callback runs.
    const onReturn = (msg) => {
      if (msg.properties.messageId === messageId) returned = msg.fields;
    };
    const onClose = (err) => finish(() => reject(err ?? new Error('channel closed before the confirm')));
    const timer = setTimeout(() => finish(() => resolve({ status: 'timed-out', ...answer })), timeoutMs);
    let done = false;
    function finish(settle) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      channel.removeListener('return', onReturn);
      channel.removeListener('error', onClose);
      channel.removeListener('close', onClose);
      settle();
    }
    channel.on('return', onReturn);
    channel.on('error', onClose);
    channel.on('close', onClose);

    channel.publish(EXCHANGE, routingKey, Buffer.from(JSON.stringify(payload), 'utf8'), {
      mandatory: true,
      persistent: true,
      contentType: 'application/json',
      messageId,
      correlationId,
      timestamp: Math.floor(Date.now() / 1000),
      headers: { [CORRELATION_HEADER]: correlationId },
    }, (err) => finish(() => {
      if (err) resolve({ status: 'nacked', ...answer });
      else if (returned) resolve({ status: 'unroutable', ...answer, replyCode: returned.replyCode, replyText: returned.replyText });
      else resolve({ status: 'confirmed', ...answer });
    }));
  });
}

function requestFromArgs(values) {
  const tags = {};
  for (const tag of values.tag ?? []) {
    const at = tag.indexOf('=');
    if (at < 1) throw new TypeError('--tag takes name=value');
    tags[tag.slice(0, at)] = tag.slice(at + 1);
  }
  const request = {
    messageId: values['message-id'],
    to: values.to,
    body: values.body,
    from: values.from,
    kind: values.kind,
    expiresAt: values['expires-at'],
    tags: Object.keys(tags).length > 0 ? tags : undefined,
  };
  // JSON.stringify leaves out undefined fields: only what was given is published.
  return request;
}

async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      to: { type: 'string' }, body: { type: 'string' }, kind: { type: 'string' }, from: { type: 'string' },
      'message-id': { type: 'string' }, 'correlation-id': { type: 'string' }, 'expires-at': { type: 'string' },
      tag: { type: 'string', multiple: true }, url: { type: 'string' },
      timeout: { type: 'string' }, verified: { type: 'string' }, 'verified-at': { type: 'string' },
    },
  });
  const timeoutMs = values.timeout === undefined ? DEFAULT_CONFIRM_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new TypeError('--timeout takes a number of milliseconds');
  const url = values.url ?? process.env.SMS_AMQP_URL ?? 'amqp://guest:guest@localhost:5672';
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    const options = { correlationId: values['correlation-id'] ?? randomUUID(), timeoutMs };
    const result = values.verified !== undefined
      ? await publishVerified(channel, { messageId: values.verified, verifiedAt: values['verified-at'] }, options)
      : await publishSms(channel, requestFromArgs(values), options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return EXIT[result.status];
  } finally {
    await connection.close().catch(() => {});
  }
}

module.exports = { publishSms, publishVerified, EXCHANGE, FEEDBACK_ROUTING_KEY, CORRELATION_HEADER };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`publish: ${err.message}\n`); process.exitCode = 1; },
  );
}
