"""Parse every NDJSON line of a file with orjson (the Python baseline of `cdr-bench decode`).

Usage: python3 decode_orjson.py FILE
Prints "<best seconds of 3> <records>".
"""

import sys
import time

import orjson


def main() -> None:
    with open(sys.argv[1], "rb") as handle:
        data = handle.read()
    best = float("inf")
    records = 0
    for _ in range(3):
        start = time.perf_counter()
        records = 0
        for line in data.split(b"\n"):
            if line.strip():
                leg = orjson.loads(line)
                if "call_id" in leg:
                    records += 1
        best = min(best, time.perf_counter() - start)
    print(f"{best:.6f} {records}")


if __name__ == "__main__":
    main()
