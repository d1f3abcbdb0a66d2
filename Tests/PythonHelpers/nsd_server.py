#!/usr/bin/env python3
"""Runs Debian's NSD, an authoritative DNS server, on a free loopback port (UDP and TCP).

Usage: nsd_server.py ZONEDIR
Every ZONEDIR/NAME.zone file is served as the zone NAME. Prints "PORT n" and "READY" once
NSD answers, then waits; SIGTERM stops NSD and removes its working folder.
"""
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time


def free_port():
    # A port free for both UDP and TCP.
    for _ in range(50):
        tcp = socket.socket()
        tcp.bind(("127.0.0.1", 0))
        port = tcp.getsockname()[1]
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            udp.bind(("127.0.0.1", port))
        except OSError:
            tcp.close()
            continue
        tcp.close()
        udp.close()
        return port
    raise RuntimeError("no free port")


def answers(port, zone):
    query = struct.pack(">HHHHHH", 0x1234, 0, 1, 0, 0, 0)
    for label in zone.split("."):
        query += bytes([len(label)]) + label.encode()
    query += b"\x00" + struct.pack(">HH", 6, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.3)
    try:
        s.sendto(query, ("127.0.0.1", port))
        reply, _ = s.recvfrom(4096)
        return reply[:2] == b"\x12\x34" and reply[3] & 0x0F == 0
    except OSError:
        return False
    finally:
        s.close()


def main():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    zonedir = os.path.abspath(sys.argv[1])
    zones = sorted(f[:-5] for f in os.listdir(zonedir) if f.endswith(".zone"))
    work = tempfile.mkdtemp(prefix="nsd-")
    port = free_port()
    conf = os.path.join(work, "nsd.conf")
    with open(conf, "w") as f:
        f.write(f"""server:
  ip-address: 127.0.0.1
  port: {port}
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "{zonedir}"
  database: ""
  zonelistfile: "{work}/zone.list"
  xfrdfile: "{work}/xfrd.state"
  xfrdir: "{work}"
  pidfile: "{work}/nsd.pid"
  logfile: "{work}/nsd.log"
  server-count: 1
  verbosity: 1
  hide-version: yes
remote-control:
  control-enable: no
""")
        for zone in zones:
            f.write(f"zone:\n  name: {zone}\n  zonefile: {zone}.zone\n")
    nsd = subprocess.Popen(["/usr/sbin/nsd", "-d", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(*_):
        nsd.terminate()
        try:
            nsd.wait(5)
        except subprocess.TimeoutExpired:
            nsd.kill()
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    deadline = time.time() + 20
    while time.time() < deadline:
        if nsd.poll() is not None:
            break
        if all(answers(port, z) for z in zones[:1] or ["."]):
            print(f"PORT {port}\nREADY", flush=True)
            nsd.wait()
            stop()
        time.sleep(0.1)
    log = open(os.path.join(work, "nsd.log")).read() if os.path.exists(os.path.join(work, "nsd.log")) else ""
    print("FAILED " + log.replace("\n", " | "), flush=True)
    stop()


if __name__ == "__main__":
    main()
