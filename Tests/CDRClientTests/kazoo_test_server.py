#!/usr/bin/env python3
"""A stand-in for KAZOO crossbar's CDR API, for CDRClient's tests.

Listens on 127.0.0.1 only (an ephemeral port, printed on the first line of standard
output) and never opens a connection of its own. It serves seeded, generated CDR legs the
way crossbar does (see /work/shared/kazoo-cdr-facts.md, sections 0, 4, 5, 8 and 10):
chunked envelopes whose trailer values are strings, page_size + 1 reads with
next_start_key as base64url Erlang terms, the maximum-range validation error, both error
envelope styles, 401 on a bad token, user_auth (MD5 credentials) and api_auth, users'
listings, CSV with Accept: text/csv, /cdrs/summary, /cdrs/interaction, /cdrs/legs/{id},
/cdrs/{id}. Faults are injected through POST /__control/faults.

The process exits when its standard input closes, so it never outlives the tests.
"""

import argparse
import base64
import datetime
import hashlib
import json
import math
import os
import random
import re
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

GREGORIAN_UNIX = 62167219200


# --- Erlang external term format, the subset KAZOO's view keys use -----------------------

class HighObject:
    """kz_json's empty object {[]}, written {} in view keys; collates after everything."""

    def __eq__(self, other):
        return isinstance(other, HighObject)

    def __hash__(self):
        return 0


def etf_encode(term):
    return bytes([131]) + _etf(term)


def _etf(term):
    if isinstance(term, HighObject):
        return bytes([104, 1, 106])
    if isinstance(term, bool):
        name = b"true" if term else b"false"
        return bytes([119, len(name)]) + name
    if isinstance(term, int):
        if 0 <= term < 256:
            return bytes([97, term])
        if -(2 ** 31) <= term < 2 ** 31:
            return bytes([98]) + struct.pack(">i", term)
        magnitude = abs(term)
        digits = []
        while magnitude:
            digits.append(magnitude & 0xFF)
            magnitude >>= 8
        return bytes([110, len(digits), 1 if term < 0 else 0] + digits)
    if isinstance(term, str):
        data = term.encode("utf-8")
        return bytes([109]) + struct.pack(">I", len(data)) + data
    if isinstance(term, list):
        if not term:
            return bytes([106])
        return bytes([108]) + struct.pack(">I", len(term)) + b"".join(_etf(t) for t in term) + bytes([106])
    raise ValueError("unsupported term %r" % (term,))


def etf_decode(data):
    if not data or data[0] != 131:
        raise ValueError("not an Erlang term")
    term, offset = _etf_read(data, 1)
    if offset != len(data):
        raise ValueError("trailing bytes")
    return term


def _etf_read(data, offset):
    tag = data[offset]
    offset += 1
    if tag == 97:
        return data[offset], offset + 1
    if tag == 98:
        return struct.unpack(">i", data[offset:offset + 4])[0], offset + 4
    if tag == 110:
        count, sign = data[offset], data[offset + 1]
        digits = data[offset + 2:offset + 2 + count]
        value = sum(b << (8 * i) for i, b in enumerate(digits))
        return (-value if sign else value), offset + 2 + count
    if tag == 109:
        length = struct.unpack(">I", data[offset:offset + 4])[0]
        return data[offset + 4:offset + 4 + length].decode("utf-8"), offset + 4 + length
    if tag == 106:
        return [], offset
    if tag == 108:
        count = struct.unpack(">I", data[offset:offset + 4])[0]
        offset += 4
        items = []
        for _ in range(count):
            item, offset = _etf_read(data, offset)
            items.append(item)
        if data[offset] != 106:
            raise ValueError("improper list")
        return items, offset + 1
    if tag == 104:
        count = data[offset]
        offset += 1
        items = []
        for _ in range(count):
            item, offset = _etf_read(data, offset)
            items.append(item)
        if items == [[]]:
            return HighObject(), offset
        raise ValueError("unsupported tuple")
    if tag in (100, 115, 118, 119):
        if tag in (100, 118):
            length = struct.unpack(">H", data[offset:offset + 2])[0]
            offset += 2
        else:
            length = data[offset]
            offset += 1
        name = data[offset:offset + length].decode("utf-8")
        return {"true": True, "false": False}.get(name, name), offset + length
    raise ValueError("unsupported tag %d" % tag)


def encode_key(key):
    return base64.urlsafe_b64encode(etf_encode(key)).rstrip(b"=").decode("ascii")


def decode_key(text):
    padded = text + "=" * (-len(text) % 4)
    return etf_decode(base64.urlsafe_b64decode(padded.encode("ascii")))


def collation(value):
    """CouchDB's order across types: booleans < numbers < strings < arrays < objects."""
    if isinstance(value, bool):
        return (0, value)
    if isinstance(value, int):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    if isinstance(value, list):
        return (3, tuple(collation(v) for v in value))
    if isinstance(value, HighObject):
        return (4,)
    raise ValueError("cannot collate %r" % (value,))


# --- the generated data ---------------------------------------------------------------------

def gregorian_to_datetime(seconds):
    return datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=seconds - GREGORIAN_UNIX)


def generate(seed, interactions, start, span, account, users):
    rng = random.Random(seed)
    docs = []
    names = ["Alice, A.", 'Bob "the builder"', "Zoë Ünïcode", "Carol", "", "Dave; O'Neil"]
    for number in range(interactions):
        time_ = start + rng.randrange(span)
        key = "%08x" % rng.getrandbits(32)
        interaction_id = "%d-%s" % (time_, key)
        owner = rng.choice(users + [None])
        legs = rng.randint(1, 4)
        offset = 0
        a_leg = None
        for leg in range(legs):
            call_id = "%08x-%04x-4%03x-8%03x-%012x" % (
                rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                rng.getrandbits(12), rng.getrandbits(48))
            inbound = leg == 0 or rng.random() < 0.3
            ringing = rng.randint(0, 20)
            duration = rng.randint(0, 900)
            billing = max(0, duration - ringing)
            created_us = (time_ + offset - GREGORIAN_UNIX) * 1_000_000 + rng.randrange(1_000_000)
            hangup = time_ + offset + duration
            caller = "+1415555%04d" % rng.randrange(10000)
            callee = rng.choice(["+1650555%04d" % rng.randrange(10000), "+18005551234", "911",
                                 "+442071234567", "2%03d" % rng.randrange(1000)])
            dt = gregorian_to_datetime(time_)
            # KAZOO's bridge_id names the A-leg's call id on every leg of the call.
            a_leg = a_leg or call_id
            ccv = {"account_id": account, "bridge_id": a_leg,
                   "account_billing": rng.choice(["per_minute", "flat_rate"]),
                   "rate": "100", "rate_increment": "60", "rate_minimum": "60", "surcharge": "0"}
            if rng.random() < 0.5:
                ccv["rate_name"] = rng.choice(["US-DID", "US-TOLLFREE", "INTL"])
            if owner is not None and (leg == 0 or rng.random() < 0.5):
                ccv["owner_id"] = owner
            if inbound and rng.random() < 0.5:
                ccv["authorizing_id"] = "%032x" % rng.getrandbits(128)
            if not inbound and rng.random() < 0.6:
                ccv["resource_id"] = "carrier-%d" % rng.randrange(3)
            doc = {
                "_id": "%04d%02d-%s" % (dt.year, dt.month, call_id),
                "_rev": "1-%032x" % rng.getrandbits(128),
                "call_id": call_id,
                "call_direction": "inbound" if inbound else "outbound",
                "caller_id_number": caller,
                "caller_id_name": rng.choice(names),
                "callee_id_number": callee,
                "callee_id_name": rng.choice(names),
                "request": "%s@example.com" % callee,
                "to": "%s@example.com" % callee,
                "to_uri": "%s@example.com" % callee,
                "from": "%s@example.com" % caller,
                "from_uri": "%s@example.com" % caller,
                "timestamp": hangup,
                "duration_seconds": duration,
                "billing_seconds": billing,
                "ringing_seconds": ringing,
                "channel_created_time": created_us,
                "channel_name": ("loopback/%s" if rng.random() < 0.1 else "sofia/%s") % callee,
                "hangup_cause": rng.choice(["NORMAL_CLEARING", "ORIGINATOR_CANCEL", "NO_ANSWER"]),
                "media_server": "fs%d.example.com" % rng.randrange(3),
                "interaction_id": interaction_id,
                "interaction_time": time_,
                "interaction_key": key,
                "custom_channel_vars": ccv,
                "pvt_type": "cdr",
                "pvt_vsn": 2,
                "pvt_account_id": account,
                "pvt_created": hangup + rng.randint(0, 3),
                "pvt_modified": hangup + 3,
            }
            if call_id != a_leg:
                doc["other_leg_call_id"] = a_leg
            docs.append(doc)
            offset += rng.randint(0, 5)
    return docs


def public(doc):
    result = {k: v for k, v in doc.items() if not k.startswith("_") and not k.startswith("pvt_")}
    result["id"] = doc["_id"]
    return result


def channel_time(doc):
    return doc.get("channel_created_time") or (doc.get("timestamp", 0) - doc.get("duration_seconds", 0))


def float_text(value):
    return repr(float(value))


def listing_row(doc):
    """KAZOO master's 35 normalised columns (section 4.2)."""
    ccv = doc.get("custom_channel_vars", {})
    start = doc.get("timestamp", 0) - doc.get("duration_seconds", 0)
    unix = start - GREGORIAN_UNIX
    moment = gregorian_to_datetime(start)
    direction = doc.get("call_direction", "")
    if direction == "inbound":
        dialed = doc.get("request", "").split("@")[0]
        calling = doc.get("caller_id_number", "")
    else:
        dialed = doc.get("to", "").split("@")[0]
        calling = doc.get("from_uri", "").split("@")[0]
    billing = doc.get("billing_seconds", 0)
    rate = int(ccv.get("rate", "0"))
    if ccv.get("account_billing") == "per_minute":
        minimum, increment = 60, 60
        if billing <= 0:
            cost = 0
        elif billing <= minimum:
            cost = math.trunc(0 + (minimum / 60) * rate)
        else:
            cost = math.trunc(0 + (minimum / 60) * rate
                              + math.ceil((billing - minimum) / increment) * ((increment / 60) * rate))
    else:
        cost = 0
    micro = doc.get("channel_created_time", unix * 1_000_000)
    authorizing = ccv.get("authorizing_id", "")
    recordings = ccv.get("media_recordings", [])
    return {
        "id": doc["_id"],
        "call_id": doc["call_id"],
        "caller_id_number": doc.get("caller_id_number", ""),
        "caller_id_name": doc.get("caller_id_name", ""),
        "callee_id_number": doc.get("callee_id_number", ""),
        "callee_id_name": doc.get("callee_id_name", ""),
        "duration_seconds": doc.get("duration_seconds", ""),
        "billing_seconds": doc.get("billing_seconds", ""),
        "timestamp": str(start),
        "hangup_cause": doc.get("hangup_cause", ""),
        "other_leg_call_id": doc.get("other_leg_call_id", ""),
        "owner_id": ccv.get("owner_id", ""),
        "to": doc.get("to", ""),
        "from": doc.get("from", ""),
        "direction": direction,
        "request": doc.get("request", ""),
        "authorizing_id": "" if authorizing == ccv.get("account_id", "") else authorizing,
        "cost": str(cost),
        "dialed_number": dialed,
        "calling_from": calling,
        "datetime": moment.strftime("%Y-%m-%d_%H:%M:%S"),
        "unix_timestamp": str(unix),
        "unix_timestamp_micro": float_text(micro // 1_000_000 + (micro % 1_000_000) / 1_000_000),
        "rfc_1036": moment.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        "iso_8601": moment.strftime("%Y-%m-%d"),
        "iso_8601_combined": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "call_type": ccv.get("account_billing", ""),
        "rate": float_text(math.trunc(rate) / 10000),
        "rate_name": ccv.get("rate_name", ""),
        "bridge_id": ccv.get("bridge_id", ""),
        "recording_url": doc.get("recording_url", ""),
        "media_recordings": recordings if isinstance(recordings, list) else [recordings],
        "media_server": doc.get("media_server", ""),
        "call_priority": ccv.get("call_priority", ""),
        "interaction_id": doc.get("interaction_id", ""),
    }


CLASSIFIERS = [
    ("tollfree_us", r"^\+1((?:800|888|877|866|855)\d{7})$"),
    ("toll_us", r"^\+1(900\d{7})$"),
    ("emergency", r"^(911|933)$"),
    ("caribbean", r"^\+?1((?:684|264|268|242|246|441|284|345|767|809|829|849|473|671|876|664|670|787|939|869|758|784|721|868|649|340)\d{7})$"),
    ("did_us", r"^\+?1?([2-9][0-9]{2}[2-9][0-9]{6})$"),
    ("international", r"^\+[2-9]\d{7,}$"),
]


def summarize(docs):
    """The summarize_cdrs view and its format_summary list, over `docs` (section 8)."""
    result = {"inbound": {}, "outbound": {}}
    for doc in docs:
        ccv = doc.get("custom_channel_vars")
        if ccv is None or "loopback" in doc.get("channel_name", "loopback"):
            continue
        direction = doc.get("call_direction")
        if direction == "inbound" and "authorizing_id" in ccv:
            continue
        if direction == "outbound" and "resource_id" not in ccv:
            continue
        if direction not in ("inbound", "outbound"):
            continue
        address = doc.get("from", "") if direction == "inbound" else doc.get("to", "")
        domain = address.split("@", 1)[1] if "@" in address else address
        to = doc.get("to", "")
        number = to.split("@", 1)[0] if "@" in to else ""
        classifier = next((name for name, pattern in CLASSIFIERS if re.match(pattern, number)), "unknown")
        seconds = int(doc.get("billing_seconds", 0))
        bucket = result[direction].setdefault(domain, {}).setdefault(classifier, {"total": 0})
        bucket["total"] += seconds
        if ccv.get("rate_name"):
            bucket[ccv["rate_name"]] = bucket.get(ccv["rate_name"], 0) + seconds
    return result


def csv_text(rows):
    """The /cdrs CSV writer: every cell quoted, lists joined with ',', LF, header first."""
    if not rows:
        return b""
    header = list(rows[0].keys())

    def cell(value):
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        return '"' + str(value).replace('"', '""') + '"'

    lines = [",".join(cell("ID" if name == "id" else name) for name in header)]
    for row in rows:
        lines.append(",".join(cell(row[name]) for name in header))
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- the server -------------------------------------------------------------------------------

class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.args = args
        self.account = args.account
        self.users = ["user%028d" % n for n in range(1, 4)]
        self.docs = generate(args.seed, args.interactions, args.start, args.span, self.account, self.users)
        self.by_id = {doc["_id"]: doc for doc in self.docs}
        self.tokens = {args.token}
        self.issued = 0
        self.data_requests = 0
        self.auth_requests = 0
        self.log = []
        self.faults = {}
        self.in_flight = 0
        self.most_in_flight = 0

    def fault(self, name, default=None):
        return self.faults.get(name, default)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, format, *args):
        pass

    # -- plumbing --

    def send_json(self, status, envelope, extra_headers=()):
        body = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra_headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def envelope(self, **members):
        base = {"auth_token": self.token or "", "request_id": "req-%d" % self.state.data_requests,
                "node": "bm9kZQ", "timestamp": "2026-12-01T00:00:00Z", "version": "5.0.0",
                "tokens": {"consumed": 1, "remaining": 99}}
        base.update(members)
        return base

    def module_error(self, status, message, data=None):
        """Style 1: the human text in `message`."""
        self.send_json(status, self.envelope(status="error", error=str(status), message=message,
                                             data={} if data is None else data))

    def system_error(self, status, name, text, **more):
        """Style 2: the error's name in `message`, the text in data.message."""
        data = {"message": text}
        data.update(more)
        self.send_json(status, self.envelope(status="error", error=str(status), message=name, data=data))

    def validation_error(self, field, rule, text, cause):
        self.send_json(400, self.envelope(status="error", error="400", message="validation error",
                                          data={field: {rule: {"message": text, "cause": cause}}}))

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def chunk(self, data):
        self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")

    # -- dispatch --

    def do_GET(self):
        self.handle_any("GET")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_POST(self):
        self.handle_any("POST")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def handle_any(self, method):
        state = self.state
        parts = urlsplit(self.path)
        segments = [unquote(s) for s in parts.path.split("/") if s]
        self.query = dict(parse_qsl(parts.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        self.token = self.headers.get("X-Auth-Token")
        if segments[:1] == ["__control"]:
            return self.control(method, segments[1:])
        with state.lock:
            state.in_flight += 1
            state.most_in_flight = max(state.most_in_flight, state.in_flight)
        try:
            self.serve(method, parts, segments)
        finally:
            with state.lock:
                state.in_flight -= 1

    def serve(self, method, parts, segments):
        state = self.state
        with state.lock:
            if segments[:2] in (["v2", "user_auth"], ["v2", "api_auth"]):
                state.auth_requests += 1
                state.log.append("%s %s" % (method, parts.path))
                ordinal = None
            else:
                state.data_requests += 1
                ordinal = state.data_requests
                state.log.append("%s %s?%s" % (method, parts.path, parts.query))
            script = state.fault("script", {}).get(str(ordinal)) if ordinal else None
            if ordinal and state.fault("always"):
                script = state.fault("always")
            outage = state.fault("outage_from")
            if ordinal and outage is not None and ordinal >= outage:
                script = "drop"
            if ordinal and state.fault("expire_tokens_at") == ordinal:
                state.tokens = set()
            delay = state.fault("delay_seconds", 0) if ordinal else 0
        if script == "slow":
            delay = state.fault("slow_seconds", 1.0)
        if delay:
            time.sleep(delay)
        if script == "drop":
            return self.drop()
        if script in ("503", "503-retry-after", "429", "500"):
            status = 429 if script == "429" else (500 if script == "500" else 503)
            headers = [("Retry-After", state.fault("retry_after", "1"))] if script == "503-retry-after" else []
            if status == 429:
                return self.send_json(429, self.envelope(status="error", error="429",
                                                         message="too many requests", data={}), headers)
            if status == 500:
                body = b"<html>internal error</html>"
                self.send_response(500)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return self.wfile.write(body)
            return self.send_json(503, self.envelope(status="error", error="503", message="datastore_fault",
                                                     data={"message": "datastore fatal error"}), headers)
        self.truncate_body = script == "drop-mid-body"
        if script == "garbage":
            body = b"<html>a proxy's page, not crossbar</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return self.wfile.write(body)
        if script == "redirect":
            # Elsewhere on loopback: a client that follows it would send its token there.
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/stolen")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if segments[:2] == ["v2", "user_auth"]:
            return self.user_auth(method)
        if segments[:2] == ["v2", "api_auth"]:
            return self.api_auth(method)
        if len(segments) < 4 or segments[:2] != ["v2", "accounts"]:
            return self.module_error(404, "not found")
        with state.lock:
            authorized = self.token in state.tokens
        if not authorized:
            return self.module_error(401, "invalid credentials")
        if segments[2] != state.account:
            return self.module_error(403, "forbidden")
        if method != "GET":
            return self.system_error(405, "invalid_method", "invalid method")
        rest = segments[3:]
        if rest[:1] == ["users"] and len(rest) >= 3 and rest[2] == "cdrs":
            user, rest = rest[1], rest[2:]
        else:
            user = None
        if rest == ["cdrs"]:
            return self.listing(user, interactions=False)
        if rest == ["cdrs", "interaction"]:
            return self.listing(user, interactions=True)
        if user is None and rest == ["cdrs", "summary"]:
            return self.summary()
        if user is None and len(rest) == 3 and rest[:2] == ["cdrs", "legs"]:
            return self.legs(rest[2])
        if user is None and len(rest) == 2 and rest[0] == "cdrs":
            return self.document(rest[1])
        return self.module_error(404, "not found")

    # -- authentication --

    def issue_token(self):
        with self.state.lock:
            self.state.issued += 1
            token = "issued-token-%d-%016x" % (self.state.issued, random.getrandbits(64))
            self.state.tokens.add(token)
        return token

    def auth_data(self):
        try:
            return json.loads(self.body.decode("utf-8")).get("data", {})
        except (ValueError, AttributeError):
            return None

    def user_auth(self, method):
        if method != "PUT":
            return self.system_error(405, "invalid_method", "invalid method")
        data = self.auth_data()
        if data is None:
            return self.system_error(400, "parse_error", "invalid request body")
        args = self.state.args
        expected = hashlib.md5(("%s:%s" % (args.username, args.password)).encode("utf-8")).hexdigest()
        account_ok = (data.get("account_name") == args.account_name
                      or data.get("account_realm", data.get("realm")) == args.account_realm)
        if data.get("method", "md5") != "md5" or data.get("credentials") != expected or not account_ok:
            return self.module_error(401, "invalid credentials")
        token = self.issue_token()
        self.token = token
        self.send_json(201, self.envelope(status="success", auth_token=token,
                                          data={"account_id": self.state.account, "owner_id": self.state.users[0]}))

    def api_auth(self, method):
        if method != "PUT":
            return self.system_error(405, "invalid_method", "invalid method")
        data = self.auth_data()
        key = (data or {}).get("api_key") or ""
        if not key:
            return self.system_error(401, "invalid_credentials", "invalid credentials")
        if key != self.state.args.api_key:
            return self.system_error(404, "bad_identifier", "bad identifier", cause=key)
        token = self.issue_token()
        self.token = token
        self.send_json(201, self.envelope(status="success", auth_token=token,
                                          data={"account_id": self.state.account}))

    # -- listings --

    def time_range(self):
        """Returns (from, to) or None after sending KAZOO's validation error."""
        maximum = self.state.fault("max_range", 2682000)

        def integer(name):
            try:
                value = int(self.query.get(name, ""))
                return value if value > 0 else None
            except ValueError:
                return None
        to = integer("created_to") or (int(datetime.datetime.utcnow().timestamp()) + GREGORIAN_UNIX)
        from_ = integer("created_from") or (to - maximum)
        if to < from_:
            self.validation_error("created_from", "date_range",
                                  "created_to %d is prior to created_from %d" % (to, from_), from_)
            return None
        if to - from_ > maximum:
            self.validation_error("created_from", "date_range",
                                  "created_to %d is more than %d seconds from created_from %d" % (to, maximum, from_), to)
            return None
        return from_, to

    def page_size(self):
        """Returns the page size or None after sending KAZOO's faulty_request error."""
        if "page_size" not in self.query:
            return 50
        try:
            size = int(self.query["page_size"])
        except ValueError:
            self.system_error(404, "faulty_request", "invalid page size")
            return None
        if size < 1:
            self.system_error(404, "faulty_request", "page size must be at least 1")
            return None
        return size

    def listing(self, user, interactions):
        csv = "text/csv" in (self.headers.get("Accept") or "") and not interactions
        size = self.page_size()
        if size is None:
            return
        window = self.time_range()
        if window is None:
            return
        from_, to = window
        paginate = self.query.get("paginate", "true") == "true"
        docs = self.state.docs
        if interactions:
            groups = {}
            for doc in docs:
                owner = doc["custom_channel_vars"].get("owner_id")
                if user is not None and owner != user:
                    continue
                if not from_ <= doc["interaction_time"] <= to:
                    continue
                prefix = ([user] if user is not None else []) + [doc["interaction_time"], doc["interaction_key"]]
                groups.setdefault(tuple(prefix), []).append(doc)
            # One reduced row per interaction: the leg with the smallest channel_time.
            entries = []
            for prefix, legs in groups.items():
                legs.sort(key=lambda d: (channel_time(d), d.get("channel_loopback_leg", "_")))
                entries.append((list(prefix), legs[0], [list(prefix) + [channel_time(d)] for d in legs]))
            high = [HighObject()] if user is None else ["\ufff0", "\ufff0"]
            start = [to] + high if user is None else [user, to, "\ufff0", "\ufff0"]
        else:
            entries = []
            for doc in docs:
                owner = doc["custom_channel_vars"].get("owner_id")
                if user is not None and owner != user:
                    continue
                if not from_ <= doc["pvt_created"] <= to:
                    continue
                key = ([user] if user is not None else []) + [doc["pvt_created"], doc["_id"]]
                entries.append((key, doc, [key]))
            start = [to, HighObject()] if user is None else [user, to, HighObject()]
        if "start_key" in self.query and paginate:
            try:
                start = decode_key(self.query["start_key"])
                if not isinstance(start, list):
                    start = [start]
            except (ValueError, IndexError, UnicodeDecodeError):
                start = self.query["start_key"]
            if interactions and user is not None and isinstance(start, list):
                start = start + ["\ufff0"] * (4 - len(start))
        # Descending: an entry is in range when one of its map keys is <= start.
        limit = collation(start)
        selected = [e for e in entries if any(collation(k) <= limit for k in e[2])]
        selected.sort(key=lambda e: collation(e[0]), reverse=True)
        if paginate:
            page, extra = selected[:size], selected[size:size + 1]
        else:
            page, extra = selected, []
        corrupt = self.state.fault("corrupt_rows", {})
        rows = [corrupt.get(doc["_id"], listing_row(doc)) for _, doc, _ in page]
        next_key = encode_key(extra[0][0]) if extra else None
        start_text = self.query.get("start_key") if paginate else None
        if csv:
            body = csv_text(rows)
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Disposition", 'attachment; filename="cdrs.csv"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return self.wfile.write(body)
        chunked = self.query.get("is_chunked", "true") == "true"
        if not chunked or not rows:
            members = dict(status="success", revision="automatic", data=rows)
            if paginate:
                members["page_size"] = len(rows)
                if start_text:
                    members["start_key"] = start_text
                if next_key:
                    members["next_start_key"] = next_key
            return self.send_json(200, self.envelope(**members))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.chunk(b'{"data":[')
        chunk_size = 7
        for offset in range(0, len(rows), chunk_size):
            text = ",".join(json.dumps(r, ensure_ascii=False) for r in rows[offset:offset + chunk_size])
            self.chunk(((b"," if offset else b"") + text.encode("utf-8")))
            if self.truncate_body:
                return self.drop()
        trailer = [("status", "success"), ("request_id", "req-%d" % self.state.data_requests),
                   ("node", "bm9kZQ"), ("version", "5.0.0"), ("timestamp", "2026-12-01T00:00:00Z"),
                   ("revision", "automatic"), ("auth_token", self.token or "")]
        if paginate:
            trailer = [("page_size", str(len(rows))), ("start_key", start_text or ""),
                       ("next_start_key", next_key or "")] + trailer
        # KAZOO joins the trailer with ", " and leaves out empty values; every value a string.
        text = "], " + ", ".join('"%s":"%s"' % (k, v) for k, v in trailer if v) + "}"
        self.chunk(text.encode("utf-8"))
        self.wfile.write(b"0\r\n\r\n")

    def legs(self, identifier):
        docs = self.state.docs
        if len(identifier) > 12 and identifier[11] == "-":
            legs = [d for d in docs if d["interaction_id"] == identifier]
        elif identifier in self.state.by_id:
            interaction = self.state.by_id[identifier]["interaction_id"]
            legs = [d for d in docs if d["interaction_id"] == interaction]
        else:
            legs = []
        if not legs:
            return self.module_error(404, "could not find legs for supplied id")
        legs.sort(key=channel_time)
        corrupt = self.state.fault("corrupt_legs", {})
        data = [corrupt.get(d["_id"], public(d)) for d in legs]
        self.send_json(200, self.envelope(status="success", revision="automatic", data=data))

    def document(self, identifier):
        if len(identifier) < 8 or identifier[6] != "-":
            return self.module_error(404, "could not find cdr with supplied id")
        doc = self.state.by_id.get(identifier)
        if doc is None:
            return self.system_error(404, "bad_identifier", "bad identifier", cause=identifier)
        self.send_json(200, self.envelope(status="success", revision=doc["_rev"], data=public(doc)))

    def summary(self):
        window = self.time_range()
        if window is None:
            return
        from_, to = window
        docs = [d for d in self.state.docs if from_ <= d["pvt_created"] <= to]
        self.send_json(200, self.envelope(status="success", revision="automatic", data=summarize(docs)))

    # -- control (tests only; no authentication) --

    def control(self, method, segments):
        state = self.state
        if segments == ["dataset"]:
            docs = sorted(state.docs, key=lambda d: d["_id"])
            return self.send_json(200, {
                "account": state.account, "users": state.users,
                "documents": [public(d) for d in docs],
                "rows": [listing_row(d) for d in docs],
                "pvt_created": {d["_id"]: d["pvt_created"] for d in docs},
                "summary": summarize(docs)})
        if segments == ["faults"] and method == "POST":
            with state.lock:
                state.faults = json.loads(self.body.decode("utf-8") or "{}")
                if "max_range" in state.faults and state.faults["max_range"] is None:
                    del state.faults["max_range"]
            return self.send_json(200, {"ok": True})
        if segments == ["log"]:
            with state.lock:
                return self.send_json(200, {"data_requests": state.data_requests,
                                            "most_in_flight": state.most_in_flight,
                                            "auth_requests": state.auth_requests,
                                            "issued_tokens": state.issued, "log": state.log})
        self.send_json(404, {"error": "unknown control"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--interactions", type=int, default=60)
    parser.add_argument("--start", type=int, default=63746438400)
    parser.add_argument("--span", type=int, default=6_000_000)
    parser.add_argument("--account", default="a" * 32)
    parser.add_argument("--token", default="test-token-0123456789abcdef")
    parser.add_argument("--api-key", default="api-key-fedcba9876543210")
    parser.add_argument("--username", default="alice")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--account-name", default="acme")
    parser.add_argument("--account-realm", default="acme.example.com")
    args = parser.parse_args()
    Handler.state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)

    def watch_stdin():
        while sys.stdin.buffer.read(4096):
            pass
        os._exit(0)
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
