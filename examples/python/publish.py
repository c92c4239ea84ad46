#!/usr/bin/env python3
"""Publishes one SMS request the way the worker expects it (Python, pika), like the Java SmsPublisher.

The request goes to the ``sms`` exchange with routing key ``send.<kind>`` as persistent JSON
(contracts/src/main/resources/dev/smsworker/contracts/sms-request.schema.json), with the AMQP message-id
set to the request's ``messageId`` (a UUID is assigned and written into the body when absent) and the
correlation id both in the ``correlation-id`` header and in the AMQP property. The channel is in confirm
mode and the publish is mandatory, so pika raises ``UnroutableError`` for a basic.return (no queue bound
to the routing key) and ``NackError`` for a basic.nack (e.g. a full queue with reject-publish); only a
returned ``PublishResult`` with status "confirmed" is a success.

As a library::

    channel = pika.BlockingConnection(pika.URLParameters(url)).channel()
    publisher = SmsPublisher(channel)          # puts the channel in confirm mode
    result = publisher.publish({"to": "+4791234567", "body": "Your code is 123456", "kind": "otp"})

As a CLI::

    python3 publish.py --to +4791234567 --body 'Your code is 123456' --kind otp \\
        [--message-id ID] [--correlation-id ID] [--from ACME] [--expires-at 2030-01-01T12:00:00Z] \\
        [--tag name=value ...] [--url amqp://user:pass@host:5672/vhost]   (or SMS_AMQP_URL)

Conversion feedback ("the code was used", contracts/.../conversion-feedback.schema.json) goes the same way,
with routing key ``feedback.verified`` and the SMS's messageId as the AMQP message-id::

    publisher.publish_verified({"messageId": "login-8812", "verifiedAt": "2030-01-01T12:00:07Z"})
    python3 publish.py --verified login-8812 [--verified-at 2030-01-01T12:00:07Z] [--correlation-id ID]

The CLI prints the result as one JSON line (ids and routing key only, never the number or the text) and
exits 0 when confirmed, 2 unroutable, 3 nacked, 1 on any other error. Needs pika >= 1.0 (Debian:
python3-pika).
"""
import argparse
import json
import os
import sys
import time
import uuid
from typing import NamedTuple, Optional

import pika
from pika.exceptions import NackError, UnroutableError

EXCHANGE = "sms"
FEEDBACK_ROUTING_KEY = "feedback.verified"
CORRELATION_HEADER = "correlation-id"
KINDS = ("otp", "transactional", "marketing")
EXIT_CODES = {"confirmed": 0, "unroutable": 2, "nacked": 3}


class PublishResult(NamedTuple):
    status: str  # "confirmed", "unroutable" or "nacked"
    message_id: str
    correlation_id: str
    routing_key: str


class SmsPublisher:
    """Publishes requests on one BlockingChannel of its own, which it puts in confirm mode."""

    def __init__(self, channel):
        self._channel = channel
        channel.confirm_delivery()

    def publish(self, request: dict, correlation_id: Optional[str] = None) -> PublishResult:
        """Publishes ``request`` (to, body, messageId?, from?, kind?, expiresAt?, tags?) and waits for the
        broker's confirm. Raises ValueError for a request without to/body or with an unknown kind, and
        pika's AMQP errors when the channel fails (e.g. ChannelClosedByBroker 404 without an ``sms``
        exchange in the vhost)."""
        if not isinstance(request.get("to"), str) or not isinstance(request.get("body"), str):
            raise ValueError("a request needs 'to' and 'body' strings")
        kind = request.get("kind") or "transactional"
        if kind not in KINDS:
            raise ValueError("kind must be one of " + ", ".join(KINDS))
        with_id = {k: v for k, v in request.items() if v is not None}
        with_id.setdefault("messageId", str(uuid.uuid4()))
        return self._publish("send." + kind, with_id["messageId"], with_id, correlation_id)

    def publish_verified(self, feedback: dict, correlation_id: Optional[str] = None) -> PublishResult:
        """Publishes conversion feedback ``{messageId, verifiedAt?}`` ("the code of SMS messageId was used";
        verifiedAt an RFC 3339 string) with routing key ``feedback.verified`` and waits for the confirm, as
        ``publish`` does. Publishing it twice is harmless: the worker counts one conversion per SMS. Raises
        ValueError without a messageId."""
        if not isinstance(feedback.get("messageId"), str) or not feedback["messageId"]:
            raise ValueError("feedback needs the messageId of the SMS whose code was used")
        payload = {k: v for k, v in feedback.items() if v is not None}
        return self._publish(FEEDBACK_ROUTING_KEY, payload["messageId"], payload, correlation_id)

    def _publish(self, routing_key: str, message_id: str, payload: dict, correlation_id: Optional[str]) -> PublishResult:
        correlation = correlation_id or str(uuid.uuid4())
        properties = pika.BasicProperties(
            content_type="application/json",
            delivery_mode=2,  # persistent
            message_id=message_id,
            correlation_id=correlation,
            timestamp=int(time.time()),
            headers={CORRELATION_HEADER: correlation},
        )
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self._channel.basic_publish(EXCHANGE, routing_key, body, properties, mandatory=True)
            status = "confirmed"
        except UnroutableError:
            status = "unroutable"
        except NackError:
            status = "nacked"
        return PublishResult(status, message_id, correlation, routing_key)


def _request_from_args(args) -> dict:
    tags = {}
    for tag in args.tag or []:
        name, sep, value = tag.partition("=")
        if not sep or not name:
            raise ValueError("--tag takes name=value")
        tags[name] = value
    return {
        "messageId": args.message_id,
        "to": args.to,
        "body": args.body,
        "from": args.sender,
        "kind": args.kind,
        "expiresAt": args.expires_at,
        "tags": tags or None,
    }


def main(argv) -> int:
    parser = argparse.ArgumentParser(description="Publish one SMS request (or, with --verified, conversion feedback) "
                                                 "to the sms exchange.")
    parser.add_argument("--to")
    parser.add_argument("--body")
    parser.add_argument("--kind", choices=KINDS)
    parser.add_argument("--from", dest="sender")
    parser.add_argument("--message-id")
    parser.add_argument("--correlation-id")
    parser.add_argument("--expires-at")
    parser.add_argument("--tag", action="append")
    parser.add_argument("--url", default=os.environ.get("SMS_AMQP_URL", "amqp://guest:guest@localhost:5672/%2F"))
    parser.add_argument("--verified", metavar="MESSAGE_ID", help="publish 'the code of this SMS was used' instead")
    parser.add_argument("--verified-at", help="when the code was used, RFC 3339 (default: not sent)")
    args = parser.parse_args(argv)
    if args.verified is None and (args.to is None or args.body is None):
        parser.error("--to and --body are required (or --verified MESSAGE_ID)")
    try:
        connection = pika.BlockingConnection(pika.URLParameters(args.url))
        try:
            publisher = SmsPublisher(connection.channel())
            if args.verified is not None:
                result = publisher.publish_verified({"messageId": args.verified, "verifiedAt": args.verified_at},
                                                    args.correlation_id)
            else:
                result = publisher.publish(_request_from_args(args), args.correlation_id)
        finally:
            if connection.is_open:
                connection.close()
    except Exception as e:  # the CLI's one line of why; the library raises
        print("publish: %s" % (e,), file=sys.stderr)
        return 1
    print(json.dumps({"status": result.status, "messageId": result.message_id,
                      "correlationId": result.correlation_id, "routingKey": result.routing_key}))
    return EXIT_CODES[result.status]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
