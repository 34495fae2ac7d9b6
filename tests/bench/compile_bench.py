#!/usr/bin/python3
"""Compile benchmark: `svc build` against supervisord 4.2.5's own config parse, same files.

Generates two configs in a temporary directory:
  programs-10k   10,000 [program:x] sections with varied options (and 50 [group:x] sections)
  numprocs-10k   100 [program:x] sections with numprocs=100, i.e. 10,000 processes
and times, for each:
  svc            `svc build FILE -o plan.json`, wall time of the whole subprocess (the target),
                 and `svc check FILE` (the same work minus writing the plan)
  supervisord    a fresh /usr/bin/python3 running ServerOptions.realize(['-c', FILE]): the parse
                 alone (timed inside that process) and the whole process (imports included)
Each figure is the median of --runs runs. Prints a markdown table with the machine, date and
command. Targets: svc under 150 ms per config and at least 20x faster than the ServerOptions
parse. Not a ctest (timings depend on the machine); `--check` makes a missed target exit 1.

    /usr/bin/python3 tests/bench/compile_bench.py --svc build/compiler/svc --runs 5
"""

import argparse
import datetime
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

SVC_TARGET_MS = 150.0
RATIO_TARGET = 20.0

# Runs in a fresh interpreter: import supervisor, then time only the parse of argv[1].
ORACLE = r'''
import sys, time, warnings
warnings.simplefilter("ignore")
from supervisor.options import ServerOptions
opts = ServerOptions()
def usage(msg):
    raise SystemExit("supervisord rejected the config: %s" % msg)
opts.usage = usage
start = time.perf_counter()
opts.realize(["-c", sys.argv[1]], doc="", progname="supervisord")
elapsed = time.perf_counter() - start
procs = sum(len(g.process_configs) for g in opts.process_group_configs)
print("%.3f %d" % (elapsed * 1000.0, procs))
'''

# minfds large enough for 10,000 processes, so svc has no fd-budget warning to print.
SUPERVISORD = '[supervisord]\nlogfile=/tmp/svcbench.log\npidfile=/tmp/svcbench.pid\nminfds=65536\n'
SIGNALS = ('TERM', 'INT', 'QUIT', 'HUP', 'KILL', 'USR1', 'USR2')
AUTORESTART = ('true', 'false', 'unexpected')


def program_section(i):
    """One [program:x] section; the options vary with i so every code path gets exercised."""
    name = 'prog%05d' % i
    lines = ['[program:%s]' % name,
             # An existing executable, so svc has no command-not-found warnings to print.
             'command=/bin/sh -c "exec sleep 1000" app --id %d --name %%(program_name)s' % i,
             'priority=%d' % (i % 1000),
             'autostart=%s' % ('true' if i % 3 else 'false'),
             'autorestart=%s' % AUTORESTART[i % 3],
             'startsecs=%d' % (i % 10),
             'startretries=%d' % (i % 5),
             'stopsignal=%s' % SIGNALS[i % len(SIGNALS)],
             'stopwaitsecs=%d' % (5 + i % 20),
             'exitcodes=0,%d' % (1 + i % 200)]
    if i % 2:
        lines += ['stdout_logfile=%(here)s/logs/%(program_name)s.out',
                  'stdout_logfile_maxbytes=%dMB' % (1 + i % 50),
                  'stdout_logfile_backups=%d' % (i % 10)]
    if i % 4 == 0:
        lines += ['redirect_stderr=true']
    elif i % 4 == 1:
        lines += ['stderr_logfile=/tmp/%(program_name)s.err', 'stderr_capture_maxbytes=1KB']
    if i % 5 == 0:
        lines += ['environment=APP_ID="%d",APP_HOME="%%(here)s",MODE=prod,LIST="a,b,c"' % i]
    if i % 7 == 0:
        lines += ['directory=/tmp', 'umask=022', 'stopasgroup=true']
    if i % 11 == 0:
        lines += ['user=root', 'serverurl=AUTO']
    return '\n'.join(lines) + '\n'


def config_programs(count=10000, groups=50, per_group=20):
    parts = ['; %d [program:x] sections with varied options.\n' % count,
             SUPERVISORD + 'environment=GLOBAL=1\n',
             '[unix_http_server]\nfile=/tmp/svcbench.sock\n',
             '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = '
             'supervisor.rpcinterface:make_main_rpcinterface\n']
    for g in range(groups):
        members = ','.join('prog%05d' % (g * per_group + k) for k in range(per_group))
        parts.append('[group:group%02d]\nprograms=%s\npriority=%d\n' % (g, members, g))
    parts += [program_section(i) for i in range(count)]
    return '\n'.join(parts)


def config_numprocs(programs=100, numprocs=100):
    parts = ['; %d programs x numprocs=%d.\n' % (programs, numprocs),
             SUPERVISORD]
    for i in range(programs):
        parts.append(
            '[program:pool%03d]\n'
            'command=/bin/sleep 1000 --slot %%(process_num)03d --of %%(numprocs)d\n'
            'process_name=%%(program_name)s_%%(process_num)03d\n'
            'numprocs=%d\n'
            'priority=%d\n'
            'stdout_logfile=%%(here)s/logs/%%(program_name)s-%%(process_num)03d.log\n'
            'environment=SLOT="%%(process_num)d",POOL=%%(program_name)s\n'
            'stopsignal=%s\n' % (i, numprocs, i, SIGNALS[i % len(SIGNALS)]))
    return '\n'.join(parts)


def median_ms(samples):
    return statistics.median(samples)


def children_cpu_ms():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def time_svc(argv, runs):
    """Median wall time and median CPU time (user+sys; less sensitive to a loaded machine) of
    the svc command line `argv`, which must succeed."""
    wall, cpu = [], []
    for _ in range(runs):
        cpu_start, start = children_cpu_ms(), time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True)
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append(children_cpu_ms() - cpu_start)
        if proc.returncode != 0:
            sys.exit('%s failed (%d):\n%s' % (' '.join(argv), proc.returncode,
                                              (proc.stdout + proc.stderr)[:2000]))
    return median_ms(wall), median_ms(cpu)


def time_supervisord(path, runs):
    parse, whole, procs = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(['/usr/bin/python3', '-c', ORACLE, path], capture_output=True,
                              text=True, cwd=tempfile.gettempdir())
        whole.append((time.perf_counter() - start) * 1000.0)
        if proc.returncode != 0:
            sys.exit('supervisord parse of %s failed:\n%s' % (path, proc.stderr[-2000:]))
        ms, procs = proc.stdout.split()
        parse.append(float(ms))
    return median_ms(parse), median_ms(whole), int(procs)


def machine():
    model = platform.processor() or 'unknown'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return '%s, nproc %d, %s %s' % (model, os.cpu_count(), platform.system(), platform.release())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--svc', required=True, help='path to the svc binary')
    ap.add_argument('--runs', type=int, default=5, help='runs per measurement (median)')
    ap.add_argument('--keep', help='write the generated configs here instead of a temp dir')
    ap.add_argument('--check', action='store_true', help='exit 1 if a target is missed')
    args = ap.parse_args()
    if not os.access(args.svc, os.X_OK):
        ap.error('not an executable: %s' % args.svc)

    workdir = args.keep or tempfile.mkdtemp(prefix='svcbench-')
    os.makedirs(os.path.join(workdir, 'logs'), exist_ok=True)
    configs = [('programs-10k', '10,000 [program:x], 50 groups', config_programs()),
               ('numprocs-10k', '100 programs x numprocs=100', config_numprocs())]

    rows, ok = [], True
    for name, what, text in configs:
        path = os.path.join(workdir, name + '.conf')
        with open(path, 'w') as f:
            f.write(text)
        svc = os.path.abspath(args.svc)
        svc_ms, svc_cpu_ms = time_svc(
            [svc, 'build', path, '-o', os.path.join(workdir, 'plan.json')], args.runs)
        check_ms, _ = time_svc([svc, 'check', path], args.runs)  # the same minus the plan
        parse_ms, whole_ms, procs = time_supervisord(path, args.runs)
        ratio = parse_ms / svc_ms
        met = svc_ms < SVC_TARGET_MS and ratio >= RATIO_TARGET
        ok = ok and met
        rows.append('| %s (%s) | %d | %d KiB | %.1f | %.1f | %.1f | %.1f | %.1f | %.1fx | %.1fx '
                    '| %s |' % (name, what, procs, len(text.encode()) // 1024, svc_ms, svc_cpu_ms,
                                check_ms, parse_ms, whole_ms, ratio, whole_ms / svc_ms,
                                'yes' if met else 'NO'))

    print('## svc build vs supervisord 4.2.5 config parse\n')
    print('- machine: %s' % machine())
    print('- load average at start: %.2f %.2f %.2f (timings are unreliable when it exceeds nproc)'
          % os.getloadavg())
    print('- date: %s' % datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z'))
    print('- command: `%s`' % ' '.join(shlex.quote(a) for a in [sys.executable] + sys.argv))
    print('- median of %d runs; svc build/check = whole `svc build -o plan.json` / `svc check` '
          'process; supervisord parse = `ServerOptions.realize()` timed in-process; '
          'supervisord process = fresh /usr/bin/python3 incl. imports' % args.runs)
    print('- targets: svc < %.0f ms and parse/svc >= %.0fx\n' % (SVC_TARGET_MS, RATIO_TARGET))
    print('| config | processes | size | svc build ms | svc build cpu ms | svc check ms '
          '| supervisord parse ms | supervisord process ms | parse/build | process/build '
          '| target met |')
    print('|---|---|---|---|---|---|---|---|---|---|---|')
    print('\n'.join(rows))
    if not args.keep:
        for root, dirs, files in os.walk(workdir, topdown=False):
            for f in files:
                os.unlink(os.path.join(root, f))
            for d in dirs:
                os.rmdir(os.path.join(root, d))
        os.rmdir(workdir)
    return 1 if args.check and not ok else 0


if __name__ == '__main__':
    sys.exit(main())
