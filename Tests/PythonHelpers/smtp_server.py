#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) on a free loopback port for the delivery tests, with fault
injection. Each accepted message is stored as DIR/new/<n>-<recipient>.eml with its exact
bytes. Prints "PORT <n>" (and "CA <path>" with --tls) on start.

  --tls                 offer STARTTLS with a throwaway self-signed certificate (and require it)
  --auth USER:PASS      require AUTH (PLAIN/LOGIN) after STARTTLS
  --defer-once ADDR     answer 451 to RCPT for ADDR the first time, 250 after
  --refuse ADDR         answer 550 to RCPT for ADDR
  --close-after N       answer 421 to the DATA of the N-th accepted message (once) and hang up
  --drop-data-once ADDR drop the connection during DATA for ADDR the first time
  --pipelining          offer PIPELINING in EHLO (RFC 2920)
  --idle-timeout S      answer 421 and hang up on a session idle for S seconds
"""
import argparse
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Handler:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.deferred = set()
        self.dropped = set()
        self.accepted = 0
        self.closed_once = False
        os.makedirs(os.path.join(args.maildir, "new"), exist_ok=True)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.args.pipelining:
            responses.insert(1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in (self.args.refuse or []):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if address in (self.args.defer_once or []):
            with self.lock:
                if address not in self.deferred:
                    self.deferred.add(address)
                    return "451 4.3.0 <%s>: Temporary failure, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        rcpt = envelope.rcpt_tos[0] if envelope.rcpt_tos else "unknown"
        with self.lock:
            if rcpt in (self.args.drop_data_once or []) and rcpt not in self.dropped:
                self.dropped.add(rcpt)
                server.transport.abort()
                return "451 4.3.0 dropped"
            if self.args.close_after and not self.closed_once and self.accepted + 1 == self.args.close_after:
                self.closed_once = True
                server.transport.close()
                return "421 4.3.2 Service shutting down"
            self.accepted += 1
            n = self.accepted
        name = "%06d-%s.eml" % (n, rcpt.replace("/", "_"))
        tmp = os.path.join(self.args.maildir, "tmp-" + name)
        with open(tmp, "wb") as f:
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(self.args.maildir, "new", name))
        # The envelope sender, beside the maildir (VERP tests read it).
        os.makedirs(os.path.join(self.args.maildir, "envelope"), exist_ok=True)
        with open(os.path.join(self.args.maildir, "envelope", name), "w") as f:
            f.write(envelope.mail_from or "")
        return "250 2.0.0 Ok: queued as %d" % n


def make_certificate(directory):
    key = os.path.join(directory, "key.pem")
    cert = os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--defer-once", action="append")
    parser.add_argument("--refuse", action="append")
    parser.add_argument("--close-after", type=int)
    parser.add_argument("--drop-data-once", action="append")
    parser.add_argument("--pipelining", action="store_true")
    parser.add_argument("--idle-timeout", type=float)
    args = parser.parse_args()

    kwargs = {}
    lines = []
    if args.tls:
        cert, key = make_certificate(tempfile.mkdtemp())
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        kwargs.update(tls_context=context, require_starttls=True)
        lines.append("CA %s" % cert)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            # handled=False: aiosmtpd answers 535 itself (handled=True would leave the client waiting).
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_require_tls=args.tls, auth_required=True)
    if args.idle_timeout:
        kwargs.update(timeout=args.idle_timeout)
    port = free_port()
    controller = Controller(Handler(args), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print("PORT %d" % port, flush=True)
    for line in lines:
        print(line, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
