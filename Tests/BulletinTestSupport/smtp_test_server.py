#!/usr/bin/env python3
"""An aiosmtpd server for Bulletin's SMTP tests, started by the tests on 127.0.0.1.

Usage: smtp_test_server.py [--tls none|starttls|implicit] [--auth] [--stall] [--defer-once] [--keep-bodies]
                           [--reply-delay MS] [--latency MS] [--quiet-stats] [--port N [--shared-port]]
                           --cert-dir DIR

Prints "READY <port>" once it accepts connections. Reads commands on stdin: "stats" prints a JSON line
({"sessions": …, "messages": […], "max_data_waits": …, "accepted": …,
"cpu_seconds": …}); end of input stops the server.

What the recipient's local part asks for:
  bounce…   550 to RCPT TO            later…   451 to RCPT TO
  spam…     554 after the data         slow…    no reply after the data (stalls)
  kill…     the server dies after receiving the data, before replying
  drop…     the server dies at RCPT TO
--stall: a TCP listener that accepts and never answers (no greeting).
--defer-once: "later…" recipients get 451 the first time only, and are accepted after that.
--keep-bodies: "stats" also gives each message's content (as text) under "content".
--refuse-sender ADDRESS: MAIL FROM with that address gets 550.
--reply-delay MS: each accepted message is counted, then the 250 comes MS milliseconds later (a client that dies
  in between leaves the server holding a message it never heard accepted).
--latency MS: a relay MS milliseconds away: the answers to MAIL FROM, RCPT TO and the end of the data each come
  MS milliseconds late (awaited, so other sessions go on meanwhile). "max_data_waits" in the stats is the highest
  number of sessions that had sent a whole message and were waiting for its reply at once: N sessions that really
  overlap bring it to N; sessions that take turns at that reply keep it at 1.
--quiet-stats: "messages" in the stats stays empty (only "accepted" counts them), for benchmarks that send many.
--port N: listen on N instead of a free port. --shared-port: with SO_REUSEPORT, so that several server processes
  share the port and the kernel spreads the connections over them (a benchmark's relay that needs more than the
  one core a Python process can use); without TLS and AUTH.
--refuse-sender CODE: every MAIL FROM is answered CODE (553: "sender not owned by user", 530, 554, 421, …);
  given an address instead of a code, only MAIL FROM with that address is refused, with 550.
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
accepted = 0
data_waits = 0
max_data_waits = 0


async def latency():
    if options.latency:
        await asyncio.sleep(options.latency / 1000)


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


def sender_refusal(address):
    """The reply refusing MAIL FROM:<address>, or None. --refuse-sender is a reply code (every sender refused) or
    an address (only that one refused)."""
    refuse = options.refuse_sender
    if not refuse or refuse in ("0", "0.0"):
        return None
    if refuse.replace(".0", "").isdigit():
        code = int(float(refuse))
        return SENDER_REPLIES.get(code, "%d 5.7.1 Sender refused" % code)
    if address.lower() == refuse.lower():
        return "550 5.7.1 Sender not allowed here"
    return None


class Handler:
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        await latency()
        refusal = sender_refusal(address)
        if refusal:
            return refusal
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await latency()
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
        global data_waits, max_data_waits
        with lock:
            data_waits += 1
            max_data_waits = max(max_data_waits, data_waits)
        try:
            await latency()
        finally:
            with lock:
                data_waits -= 1
        return await self.accept_data(session, envelope)

    async def accept_data(self, session, envelope):
        global accepted
        local = envelope.rcpt_tos[0].split("@")[0]
        if local.startswith("spam"):
            return "554 5.7.1 Message refused as spam"
        if local.startswith("kill"):
            os._exit(0)
        if local.startswith("slow"):
            await asyncio.sleep(3600)
        with lock:
            accepted += 1
            message = {"from": envelope.mail_from, "to": envelope.rcpt_tos, "size": len(envelope.content)}
            if options.keep_bodies:
                message["content"] = envelope.content.decode("utf-8", "replace")
            if not options.quiet_stats:
                messages.append(message)
            if save_dir:
                path = os.path.join(save_dir, "%d.eml" % accepted)
                with open(path + ".part", "wb") as saved:
                    saved.write(envelope.original_content or envelope.content)
                os.replace(path + ".part", path)
            count = accepted
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


def shared_port_server(port, kwargs):
    """Serves on `port` with SO_REUSEPORT, beside other processes doing the same: aiosmtpd's Controller checks
    that it started by connecting to its port, which may reach another process here."""
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: CountingSMTP(Handler(), **kwargs), host="127.0.0.1", port=port, reuse_port=True))
    threading.Thread(target=loop.run_forever, daemon=True).start()
    return server


def main():
    global sessions, options, save_dir
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", default="none", choices=["none", "starttls", "implicit"])
    parser.add_argument("--auth", action="store_true")
    parser.add_argument("--stall", action="store_true")
    parser.add_argument("--defer-once", action="store_true")
    parser.add_argument("--keep-bodies", action="store_true")
    parser.add_argument("--reply-delay", type=float, default=0)
    parser.add_argument("--latency", type=float, default=0)
    parser.add_argument("--quiet-stats", action="store_true")
    parser.add_argument("--port", type=int)
    parser.add_argument("--shared-port", action="store_true")
    parser.add_argument("--refuse-sender", default="")
    parser.add_argument("--refuse-rcpt-every", type=int, default=0)
    parser.add_argument("--cert-dir", required=True)
    parser.add_argument("--save-dir", help="write each accepted message to N.eml in this folder")
    args = parser.parse_args()
    options = args
    save_dir = args.save_dir
    port = args.port or free_port()
    if args.stall:
        stall_server(port)
    elif args.shared_port:
        shared_port_server(port, {"ident": "Bulletin test server", "data_size_limit": 10 * 1024 * 1024})
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
                print(json.dumps({"sessions": sessions, "messages": messages, "max_data_waits": max_data_waits,
                                  "accepted": accepted, "cpu_seconds": time.process_time()}), flush=True)
        elif line.startswith("set "):
            _, name, value = line.split()
            with lock:
                current = getattr(options, name)
                setattr(options, name, value if isinstance(current, str) else type(current)(float(value)))
            print("OK", flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
