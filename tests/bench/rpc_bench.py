#!/usr/bin/python3
"""Control-plane benchmark: svcd against supervisord 4.2.5, side by side in the same run, same
config (1,000 programs: sleep, startsecs=0, logs NONE), each daemon in its own temp dir.

  1  supervisor.getAllProcessInfo over the unix socket: latency of one call (a new connection,
     the request, the whole response read; the client only checks the bytes), N calls per
     daemon, the daemons alternating; p50 and p90. Target: svcd p50 <= 1/10 of supervisord's.
  2  `svcctl status` vs `/usr/bin/supervisorctl status` (each against its own daemon): wall
     time of the whole command, N runs alternating, median; and the client's CPU time
     (utime+stime of the child). Target: svcctl's median wall time <= 1/10 of supervisorctl's.

Wall-clock figures are noisy on a shared machine: the load average is printed with the table,
and each daemon's CPU time (utime+stime from /proc) spent on figure 1 is reported too.
Not a ctest; `--check` exits 1 on a missed target.

    /usr/bin/python3 tests/bench/rpc_bench.py --svcd build-h5rel/runtime/svcd \\
        --svcctl build-h5rel/ctl/svcctl
"""
import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'compat'))
from svtest import SUPERVISORCTL, SUPERVISORD, Daemon, unix_proxy  # noqa: E402

CLK_TCK = os.sysconf('SC_CLK_TCK')
CONFIG = """
[unix_http_server]
file=%(here)s/sv.sock

[supervisord]
logfile=%(here)s/sv.log
pidfile=%(here)s/sv.pid
childlogdir=%(here)s
nodaemon=true
minfds=8192

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://%(here)s/sv.sock

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
REQUEST = (b'POST /RPC2 HTTP/1.0\r\nHost: localhost\r\nContent-Type: text/xml\r\n'
           b'Content-Length: %d\r\n\r\n' % len(BODY) + BODY)


def one_call(path, procs):
    started = time.perf_counter()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        s.sendall(REQUEST)
        data = []
        while chunk := s.recv(1 << 20):
            data.append(chunk)
    took = time.perf_counter() - started
    body = b''.join(data)
    if b' 200 ' not in body[:20] or body.count(b'<name>statename</name>') != procs:
        raise SystemExit('bad answer: %r' % body[:300])
    return took


def cpu_seconds(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def run_ctl(argv, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    r = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, r.returncode, r.stdout


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--svcd', required=True)
    parser.add_argument('--svcctl', required=True)
    parser.add_argument('--procs', type=int, default=1000)
    parser.add_argument('--calls', type=int, default=40)
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--check', action='store_true')
    args = parser.parse_args()
    dirs, daemons = [], {}
    try:
        for kind, binary in (('supervisord', SUPERVISORD), ('svcd', os.path.abspath(args.svcd))):
            d = tempfile.TemporaryDirectory(prefix='rpc-bench-%s-' % kind)
            dirs.append(d)
            conf = os.path.join(d.name, 'sv.conf')
            with open(conf, 'w') as f:
                f.write(CONFIG.replace('{procs}', str(args.procs)))
            daemons[kind] = Daemon(kind, binary, conf, os.path.join(d.name, 'sv.sock'))
            daemons[kind].start(timeout=180)
        for kind, daemon in daemons.items():
            deadline = time.time() + 300
            while sum(i['statename'] == 'RUNNING' for i in
                      unix_proxy(daemon.sock, 120).supervisor.getAllProcessInfo()) < args.procs:
                if time.time() > deadline:
                    raise SystemExit('%s: processes not RUNNING' % kind)
                time.sleep(1)
        time.sleep(2)  # let supervisord's start-up logging settle
        lat = {k: [] for k in daemons}
        cpu0 = {k: cpu_seconds(d.pid) for k, d in daemons.items()}
        for kind, daemon in daemons.items():
            one_call(daemon.sock, args.procs)  # warm-up
        for _ in range(args.calls):
            for kind, daemon in daemons.items():
                lat[kind].append(one_call(daemon.sock, args.procs))
        cpu = {k: (cpu_seconds(d.pid) - cpu0[k]) / args.calls for k, d in daemons.items()}
        clients = {'supervisord': SUPERVISORCTL, 'svcd': os.path.abspath(args.svcctl)}
        ctl = {k: [] for k in daemons}
        for _ in range(args.runs):
            for kind, daemon in daemons.items():
                wall, ccpu, rc, out = run_ctl([clients[kind], '-c', daemon.conf, 'status'],
                                              os.path.dirname(daemon.conf))
                if rc != 0 or out.count(b'RUNNING') != args.procs:
                    raise SystemExit('%s status: rc %d' % (kind, rc))
                ctl[kind].append((wall, ccpu))
    finally:
        for daemon in daemons.values():
            daemon.stop(timeout=120)
        for d in dirs:
            d.cleanup()

    sv, sd = lat['supervisord'], lat['svcd']
    w = {k: statistics.median(x[0] for x in v) for k, v in ctl.items()}
    c = {k: statistics.median(x[1] for x in v) for k, v in ctl.items()}
    ratio_call = statistics.median(sd) / statistics.median(sv)
    ratio_ctl = w['svcd'] / w['supervisord']
    print('%d processes, %d calls and %d status runs per daemon, load average %.2f' % (
        args.procs, args.calls, args.runs, os.getloadavg()[0]))
    print()
    print('| measure | supervisord 4.2.5 | svcd | svcd / supervisord | target |')
    print('|---|---|---|---|---|')
    print('| getAllProcessInfo p50 | %.1f ms | %.2f ms | %.3f | <= 0.1 |' % (
        statistics.median(sv) * 1e3, statistics.median(sd) * 1e3, ratio_call))
    print('| getAllProcessInfo p90 | %.1f ms | %.2f ms | %.3f | |' % (
        pct(sv, 0.9) * 1e3, pct(sd, 0.9) * 1e3, pct(sd, 0.9) / pct(sv, 0.9)))
    print('| daemon CPU per call | %.1f ms | %.2f ms | %.3f | |' % (
        cpu['supervisord'] * 1e3, cpu['svcd'] * 1e3,
        cpu['svcd'] / cpu['supervisord'] if cpu['supervisord'] else 0))
    print('| `status` wall, median (supervisorctl / svcctl) | %.1f ms | %.2f ms | %.3f | <= 0.1 |'
          % (w['supervisord'] * 1e3, w['svcd'] * 1e3, ratio_ctl))
    print('| `status` client CPU, median | %.1f ms | %.2f ms | %.3f | |' % (
        c['supervisord'] * 1e3, c['svcd'] * 1e3,
        c['svcd'] / c['supervisord'] if c['supervisord'] else 0))
    missed = [n for n, r in (('getAllProcessInfo p50', ratio_call), ('status', ratio_ctl))
              if r > 0.1]
    if missed:
        print('\nmissed: ' + ', '.join(missed))
    return 1 if args.check and missed else 0


if __name__ == '__main__':
    sys.exit(main())
