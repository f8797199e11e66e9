"""Copies the shipped adapters/ (as committed when the checkout's differ:
lib.shipped_adapters) to OUT/adapters, for the C unit tests, which CTest
points at it with LOCO_TEST_ADAPTERS (the fixture 'shipped').

Usage: shipped.py --src SOURCE_DIR --out OUT
"""
import argparse
import os
import shutil

from lib import shipped_adapters


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    dest = os.path.join(args.out, "adapters")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(args.out, exist_ok=True)
    shutil.copytree(shipped_adapters(os.path.abspath(args.src)), dest)


if __name__ == "__main__":
    main()
