#!/usr/bin/env python3
"""Checks messages Bulletin built with independent implementations: Python's `email` package for the MIME
structure and headers, dkimpy for every DKIM signature (DNS answered from the given records, no network).

Usage: verify_messages.py CASES.json   — prints one JSON object: {"checked": N, "failures": [...]}.

CASES.json: {"records": {"sel._domainkey.example.org": "v=DKIM1; k=rsa; p=..."},
             "messages": [{"path": "...", "expect": {"From": "...", "To": "...", "Subject": "...",
                           "text": "...", "html": "...", "signatures": 2}}]}
"""
import email
import email.policy
import json
import re
import sys

import dkim


def check(case, records, failures):
    path = case["path"]
    expect = case["expect"]
    raw = open(path, "rb").read()

    def fail(what):
        failures.append(f"{path}: {what}")

    if b"\n" in raw.replace(b"\r\n", b""):
        fail("a bare LF")
    if b"\r" in raw.replace(b"\r\n", b""):
        fail("a bare CR")
    lines = raw.split(b"\r\n")
    head_end = lines.index(b"")
    for number, line in enumerate(lines):
        if len(line) > 998:
            fail(f"line {number + 1} is {len(line)} octets")
        # Only a single word too long to fold (a long link) may make a longer header line.
        if number < head_end and len(line) > 78 and len(line.strip().split()) > 1 and not line.startswith(b"List-Unsubscribe: <"):
            fail(f"header line {number + 1} is {len(line)} octets: {line[:60]!r}")
        if line.startswith(b" =?") or b" =?" in line:
            for word in re.findall(rb"=\?[^?]+\?[BbQq]\?[^?]*\?=", line):
                if len(word) > 75:
                    fail(f"encoded word of {len(word)} characters")

    message = email.message_from_bytes(raw, policy=email.policy.default)
    for name in ("From", "To", "Subject", "Reply-To", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
                 "Feedback-ID", "MIME-Version", "Date", "Message-ID"):
        if name in expect and str(message[name]) != expect[name]:
            fail(f"{name} is {str(message[name])!r}, expected {expect[name]!r}")
        if message.get_all(name) and len(message.get_all(name)) > 1:
            fail(f"{name} appears {len(message.get_all(name))} times")
    for name in expect.get("absent", []):
        if name in message:
            fail(f"{name} is present")
    for name, value in expect.get("headers", {}).items():
        if str(message[name]) != value:
            fail(f"{name} is {str(message[name])!r}, expected {value!r}")
    if message.defects:
        fail(f"defects: {message.defects}")
    if message.get_content_type() != "multipart/alternative":
        fail(f"content type {message.get_content_type()}")
    parts = list(message.iter_parts())
    if [part.get_content_type() for part in parts] != ["text/plain", "text/html"]:
        fail(f"parts {[part.get_content_type() for part in parts]}")
    else:
        for part, key in zip(parts, ("text", "html")):
            if part.get_content_charset() != "utf-8":
                fail(f"{key} charset {part.get_content_charset()}")
            if part["Content-Transfer-Encoding"] != "quoted-printable":
                fail(f"{key} encoding {part['Content-Transfer-Encoding']}")
            for line in part.get_payload(decode=False).split("\n"):
                if len(line.rstrip("\r")) > 76:
                    fail(f"{key} quoted-printable line of {len(line.rstrip())} characters")
            content = part.get_content().replace("\r\n", "\n")
            if key in expect and content != expect[key]:
                fail(f"{key} differs: {content[:200]!r} … expected {expect[key][:200]!r}")
            if part.defects:
                fail(f"{key} defects: {part.defects}")

    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode()
        record = records.get(name.rstrip("."))
        return record.encode() if record else None

    signatures = message.get_all("DKIM-Signature") or []
    if len(signatures) != expect.get("signatures", 0):
        fail(f"{len(signatures)} DKIM signatures, expected {expect.get('signatures', 0)}")
    verifier = dkim.DKIM(raw)
    for index in range(len(signatures)):
        try:
            ok = verifier.verify(idx=index, dnsfunc=dnsfunc)
        except Exception as error:  # dkimpy raises on malformed signatures
            fail(f"DKIM signature {index} raised {error!r}")
            continue
        if not ok:
            fail(f"DKIM signature {index} ({signatures[index][:40]}…) does not verify")


def main():
    cases = json.load(open(sys.argv[1]))
    failures = []
    for case in cases["messages"]:
        check(case, cases["records"], failures)
    ids = [email.message_from_bytes(open(case["path"], "rb").read())["Message-ID"] for case in cases["messages"]]
    if cases.get("unique_ids", True) and len(set(ids)) != len(ids):
        failures.append(f"Message-IDs are not unique: {ids}")
    print(json.dumps({"checked": len(cases["messages"]), "failures": failures}))


if __name__ == "__main__":
    main()
