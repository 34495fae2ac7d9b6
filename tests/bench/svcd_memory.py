#!/usr/bin/python3
"""svcd's memory with N sleeping programs, without supervisord (a quick figure 3).

  python3 tests/bench/svcd_memory.py --svcd build-rel/runtime/svcd 1 1000 [--maps] [--http]

For each N: runs `svcd -c conf -n` in a temp dir with N programs `command=sleep 1000`,
startsecs=0, AUTO child logs (the config of runtime_bench.py's figure 3), waits until the main
log holds N "success:" lines, sleeps 1 s, prints Anonymous (smaps_rollup) and VmRSS in kB, then
stops svcd with SIGTERM. --maps adds RSS/anon per mapping, --stats glibc's malloc_stats().
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runtime_bench import HTTP_SECTION, supervisord_section  # noqa: E402


def config(n, http):
    parts = [supervisord_section() + (HTTP_SECTION if http else '')]
    for i in range(n):
        parts.append('[program:p%04d]\ncommand=sleep 1000\nstartsecs=0\n' % i)
    return '\n'.join(parts)


def rollup(pid):
    out = {}
    with open('/proc/%d/smaps_rollup' % pid) as f:
        for line in f.read().splitlines()[1:]:
            k, _, v = line.partition(':')
            if v.strip().endswith('kB'):
                out[k] = int(v.split()[0])
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                out['VmRSS'] = int(line.split()[1])
    return out


def per_mapping(pid):
    rows, cur = {}, None
    with open('/proc/%d/smaps' % pid) as f:
        for line in f:
            head = line.split()
            if '-' in head[0] and ':' not in head[0]:
                cur = head[5] if len(head) > 5 else '[anon]'
                rows.setdefault(cur, [0, 0])
            elif head[0] == 'Rss:':
                rows[cur][0] += int(head[1])
            elif head[0] == 'Anonymous:':
                rows[cur][1] += int(head[1])
    return rows


def run(svcd, n, maps, http, stats):
    d = tempfile.mkdtemp(prefix='svcd-mem-')
    p = None
    try:
        os.makedirs(os.path.join(d, 'childlogs'))
        conf = os.path.join(d, 'supervisord.conf')
        with open(conf, 'w') as f:
            f.write(config(n, http))
        err = open(os.path.join(d, 'stderr.txt'), 'w+')
        p = subprocess.Popen([os.path.abspath(svcd), '-c', conf, '-n'], cwd=d,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        log = os.path.join(d, 'main.log')
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with open(log) as f:
                    if f.read().count('success:') >= n:
                        break
            except OSError:
                pass
            time.sleep(0.05)
        else:
            print('timeout', file=sys.stderr)
        time.sleep(1.0)
        r = rollup(p.pid)
        print('N=%-5d anon %6d kB  rss %6d kB  private_dirty %6d kB' %
              (n, r['Anonymous'], r['VmRSS'], r.get('Private_Dirty', 0)))
        if maps:
            for name, (rss, anon) in sorted(per_mapping(p.pid).items(), key=lambda x: -x[1][0]):
                if rss:
                    print('   %6d kB rss %6d kB anon  %s' % (rss, anon, name))
        if stats:  # glibc's own count of heap bytes in use vs. held (gdb must be installed)
            subprocess.run(['gdb', '-p', str(p.pid), '-batch', '-ex', 'call (void)malloc_stats()'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            err.seek(0)
            print('   malloc_stats: ' + ' | '.join(
                ' '.join(x.split()) for x in err.read().splitlines() if 'bytes' in x))
    finally:  # even when interrupted: svcd stops its children on SIGTERM
        if p is not None and p.poll() is None:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=120)
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--svcd', required=True)
    ap.add_argument('--maps', action='store_true')
    ap.add_argument('--http', action='store_true')
    ap.add_argument('--stats', action='store_true', help="glibc malloc_stats() via gdb")
    ap.add_argument('counts', nargs='*', type=int, default=[1, 1000])
    a = ap.parse_args()
    for n in a.counts:
        run(a.svcd, n, a.maps, a.http, a.stats)


if __name__ == '__main__':
    main()
