#!/usr/bin/env python3
"""A throwaway Dovecot (IMAP, IMAPS, POP3, POP3S) on free loopback ports.

Makes a folder with a self-signed certificate, a passwd-file with one user and that
user's Maildir, starts `dovecot -F` with its own config, then prints
`IMAP n`, `IMAPS n`, `POP3 n`, `POP3S n`, `CA path`, `MAILDIR path`, `USER name`,
`PASSWORD secret` and `READY`, and runs until killed (it stops Dovecot on SIGTERM).
"""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    root = tempfile.mkdtemp(prefix="dovecot-")
    os.chmod(root, 0o755)
    user, password = "bounces", "inbox-secret"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", root + "/key.pem", "-out", root + "/cert.pem"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chmod(root + "/key.pem", 0o600)
    mail_user = pwd.getpwnam("nobody") if os.getuid() == 0 else pwd.getpwuid(os.getuid())
    home = root + "/home/" + user
    for sub in ("new", "cur", "tmp"):
        os.makedirs(home + "/Maildir/" + sub)
    for dirpath, _, _ in os.walk(root + "/home"):
        os.chown(dirpath, mail_user.pw_uid, mail_user.pw_gid)
    with open(root + "/passwd", "w") as f:
        f.write("%s:{PLAIN}%s::::::\n" % (user, password))
    ports = {name: free_port() for name in ("imap", "imaps", "pop3", "pop3s")}
    me = pwd.getpwuid(os.getuid()).pw_name
    login_user = "dovenull" if os.getuid() == 0 else me
    internal_user = "dovecot" if os.getuid() == 0 else me
    conf = f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {mail_user.pw_uid}
mail_location = maildir:{root}/home/%u/Maildir
pop3_uidl_format = %08Xu%08Xv
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    port = {ports['imap']}
  }}
  inet_listener imaps {{
    port = {ports['imaps']}
    ssl = yes
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {ports['pop3']}
  }}
  inet_listener pop3s {{
    port = {ports['pop3s']}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""
    os.makedirs(root + "/run")
    os.makedirs(root + "/state")
    with open(root + "/dovecot.conf", "w") as f:
        f.write(conf)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD])
    proc = subprocess.Popen(["dovecot", "-F", "-c", root + "/dovecot.conf"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(*_):
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # A parent that blocks SIGTERM (a test runner's thread) passes its mask on: unblock it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    deadline = time.time() + 20
    while time.time() < deadline:
        if proc.poll() is not None:
            log = open(root + "/dovecot.log").read() if os.path.exists(root + "/dovecot.log") else ""
            print("FAILED dovecot exited: %s %s" % (proc.stderr.read().decode(errors="replace"), log), flush=True)
            sys.exit(1)
        try:
            with socket.create_connection(("127.0.0.1", ports["pop3"]), timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    for name in ("imap", "imaps", "pop3", "pop3s"):
        print("%s %d" % (name.upper(), ports[name]))
    print("CA %s/cert.pem" % root)
    print("MAILDIR %s/Maildir" % home)
    print("OWNER %d %d" % (mail_user.pw_uid, mail_user.pw_gid))
    print("USER %s" % user)
    print("PASSWORD %s" % password)
    print("READY", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
