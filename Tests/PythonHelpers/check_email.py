#!/usr/bin/env python3
"""Checks emails with independent parsers: Python's email package (policy.default) and dkimpy.

Reads a manifest (JSON list of cases) and prints a JSON list of results, one per case:
  {"eml": path, "text": expected plain part or null, "html": expected HTML part or null,
   "subject": expected subject or null, "to": expected To display or null,
   "dns": {"selector._domainkey.domain.": "v=DKIM1; ..."}}
"""
import email
import email.policy
import json
import sys


def check(case):
    raw = open(case["eml"], "rb").read()
    result = {"eml": case["eml"], "problems": []}
    problems = result["problems"]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if msg.defects:
        problems.append("message defects: %r" % msg.defects)
    for part in msg.walk():
        if part.defects:
            problems.append("part defects: %r" % part.defects)
    for number, line in enumerate(raw.split(b"\r\n")):
        if len(line) > 998:
            problems.append("line %d is %d octets" % (number + 1, len(line)))
        if b"\n" in line or b"\r" in line:
            problems.append("bare CR or LF on line %d" % (number + 1))
    if any(b > 127 for b in raw):
        problems.append("non-ASCII octets in the message")
    if case.get("subject") is not None and str(msg["subject"]) != case["subject"]:
        problems.append("subject %r != %r" % (str(msg["subject"]), case["subject"]))
    if case.get("to") is not None and str(msg["to"]) != case["to"]:
        problems.append("to %r != %r" % (str(msg["to"]), case["to"]))
    if case.get("headers") is not None:
        names = [k.lower() for k in msg.keys()]
        if names != case["headers"]:
            problems.append("header names %r != %r" % (names, case["headers"]))
    if msg.get_content_type() == "multipart/alternative":
        parts = list(msg.iter_parts())
        kinds = [p.get_content_type() for p in parts]
        if kinds != ["text/plain", "text/html"]:
            problems.append("parts %r" % kinds)
        else:
            # Text is CRLF on the wire; compare with the newline convention of the source.
            text = parts[0].get_content().replace("\r\n", "\n")
            html = parts[1].get_content().replace("\r\n", "\n")
            if case.get("text") is not None and text != case["text"]:
                problems.append("text part differs: %r" % text[:200])
            if case.get("html") is not None and html != case["html"]:
                problems.append("html part differs")
    if case.get("dns") is not None:
        import dkim

        records = {k.encode(): v.encode() for k, v in case["dns"].items()}

        def dnsfunc(name, timeout=5):
            return records.get(name if isinstance(name, bytes) else name.encode())

        result["dkim"] = bool(dkim.verify(raw, dnsfunc=dnsfunc))
    return result


def main():
    cases = json.load(open(sys.argv[1]))
    print(json.dumps([check(c) for c in cases]))


if __name__ == "__main__":
    main()
