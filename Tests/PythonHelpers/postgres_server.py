#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster (Debian's postgresql) on a free loopback port.

Prints "PORT n", "SOCKET dir", "PASSWORD pw" and "READY", then waits. The superuser
`newsletter` logs in over TCP with that password (scram-sha-256) and over the Unix socket
in `dir` without one. SIGTERM, or the parent process going away, stops the cluster and
removes its folder.
"""
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        print("FAILED no /usr/lib/postgresql/*/bin/initdb (install postgresql)", flush=True)
        sys.exit(1)
    return os.path.dirname(found[-1])


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    parent = os.getppid()
    bin_dir = binaries()
    work = tempfile.mkdtemp(prefix="pg-")
    data = os.path.join(work, "data")
    password = secrets.token_hex(12)
    pwfile = os.path.join(work, "pw")
    with open(pwfile, "w") as f:
        f.write(password + "\n")
    run_as = []
    if os.getuid() == 0:
        # initdb and pg_ctl refuse root: the cluster belongs to the postgres user.
        user = pwd.getpwnam("postgres")
        os.chown(work, user.pw_uid, user.pw_gid)
        os.chown(pwfile, user.pw_uid, user.pw_gid)
        os.chmod(work, 0o755)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()

    def stop(*_):
        subprocess.run(run_as + [os.path.join(bin_dir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    init = subprocess.run(run_as + [os.path.join(bin_dir, "initdb"), "-D", data, "-U", "newsletter", "--pwfile", pwfile,
                                    "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                          capture_output=True, text=True)
    if init.returncode != 0:
        print("FAILED initdb: " + init.stderr.replace("\n", " | "), flush=True)
        stop()
    options = "-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" % (port, work)
    started = subprocess.run(run_as + [os.path.join(bin_dir, "pg_ctl"), "-D", data, "-o", options, "-l", os.path.join(work, "log"), "-w", "start"],
                             capture_output=True, text=True)
    if started.returncode != 0:
        log = open(os.path.join(work, "log")).read() if os.path.exists(os.path.join(work, "log")) else ""
        print("FAILED pg_ctl start: " + (started.stderr + log).replace("\n", " | "), flush=True)
        stop()
    print("PORT %d\nSOCKET %s\nPASSWORD %s\nBIN %s\nREADY" % (port, work, password, bin_dir), flush=True)
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            stop()


if __name__ == "__main__":
    main()
