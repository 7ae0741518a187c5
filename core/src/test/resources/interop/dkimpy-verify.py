#!/usr/bin/python3
"""Verifies every DKIM-Signature of a message with dkimpy, an independent implementation.

Usage: dkimpy-verify.py RECORDS < message
RECORDS holds key records as NAME<TAB>VALUE lines. Prints one line per signature,
top to bottom: "pass" or "fail".
"""
import sys

import dkim


def main():
    records = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                name, value = line.split("\t", 1)
                records[name.lower().rstrip(".")] = value.encode("utf-8")

    def lookup(name, timeout=5):
        key = name.decode("ascii") if isinstance(name, bytes) else name
        return records.get(key.lower().rstrip("."))

    message = sys.stdin.buffer.read()
    verifier = dkim.DKIM(message)
    count = sum(1 for h in verifier.headers if h[0].lower() == b"dkim-signature")
    for index in range(count):
        try:
            ok = verifier.verify(idx=index, dnsfunc=lookup)
        except dkim.DKIMException as e:
            print("fail", e)
            continue
        print("pass" if ok else "fail")


main()
