"""The `cdr stats` job (no --by) in Python + orjson: the baseline of `bench-commands.sh` for
`stats`.

Usage: python3 stats_orjson.py FILE > OUT.json

Joins legs into calls with the union-find of group_orjson.py (call_id with
other_leg_call_id, custom_channel_vars.bridge_id and channel_loopback_other_leg_id), then
writes one JSON object {"interactions": KPIS, "legs": KPIS} with sorted keys, KPIS being
calls, answered_calls, asr, acd_seconds, billing_seconds, billed_minutes,
average_ringing_seconds, legs, legs_per_call and transfers, defined as `cdr stats` defines
them (InteractionStatistics):
- "interactions": one call per component; answered when any leg has billing_seconds > 0;
  its billing seconds are the largest leg's; its ringing seconds are those of the first leg
  in KAZOO's order (channel_created_time, else (timestamp - duration_seconds) in unix
  microseconds; then channel_loopback_leg or "_"; then call id);
- "legs": every leg is a call (billing and ringing seconds clamped at 0);
- asr = answered/calls, acd_seconds = billing_seconds/answered, billed_minutes =
  billing_seconds/60, average_ringing_seconds = ringing/calls, legs_per_call = legs/calls
  (null when the divisor is 0); transfers = entries of transfer_history, else 1 when the
  disposition mentions TRANSFER.
Standard error gets "N legs, C interactions".

On the benchmark file the output is byte-identical to `cdr stats FILE`. Differences
elsewhere: seconds are read only when they are JSON integers (cdr also reads numeric text);
the representative's tie-break stops at the call id (cdr goes on to the document id and
text); only NDJSON is read.
"""

import sys

import orjson

GREGORIAN_UNIX = 62167219200


def seconds(leg, key):
    value = leg.get(key)
    return value if type(value) is int else 0


def kpis(calls, answered, billing, ringing, legs, transfers):
    ratio = lambda a, b: a / b if b else None  # noqa: E731
    return {"calls": calls, "answered_calls": answered, "asr": ratio(answered, calls),
            "acd_seconds": ratio(billing, answered), "billing_seconds": billing,
            "billed_minutes": billing / 60, "average_ringing_seconds": ratio(ringing, calls),
            "legs": legs, "legs_per_call": ratio(legs, calls), "transfers": transfers}


def main() -> None:
    parent: list[int] = []
    numbers: dict[str, int] = {}

    def number(key: str) -> int:
        found = numbers.get(key)
        if found is None:
            found = numbers[key] = len(parent)
            parent.append(found)
        return found

    def find(node: int) -> int:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    legs = []  # (node, order key, billing, ringing, transfers)
    with open(sys.argv[1], "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                leg = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            call_id = leg.get("call_id") if isinstance(leg, dict) else None
            if not isinstance(call_id, str) or not call_id:
                continue
            node = number(call_id)
            vars_ = leg.get("custom_channel_vars")
            bridge = vars_.get("bridge_id") if isinstance(vars_, dict) else None
            for other in (leg.get("other_leg_call_id"), bridge,
                          leg.get("channel_loopback_other_leg_id")):
                if isinstance(other, str) and other and other != call_id:
                    left, right = find(node), find(number(other))
                    if left != right:
                        parent[right] = left
            created = seconds(leg, "channel_created_time") or (
                seconds(leg, "timestamp") - seconds(leg, "duration_seconds") - GREGORIAN_UNIX
            ) * 1_000_000
            history, disposition = leg.get("transfer_history"), leg.get("disposition")
            transfers = len(history) if isinstance(history, dict) else int(
                isinstance(disposition, str) and "TRANSFER" in disposition.upper())
            order = (created, leg.get("channel_loopback_leg") or "_", call_id)
            legs.append((node, order, seconds(leg, "billing_seconds"),
                         seconds(leg, "ringing_seconds"), transfers))

    calls: dict[int, list] = {}  # root -> [first order key, ringing, billing, answered]
    leg_billing = leg_ringing = leg_answered = transfers = 0
    for node, order, billing, ringing, leg_transfers in legs:
        transfers += leg_transfers
        leg_answered += billing > 0
        leg_billing += max(0, billing)
        leg_ringing += max(0, ringing)
        call = calls.get(find(node))
        if call is None:
            calls[find(node)] = [order, ringing, max(0, billing), billing > 0]
            continue
        if order < call[0]:
            call[0], call[1] = order, ringing
        call[2], call[3] = max(call[2], billing), call[3] or billing > 0
    answered = sum(call[3] for call in calls.values())
    totals = {"interactions": kpis(len(calls), answered, sum(call[2] for call in calls.values()),
                                   sum(call[1] for call in calls.values()), len(legs), transfers),
              "legs": kpis(len(legs), leg_answered, leg_billing, leg_ringing, len(legs),
                           transfers)}
    sys.stdout.buffer.write(orjson.dumps(totals, option=orjson.OPT_SORT_KEYS) + b"\n")
    print(f"{len(legs)} legs, {len(calls)} interactions", file=sys.stderr)


if __name__ == "__main__":
    main()
