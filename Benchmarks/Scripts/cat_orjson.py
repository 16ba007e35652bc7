"""The `cdr cat` job in Python + orjson: the baseline of `bench-commands.sh` for `cat`.

Usage: python3 cat_orjson.py FILE > OUT

Reads FILE as NDJSON: for each non-blank line, orjson.loads; a line that is not JSON, not
an object, or has no string `call_id` is rejected (reported on standard error as
FILE:LINE: reason); every other record is written back as compact JSON with sorted keys
(orjson.dumps with OPT_SORT_KEYS) and a newline. Standard error ends with
"N read, A accepted, R rejected", like cdr.

On the generated benchmark file (`cdr-bench --write`, 380,000 legs) the output is
byte-identical to `cdr cat FILE` (checked with `bench-commands.sh --check`). It differs
from cdr elsewhere: only NDJSON is read (cdr also reads JSON arrays, single documents and
API envelopes); numbers are re-rendered by orjson (1.50 becomes 1.5, integers beyond 64
bits are rejected) where cdr keeps every literal exactly; string escapes may differ; an
empty `call_id` is accepted; there is no record size limit.
"""

import sys

import orjson


def main() -> None:
    path = sys.argv[1]
    read = accepted = 0
    write = sys.stdout.buffer.write
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            read += 1
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as error:
                print(f"{path}:{number}: malformed JSON: {error}", file=sys.stderr)
                continue
            if not isinstance(record, dict) or not isinstance(record.get("call_id"), str):
                print(f"{path}:{number}: not an object with a string call_id", file=sys.stderr)
                continue
            accepted += 1
            write(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n")
    sys.stdout.flush()
    print(f"{read} read, {accepted} accepted, {read - accepted} rejected", file=sys.stderr)


if __name__ == "__main__":
    main()
