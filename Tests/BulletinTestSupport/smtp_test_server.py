#!/usr/bin/env python3
"""An aiosmtpd server for Bulletin's SMTP tests, started by the tests on 127.0.0.1.

Usage: smtp_test_server.py [--tls none|starttls|implicit] [--auth] [--stall] [--defer-once] [--keep-bodies]
                           [--reply-delay MS] --cert-dir DIR

Prints "READY <port>" once it accepts connections. Reads commands on stdin: "stats" prints a JSON line
({"sessions": …, "messages": […]}); end of input stops the server.

What the recipient's local part asks for:
  bounce…   550 to RCPT TO            later…   451 to RCPT TO
  spam…     554 after the data         slow…    no reply after the data (stalls)
  kill…     the server dies after receiving the data, before replying
  drop…     the server dies at RCPT TO
--stall: a TCP listener that accepts and never answers (no greeting).
--defer-once: "later…" recipients get 451 the first time only, and are accepted after that.
--keep-bodies: "stats" also gives each message's content (as text) under "content".
--reply-delay MS: each accepted message is counted, then the 250 comes MS milliseconds later (a client that dies
  in between leaves the server holding a message it never heard accepted).
--refuse-sender CODE: every MAIL FROM is answered CODE (553: "sender not owned by user", 530, 554, 421, …).
--refuse-rcpt-every N: every Nth RCPT TO (counting from the first, so 2 refuses half) gets 550 5.1.1.
--auth without --tls: AUTH is offered and required in clear (a relay that wants a login: 530 at MAIL FROM).
Commands on stdin besides "stats": "set NAME VALUE" changes an option while the server runs (like
"set refuse_rcpt_every 0" or "set refuse_sender 0" to stop refusing); it answers "OK".
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

USER, PASSWORD = "bulletin", "correct horse"
sessions = 0
messages = []
deferred_once = set()
options = None
lock = threading.Lock()
save_dir = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    if not os.path.exists(cert):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
             "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, capture_output=True)
    return cert, key


SENDER_REPLIES = {
    421: "421 4.7.0 Too many connections, closing",
    451: "451 4.3.0 Try again later",
    530: "530 5.7.0 Authentication required",
    550: "550 5.7.1 Sender rejected",
    553: "553 5.7.1 Sender address not owned by user",
    554: "554 5.7.1 Sender refused by policy",
}
rcpt_count = 0


class Handler:
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if options.refuse_sender:
            code = int(options.refuse_sender)
            return SENDER_REPLIES.get(code, "%d 5.7.1 Sender refused" % code)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        global rcpt_count
        with lock:
            rcpt_count += 1
            refuse = options.refuse_rcpt_every and rcpt_count % int(options.refuse_rcpt_every) == 0
        if refuse:
            return "550 5.1.1 No such user here"
        local = address.split("@")[0]
        if local.startswith("bounce"):
            return "550 5.1.1 No such user here"
        if local.startswith("later") and not (options.defer_once and address in deferred_once):
            deferred_once.add(address)
            return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("drop"):
            os._exit(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        local = envelope.rcpt_tos[0].split("@")[0]
        if local.startswith("spam"):
            return "554 5.7.1 Message refused as spam"
        if local.startswith("kill"):
            os._exit(0)
        if local.startswith("slow"):
            await asyncio.sleep(3600)
        with lock:
            message = {"from": envelope.mail_from, "to": envelope.rcpt_tos, "size": len(envelope.content)}
            if options.keep_bodies:
                message["content"] = envelope.content.decode("utf-8", "replace")
            messages.append(message)
            if save_dir:
                path = os.path.join(save_dir, "%d.eml" % len(messages))
                with open(path + ".part", "wb") as saved:
                    saved.write(envelope.original_content or envelope.content)
                os.replace(path + ".part", path)
            count = len(messages)
        if options.reply_delay:
            await asyncio.sleep(options.reply_delay / 1000)
        return "250 2.0.0 Queued as %d" % count


class CountingSMTP(SMTP):
    def connection_made(self, transport):
        global sessions
        # After STARTTLS, aiosmtpd calls this again with the TLS transport: that is the same session.
        if self._original_transport is None:
            with lock:
                sessions += 1
        super().connection_made(transport)


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
            and auth_data.password == PASSWORD.encode():
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


class CountingController(Controller):
    def factory(self):
        return CountingSMTP(self.handler, **self.SMTP_kwargs)


def stall_server(port):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    held = []

    def accept():
        while True:
            connection, _ = listener.accept()
            held.append(connection)

    threading.Thread(target=accept, daemon=True).start()


def main():
    global sessions, options, save_dir
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", default="none", choices=["none", "starttls", "implicit"])
    parser.add_argument("--auth", action="store_true")
    parser.add_argument("--stall", action="store_true")
    parser.add_argument("--defer-once", action="store_true")
    parser.add_argument("--keep-bodies", action="store_true")
    parser.add_argument("--reply-delay", type=float, default=0)
    parser.add_argument("--refuse-sender", type=int, default=0)
    parser.add_argument("--refuse-rcpt-every", type=int, default=0)
    parser.add_argument("--cert-dir", required=True)
    parser.add_argument("--save-dir", help="write each accepted message to N.eml in this folder")
    args = parser.parse_args()
    options = args
    save_dir = args.save_dir
    port = free_port()
    if args.stall:
        stall_server(port)
    else:
        kwargs = {"ident": "Bulletin test server", "data_size_limit": 10 * 1024 * 1024}
        controller_kwargs = {}
        if args.tls != "none":
            cert, key = make_certificate(args.cert_dir)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
            if args.tls == "starttls":
                kwargs.update(tls_context=context, require_starttls=True)
            else:
                controller_kwargs.update(ssl_context=context)
        if args.auth:
            kwargs.update(authenticator=authenticator, auth_required=True)
            if args.tls == "none":
                kwargs.update(auth_require_tls=False)
        controller = CountingController(Handler(), hostname="127.0.0.1", port=port, **controller_kwargs, **kwargs)
        controller.start()
        time.sleep(0.05)
        with lock:
            sessions = 0  # Controller.start() made one connection of its own to check the server is up.
    print("READY %d" % port, flush=True)
    for line in sys.stdin:
        if line.strip() == "stats":
            with lock:
                print(json.dumps({"sessions": sessions, "messages": messages}), flush=True)
        elif line.startswith("set "):
            _, name, value = line.split()
            with lock:
                setattr(options, name, type(getattr(options, name))(float(value)))
            print("OK", flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
