#!/usr/bin/env python3
"""A tiny DNS server for Bulletin's tests, on 127.0.0.1: answers TXT queries from a JSON table, NXDOMAIN otherwise.

Usage: dns_test_server.py '{"sel._domainkey.example.org": ["v=DKIM1; k=ed25519; p=…"]}'

Prints "READY <port>" once it listens (UDP); end of input stops it. A TXT string longer than 255 bytes is split into
several character-strings, as zone files split long DKIM records.
"""
import json
import os
import socket
import struct
import sys
import threading


def question_end(packet):
    offset = 12
    while packet[offset] != 0:
        offset += 1 + packet[offset]
    return offset + 5  # the root label, QTYPE and QCLASS


def name_of(packet):
    labels, offset = [], 12
    while packet[offset] != 0:
        length = packet[offset]
        labels.append(packet[offset + 1:offset + 1 + length].decode("ascii").lower())
        offset += 1 + length
    return ".".join(labels)


def answer(packet, table):
    end = question_end(packet)
    qtype = struct.unpack("!H", packet[end - 4:end - 2])[0]
    records = table.get(name_of(packet))
    header = packet[:2]
    if records is None:
        return header + struct.pack("!HHHHH", 0x8183, 1, 0, 0, 0) + packet[12:end]
    if qtype != 16:
        return header + struct.pack("!HHHHH", 0x8180, 1, 0, 0, 0) + packet[12:end]
    body = b""
    for text in records:
        data = text.encode()
        rdata = b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, max(len(data), 1), 255))
        body += struct.pack("!HHHIH", 0xC00C, 16, 1, 60, len(rdata)) + rdata
    return header + struct.pack("!HHHHH", 0x8180, 1, len(records), 0, 0) + packet[12:end] + body


def main():
    table = {name.lower().rstrip("."): texts for name, texts in json.loads(sys.argv[1]).items()}
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("127.0.0.1", 0))

    def serve():
        while True:
            packet, peer = server.recvfrom(4096)
            try:
                server.sendto(answer(packet, table), peer)
            except (IndexError, struct.error):
                pass

    threading.Thread(target=serve, daemon=True).start()
    print("READY %d" % server.getsockname()[1], flush=True)
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()
