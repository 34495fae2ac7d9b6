#!/usr/bin/python3
"""Load: svcd running 1,000 processes (sleep, startsecs=0), 50 concurrent clients calling
supervisor.getAllProcessInfo for 10 s (40 over the unix socket, 10 over TCP with Basic auth,
keep-alive HTTP/1.1). Every call must succeed (HTTP 200, a complete methodResponse with 1,000
structs, no fault); svcd's open fds after the run must equal the count after the warm-up (no fd
leak); its RSS at the end may exceed the RSS after a 2 s warm-up by at most RSS_TOLERANCE (flat).
The clients send a prebuilt request and check the raw response, so they cost little CPU and
svcd is the busy side.

usage: load_test.py SVCD [--procs N] [--clients N] [--seconds S]"""
import argparse
import base64
import os
import re
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'compat'))
from svtest import Daemon, free_port, unix_proxy  # noqa: E402

RSS_TOLERANCE = 0.10  # of the warm RSS, and at least 4 MiB (allocator noise)
CONFIG = """
[unix_http_server]
file=%(here)s/sv.sock

[inet_http_server]
port=127.0.0.1:{port}
username=user
password=secret

[supervisord]
logfile=%(here)s/sv.log
pidfile=%(here)s/sv.pid
childlogdir=%(here)s
nodaemon=true
minfds=8192

[program:p]
command=sleep 100000
process_name=%(program_name)s_%(process_num)04d
numprocs={procs}
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
"""

BODY = (b"<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getAllProcessInfo"
        b"</methodName>\n<params>\n</params>\n</methodCall>\n")


def request(auth):
    head = b'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n'
    if auth:
        head += b'Authorization: Basic ' + base64.b64encode(b'user:secret') + b'\r\n'
    return head + b'Content-Length: %d\r\n\r\n' % len(BODY) + BODY


def read_response(sock, buf):
    """One HTTP response off a keep-alive connection: (status line, body), rest kept in buf."""
    while b'\r\n\r\n' not in buf[0]:
        chunk = sock.recv(262144)
        if not chunk:
            raise OSError('connection closed')
        buf[0] += chunk
    head, rest = buf[0].split(b'\r\n\r\n', 1)
    length = int(re.search(rb'(?i)content-length: *(\d+)', head).group(1))
    while len(rest) < length:
        chunk = sock.recv(262144)
        if not chunk:
            raise OSError('connection closed')
        rest += chunk
    buf[0] = rest[length:]
    return head.split(b'\r\n', 1)[0], rest[:length]


class Client(threading.Thread):
    def __init__(self, connect, auth, procs, until):
        super().__init__(daemon=True)
        self.connect, self.req, self.procs, self.until = connect, request(auth), procs, until
        self.calls, self.errors, self.latencies = 0, [], []

    def run(self):
        try:
            sock, buf = self.connect(), [b'']
            while time.monotonic() < self.until:
                started = time.monotonic()
                sock.sendall(self.req)
                status, body = read_response(sock, buf)
                self.latencies.append(time.monotonic() - started)
                self.calls += 1
                if b' 200 ' not in status or b'<fault>' in body or \
                        not body.rstrip().endswith(b'</methodResponse>') or \
                        body.count(b'<name>statename</name>') != self.procs:
                    self.errors.append((status, body[:200]))
            sock.close()
        except Exception as e:  # noqa: BLE001
            self.errors.append(repr(e))


def fds(pid):
    return len(os.listdir('/proc/%d/fd' % pid))


def rss_kib(pid):
    with open('/proc/%d/status' % pid) as f:
        return int(re.search(r'VmRSS:\s+(\d+)', f.read()).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('svcd')
    parser.add_argument('--procs', type=int, default=1000)
    parser.add_argument('--clients', type=int, default=50)
    parser.add_argument('--seconds', type=float, default=10)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix='rpc-load-')
    port = free_port()
    conf = os.path.join(tmp.name, 'sv.conf')
    with open(conf, 'w') as f:
        f.write(CONFIG.replace('{port}', str(port)).replace('{procs}', str(args.procs)))
    env = dict(os.environ)
    env.setdefault('ASAN_OPTIONS', 'detect_leaks=1:quarantine_size_mb=16')
    daemon = Daemon('svcd', os.path.abspath(args.svcd), conf, os.path.join(tmp.name, 'sv.sock'),
                    env=env)
    failures = []

    def unix():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(120)
        s.connect(daemon.sock)
        return s

    def tcp():
        return socket.create_connection(('127.0.0.1', port), timeout=120)

    def run_clients(seconds, count):
        until = time.monotonic() + seconds
        clients = [Client(tcp if i % 5 == 4 else unix, i % 5 == 4, args.procs, until)
                   for i in range(count)]
        for c in clients:
            c.start()
        for c in clients:
            c.join(seconds + 180)
        return clients

    try:
        started = time.monotonic()
        daemon.start(timeout=120)
        deadline = time.monotonic() + 120
        while True:
            infos = unix_proxy(daemon.sock, 60).supervisor.getAllProcessInfo()
            running = sum(i['statename'] == 'RUNNING' for i in infos)
            if running == args.procs:
                break
            if time.monotonic() > deadline:
                raise SystemExit('only %d of %d processes RUNNING' % (running, args.procs))
            time.sleep(0.5)
        print('%d processes RUNNING after %.1f s' % (args.procs, time.monotonic() - started))
        run_clients(2, 5)  # warm-up: every connection path and response size seen once
        time.sleep(0.5)
        fds_warm, rss_warm = fds(daemon.pid), rss_kib(daemon.pid)
        clients = run_clients(args.seconds, args.clients)
        time.sleep(0.5)
        fds_end, rss_end = fds(daemon.pid), rss_kib(daemon.pid)
        calls = sum(c.calls for c in clients)
        errors = [e for c in clients for e in c.errors]
        lat = sorted(x for c in clients for x in c.latencies)
        if lat:
            print('%d clients, %.0f s: %d calls (%.1f/s), latency p50 %.1f ms, p90 %.1f ms, '
                  'max %.1f ms' % (args.clients, args.seconds, calls, calls / args.seconds,
                                   lat[len(lat) // 2] * 1e3, lat[len(lat) * 9 // 10] * 1e3,
                                   lat[-1] * 1e3))
        print('fds: %d after warm-up, %d at the end' % (fds_warm, fds_end))
        print('RSS: %d KiB after warm-up, %d KiB at the end (%+.1f%%)' % (
            rss_warm, rss_end, 100.0 * (rss_end - rss_warm) / rss_warm))
        if errors:
            failures.append('%d errors, first: %r' % (len(errors), errors[0]))
        if any(c.calls == 0 for c in clients):
            failures.append('a client got no answer')
        if fds_end > fds_warm:
            failures.append('fd leak: %d -> %d' % (fds_warm, fds_end))
        if rss_end - rss_warm > max(RSS_TOLERANCE * rss_warm, 4096):
            failures.append('RSS grew: %d -> %d KiB' % (rss_warm, rss_end))
        if not daemon.alive():
            failures.append('svcd died')
    finally:
        daemon.stop(timeout=120)
        tmp.cleanup()
    for f in failures:
        print('FAIL ' + f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
