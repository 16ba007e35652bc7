"""The `cdr csv` job in Python: orjson + the standard csv module, the baseline of
`bench-commands.sh` for `csv`.

Usage: python3 csv_python.py FILE > OUT.csv

Reads FILE as NDJSON (orjson.loads per line; lines that are not an object with a string
`call_id` are skipped and counted) and writes KAZOO's 35 listing columns with csv.writer
(QUOTE_MINIMAL, lineterminator "\\r\\n"), header first (`id` is named `ID`, as KAZOO's
header map does), as `cdr csv FILE` does by default. Every time column is derived from
the leg's start S = timestamp - duration_seconds (gregorian seconds; unix = S -
62167219200); `cost` is KAZOO's per-minute rating when `account_billing` is per_minute;
`rate` is the CCV rate in dollars. Cells that a spreadsheet runs as formulas (starting with
= + - @ TAB CR, other than plain numbers) get a leading ' as cdr's guard does.

On the generated benchmark file the output is byte-identical to `cdr csv FILE`. Where it
would differ elsewhere: the rating inputs are read under their stored names only (cdr also
tries KAZOO's header spelling, `Rate-Increment`); numbers in text columns are rendered by
Python (str/repr), not kept as written; years before 1000 are not zero-padded (glibc's
strftime %Y); control characters are not escaped; only NDJSON is read.
"""

import csv
import math
import re
import sys
import time

import orjson

COLUMNS = ("id call_id caller_id_number caller_id_name callee_id_number callee_id_name "
           "duration_seconds billing_seconds timestamp hangup_cause other_leg_call_id owner_id "
           "to from direction request authorizing_id cost dialed_number calling_from datetime "
           "unix_timestamp unix_timestamp_micro rfc_1036 iso_8601 iso_8601_combined call_type "
           "rate rate_name bridge_id recording_url media_recordings media_server call_priority "
           "interaction_id").split()
FORMULA_START = frozenset("=+-@\t\r")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
GREGORIAN_UNIX = 62167219200


def integer(value, default=None):
    """KAZOO's integer cast: numbers and numeric text, floats rounded half away from zero."""
    if isinstance(value, bool) or value is None:
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            number = float(value)
            return int(math.copysign(math.floor(abs(number) + 0.5), number))
        except (TypeError, ValueError, OverflowError):
            return default


def text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(map(text, value))
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return str(value)


def cost_units(ccv, billing_seconds):
    """kapps_call_util:calculate_call/5 in doubles, truncated, as KAZOO rates a call."""
    rate, increment = integer(ccv.get("rate"), 0), integer(ccv.get("rate_increment"), 60) or 60
    minimum, surcharge = integer(ccv.get("rate_minimum"), 0), integer(ccv.get("surcharge"), 0)
    billable = billing_seconds - integer(ccv.get("billing_seconds_offset"), 0)
    if billable <= 0 or billable <= integer(ccv.get("rate_nocharge_time"), 0):
        return 0
    cost = surcharge + (minimum / 60) * rate
    if billable > minimum:
        cost += math.ceil((billable - minimum) / increment) * ((increment / 60) * rate)
    cost = math.trunc(cost)
    return math.trunc(cost - math.trunc(integer(ccv.get("discount_percentage"), 0) * 0.01 * cost))


def row(leg):
    ccv = leg.get("custom_channel_vars") or {}
    duration, billing = integer(leg.get("duration_seconds")), integer(leg.get("billing_seconds"))
    start = integer(leg.get("timestamp"), 0) - (duration or 0)
    unix = start - GREGORIAN_UNIX
    utc = time.gmtime(unix)
    direction = leg.get("call_direction")
    if direction == "inbound":
        dialed, calling = text(leg.get("request")).split("@")[0], text(leg.get("caller_id_number"))
    elif direction == "outbound":
        dialed, calling = text(leg.get("to")).split("@")[0], text(leg.get("from_uri")).split("@")[0]
    else:
        dialed = calling = ""
    micro = integer(leg.get("channel_created_time"), unix * 1_000_000)
    whole, fraction = divmod(abs(micro), 1_000_000)
    authorizing = text(ccv.get("authorizing_id"))
    rate = ccv.get("rate")
    rate_units = math.trunc(rate) if isinstance(rate, (int, float)) else integer(rate, 0)
    per_minute = ccv.get("account_billing") == "per_minute"
    recordings = ccv.get("media_recordings", [])
    return [
        leg.get("_id"), leg["call_id"], leg.get("caller_id_number"), leg.get("caller_id_name"),
        leg.get("callee_id_number"), leg.get("callee_id_name"), duration, billing, start,
        leg.get("hangup_cause"), leg.get("other_leg_call_id"), ccv.get("owner_id"),
        leg.get("to"), leg.get("from"), direction, leg.get("request"),
        "" if authorizing == text(ccv.get("account_id")) else authorizing,
        cost_units(ccv, billing or 0) if per_minute else 0, dialed, calling,
        time.strftime("%Y-%m-%d_%H:%M:%S", utc), unix,
        repr(math.copysign(whole + fraction / 1_000_000, micro)),
        time.strftime("%a, %d %b %Y %H:%M:%S GMT", utc), time.strftime("%Y-%m-%d", utc),
        time.strftime("%Y-%m-%dT%H:%M:%SZ", utc), ccv.get("account_billing"),
        repr(rate_units / 10000), ccv.get("rate_name"), ccv.get("bridge_id"),
        leg.get("recording_url"), recordings if isinstance(recordings, list) else [recordings],
        leg.get("media_server"), ccv.get("call_priority"), leg.get("interaction_id"),
    ]


def guarded(cell):
    if type(cell) is not str:
        cell = text(cell)
    if cell[:1] in FORMULA_START and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def main() -> None:
    sys.stdout.reconfigure(newline="", encoding="utf-8")
    writer = csv.writer(sys.stdout, lineterminator="\r\n")
    writer.writerow(["ID"] + COLUMNS[1:])
    read = accepted = 0
    with open(sys.argv[1], "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            read += 1
            try:
                leg = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if not isinstance(leg, dict) or not isinstance(leg.get("call_id"), str):
                continue
            accepted += 1
            writer.writerow([guarded(cell) for cell in row(leg)])
    sys.stdout.flush()
    print(f"{read} read, {accepted} accepted, {read - accepted} rejected", file=sys.stderr)


if __name__ == "__main__":
    main()
