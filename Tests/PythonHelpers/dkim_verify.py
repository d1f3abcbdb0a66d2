#!/usr/bin/env python3
"""Verifies every DKIM-Signature of a message with dkimpy, against given TXT records.

Usage: dkim_verify.py MESSAGE.eml RECORDS.json
RECORDS.json maps "selector._domainkey.domain." to the record text. Prints a JSON list, one
object per signature in header order: {"d", "s", "a", "ok"}.
"""
import json
import sys

import dkim


def main():
    raw = open(sys.argv[1], "rb").read()
    records = {k.encode(): v.encode() for k, v in json.load(open(sys.argv[2])).items()}

    def dnsfunc(name, timeout=5):
        return records.get(name if isinstance(name, bytes) else name.encode())

    signer = dkim.DKIM(raw)
    headers = [v for (k, v) in signer.headers if k.lower() == b"dkim-signature"]
    out = []
    for idx, value in enumerate(headers):
        tags = dict(t.strip().split(b"=", 1) for t in value.replace(b"\r\n", b"").split(b";") if b"=" in t)
        ok = bool(dkim.DKIM(raw).verify(idx=idx, dnsfunc=dnsfunc))
        out.append({"d": tags.get(b"d", b"").decode(), "s": tags.get(b"s", b"").decode(), "a": tags.get(b"a", b"").decode().strip(), "ok": ok})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
