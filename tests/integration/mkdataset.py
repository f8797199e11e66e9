#!/usr/bin/env python3
"""Writes an eval dataset (JSONL) for verdict scenarios, so a .t file can say how
many items of each kind it has instead of listing sixty lines:

    mkdataset.py [--type TYPE] 'EXPECTED*COUNT' ...

Each argument adds COUNT items whose expected_output is EXPECTED; items are numbered
i001, i002, ... in argument order, with the instruction "item N". With constant
replies per model (the fake server's replies_by_model), the expected words decide
which side is right: e.g. base "alpha gamma", adapter "beta gamma" with `contains`
items make "beta" only-the-adapter, "alpha" only-the-base, "gamma" both and
"delta" neither.
"""
import json
import sys


def main(argv):
    kind = None
    if len(argv) >= 2 and argv[0] == "--type":
        kind, argv = argv[1], argv[2:]
    if not argv:
        sys.exit("usage: mkdataset.py [--type TYPE] 'EXPECTED*COUNT' ...")
    k = 0
    for arg in argv:
        expected, sep, count = arg.rpartition("*")
        if not sep or not count.isdigit():
            sys.exit("mkdataset.py: %r is not EXPECTED*COUNT" % arg)
        for _ in range(int(count)):
            k += 1
            item = {"id": "i%03d" % k, "instruction": "item %d" % k, "expected_output": expected}
            if kind:
                item["evaluation_type"] = kind
            print(json.dumps(item))


if __name__ == "__main__":
    main(sys.argv[1:])
