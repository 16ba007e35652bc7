"""The whole `cdr interactions` job in Python + orjson: the baseline of `cdr-bench pipeline`.

Usage: python3 group_orjson.py FILE > OUT

Parses every NDJSON line of FILE with orjson, joins legs with a union-find over call ids
(call_id with other_leg_call_id, custom_channel_vars.bridge_id and
channel_loopback_other_leg_id, the keys `cdr interactions` links by default), and writes one
line per component: the sorted call ids of its legs as a JSON array. Standard error gets
"<legs> legs, <components> components".
"""

import sys

import orjson


def main() -> None:
    parent: list[int] = []
    numbers: dict[str, int] = {}

    def number(key: str) -> int:
        found = numbers.get(key)
        if found is None:
            found = len(parent)
            numbers[key] = found
            parent.append(found)
        return found

    def find(node: int) -> int:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def union(left: int, right: int) -> None:
        left, right = find(left), find(right)
        if left != right:
            parent[right] = left

    leg_ids: list[str] = []
    leg_nodes: list[int] = []
    with open(sys.argv[1], "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            leg = orjson.loads(line)
            call_id = leg.get("call_id")
            if not isinstance(call_id, str) or not call_id:
                continue
            node = number(call_id)
            leg_ids.append(call_id)
            leg_nodes.append(node)
            vars_ = leg.get("custom_channel_vars")
            bridge = vars_.get("bridge_id") if isinstance(vars_, dict) else None
            for other in (leg.get("other_leg_call_id"), bridge,
                          leg.get("channel_loopback_other_leg_id")):
                if isinstance(other, str) and other and other != call_id:
                    union(node, number(other))

    components: dict[int, list[str]] = {}
    for call_id, node in zip(leg_ids, leg_nodes):
        components.setdefault(find(node), []).append(call_id)
    write = sys.stdout.buffer.write
    for ids in components.values():
        ids.sort()
        write(orjson.dumps(ids) + b"\n")
    sys.stdout.flush()
    print(f"{len(leg_ids)} legs, {len(components)} components", file=sys.stderr)


if __name__ == "__main__":
    main()
