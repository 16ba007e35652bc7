"""The `cdr validate` job (default mode exact, schema 4.3) in Python + orjson: the baseline
of `bench-commands.sh` for `validate`.

Usage: python3 validate_orjson.py FILE > OUT

Checks every record of FILE (NDJSON, orjson.loads per line) against KAZOO's cdrs schema as
a table of property -> expected JSON type (master's properties plus the 4.3 additions):
private keys (`_*`, `pvt_*`) are ignored, unknown top-level keys are invalid, integers must
be JSON integers, `call_direction` is "inbound" or "outbound", `custom_channel_vars` values
are strings, `custom_sip_headers` is a flat map of string headers or an in/out pair of them.
Prints cdr's text format, one result per record:
  FILE:LINE: record I (CALL_ID): valid|invalid
  then "  error /path [rule] message" per violation, sorted by path.
Unreadable lines are reported on standard error only; standard error ends with
"N read, A accepted, R rejected; V valid, I invalid".

On the benchmark file (all valid) the output is byte-identical to `cdr validate FILE`.
Differences elsewhere: messages render values in Python's notation, not cdr's shortened
one; a header name's pattern is checked but strict mode is not implemented; control and
bidirectional characters in call ids are not escaped; a float such as 12.0 in an integer
field is an error here.
"""

import re
import sys

import orjson

STRING, INTEGER, OBJECT = str, int, dict
SCHEMA = {name: STRING for name in (
    "app_name app_version call_id callee_id_name callee_id_number caller_id_name "
    "caller_id_number call_direction digits_dialed disposition fax_bad_rows fax_ecm_used "
    "fax_result_code fax_result_text fax_success fax_total_pages fax_transfer_rate "
    "fax_transferred_pages from from_tag from_uri hangup_cause hangup_code interaction_id "
    "local_sdp media_server node other_leg_call_id other_leg_caller_id_name "
    "other_leg_caller_id_number other_leg_destination_number other_leg_direction presence_id "
    "remote_sdp request to to_tag to_uri user_agent channel_call_state channel_name "
    "channel_state event_category event_name interaction_key msg_id switch_hostname "
    "switch_nodename switch_uri switch_url"
).split()}
SCHEMA.update({name: INTEGER for name in (
    "billing_seconds channel_created_time duration_seconds ringing_seconds timestamp "
    "interaction_time").split()})
SCHEMA.update(custom_application_vars=OBJECT, custom_channel_vars=OBJECT,
              custom_sip_headers=OBJECT)
TYPE_NAMES = {str: "string", int: "integer", dict: "object"}
HEADER_NAME = re.compile(r"[a-zA-z0-9_\-]+")


def show(value):
    kind = {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
            dict: "object", type(None): "null"}[type(value)]
    return f"{kind} {orjson.dumps(value).decode()[:60]}"


def headers_errors(headers, path):
    return [(f"{path}/{name}", "type", f"header values are strings, found {show(value)}")
            for name, value in headers.items() if not isinstance(value, str)] + [
           (f"{path}/{name}", "additionalProperties", f"header name {name!r} does not match")
            for name in headers if not HEADER_NAME.fullmatch(name)]


def violations(record):
    found = []
    for key, value in record.items():
        if key.startswith(("_", "pvt_")):
            continue
        path, expected = "/" + key.replace("~", "~0").replace("/", "~1"), SCHEMA.get(key)
        if expected is None:
            found.append((path, "additionalProperties",
                          f"property {key} is not in KAZOO's cdrs schema (4.3)"))
        elif type(value) is not expected:
            found.append((path, "type", f"expected {'an' if expected is int else 'a'} "
                          f"{TYPE_NAMES[expected]}, found {show(value)}"))
        elif key == "call_direction" and value not in ("inbound", "outbound"):
            found.append((path, "enum", f'call_direction "{value}" is not "inbound" or "outbound"'))
        elif key == "custom_channel_vars":
            found += [(f"{path}/{name}", "type",
                       f"channel variable values are strings, found {show(v)}")
                      for name, v in value.items() if not isinstance(v, str)]
        elif key == "custom_sip_headers":
            flat = headers_errors(value, path)
            in_out = [error for side in ("in", "out") if side in value for error in (
                headers_errors(value[side], f"{path}/{side}") if isinstance(value[side], dict)
                else [(f"{path}/{side}", "type", "expected an object of headers")])]
            if flat and in_out:
                sided = any(isinstance(value.get(side), dict) for side in ("in", "out"))
                found += [(path, "anyOf", "neither a flat header map nor an in/out object")]
                found += in_out if sided else flat
    return sorted(found, key=lambda violation: violation[0])


def main() -> None:
    path = sys.argv[1]
    read = accepted = valid = 0
    write = sys.stdout.write
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            read += 1
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as error:
                record = error
            if not isinstance(record, dict) or not isinstance(record.get("call_id"), str):
                print(f"{path}:{number}: record {read - 1}: unreadable", file=sys.stderr)
                continue
            accepted += 1
            found = violations(record)
            valid += not found
            write(f"{path}:{number}: record {read - 1} ({record['call_id']}): "
                  f"{'invalid' if found else 'valid'}\n")
            for where, rule, message in found:
                write(f"  error {where} [{rule}] {message}\n")
    sys.stdout.flush()
    print(f"{read} read, {accepted} accepted, {read - accepted} rejected; "
          f"{valid} valid, {read - valid} invalid", file=sys.stderr)


if __name__ == "__main__":
    main()
