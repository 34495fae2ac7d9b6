#!/usr/bin/python3
"""Runtime benchmark: svcd against supervisord 4.2.5, same config, same run.

Every daemon runs in its own temporary directory (config, main log, pidfile, child logs there),
with nodaemon=true and no [unix_http_server]/[inet_http_server]: nothing talks to a daemon while
it is measured. Everything is observed from outside, through /proc and the log files:

  1  start-up: 100 and 1000 programs (command=sleep 1000, startsecs=0), from launching the
     daemon until its main log holds N "success:" lines; a bare fork+exec loop (3 pipes and
     2 log files per child, like the daemons; timed until every child has exec'd) is the floor
  2  daemon CPU for the 1000-program start-up (utime+stime from /proc/PID/stat when all are
     RUNNING; /proc/PID/schedstat run time in ns next to it, as the tick count is coarse)
  3  memory with 1000 programs running, 1 s after start-up: Anonymous (private anonymous) from
     /proc/PID/smaps_rollup and VmRSS from /proc/PID/status, daemon process only; measured
     twice: without any HTTP server, and (a second start-up of both daemons) with a
     [unix_http_server] in the daemon's temp dir, as most real setups have one for
     supervisorctl (nothing connects to it)
  4  idle wake-ups: 100 programs running, both daemons side by side, delta of
     voluntary+involuntary context switches (/proc/PID/status) over 20 s
  5  bulk output: a child writes 200 MiB to stdout in 64 KiB writes into a log with
     maxbytes=50MB, backups=3; MiB/s from the child's start signal until the newest log file
     ends with the last block; then the kept files (oldest first) must be exactly the tail of
     the stream: "rotated out" is the part before it (the backups policy drops it, both daemons
     rotate as soon as a file reaches maxbytes), "lost" any byte missing after it; largest file
     vs maxbytes
  6  chatty output: a child writes 1,000,000 lines of 13 bytes, one write(2) per line, as fast
     as it can (the daemon reads whatever has queued: lines coalesce), and 200,000 lines paced
     so that each line is one daemon wake-up (the writer waits, FIONREAD on its stdout, until
     the daemon has read the line: the worst case); daemon CPU (schedstat) from the child's
     start signal until the log holds every byte, per line. svcd deliberately reads a chatty
     pipe at most every 2 ms, so the paced run (one line per daemon read) is ~1000 lines/s for
     it and uses fewer lines; a line per wake-up costs at least one read(2), so this worst case
     is reported without a target
  7  restart: autorestart=true, startsecs=0; SIGKILL the child, poll
     /proc/PID/task/PID/children every 0.5 ms until a new pid appears; median of 20 kills
  8  shutdown: SIGTERM to the daemon running the 1000 programs of figure 1, until the daemon has
     exited and none of its children is left; stop: supervisor.stopAllProcesses() over the unix
     socket (what `supervisorctl stop all` sends) to the daemon of figure 3's HTTP run, until
     none of its children is left (watched in /proc). Both are shown against the floor: the
     bare helper of figure 1 SIGTERMs its 1000 children and reaps them, timed the same way
     (children's exits cost real kernel time: on a paravirtualised guest ~0.3 ms each)

Children write to a FIFO-gated helper (a small C program compiled with cc into the temp dir,
or a Python fallback when no compiler is found). The bench makes itself a child subreaper, so
a child left behind by a daemon is re-parented to it and found; at the end every leftover is
reported and killed by pid. Prints a markdown table. Not a ctest; `--check` exits 1 on a miss.

    /usr/bin/python3 tests/bench/runtime_bench.py --svcd build-bench/runtime/svcd
"""

import argparse
import ctypes
import datetime
import hashlib
import http.client
import os
import platform
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client

SUPERVISORD = '/usr/bin/supervisord'
MIB = 1024 * 1024
CLK_TCK = os.sysconf('SC_CLK_TCK')
LINE_BYTES = 13  # "line %07d\n"
BLOCK = 64 * 1024

# ---------------------------------------------------------------------------------------------
# The helper: spawn loop (the bare floor), bulk writer and line writer.

HELPER_C = r'''
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) exit(3);
    p += w; n -= (size_t)w;
  }
}

static void wait_go(const char *fifo) {  /* blocks until the bench opens and closes the FIFO */
  int fd = open(fifo, O_RDONLY);
  if (fd < 0) exit(4);
  char b[16];
  while (read(fd, b, sizeof b) > 0) {}
  close(fd);
}

static void nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "spawn") == 0) {  /* spawn N LOGDIR CMD... */
    int n = atoi(argv[2]);
    pid_t *pids = calloc((size_t)n, sizeof *pids);
    int *sync = calloc((size_t)n, sizeof *sync);
    char path[4096];
    for (int i = 0; i < n; i++) {
      int in[2], out[2], err[2], s[2];
      if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) ||
          pipe2(s, O_CLOEXEC)) { perror("pipe2"); return 2; }
      nonblock(in[1]); nonblock(out[0]); nonblock(err[0]);
      snprintf(path, sizeof path, "%s/c%d-stdout.log", argv[3], i);
      int lo = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      snprintf(path, sizeof path, "%s/c%d-stderr.log", argv[3], i);
      int le = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (lo < 0 || le < 0) { perror("open"); return 2; }
      pid_t pid = fork();
      if (pid < 0) { perror("fork"); return 2; }
      if (pid == 0) {
        setpgid(0, 0);
        dup2(in[0], 0); dup2(out[1], 1); dup2(err[1], 2);
        execvp(argv[4], argv + 4);
        _exit(127);
      }
      close(in[0]); close(out[1]); close(err[1]); close(s[1]);
      pids[i] = pid; sync[i] = s[0];
    }
    for (int i = 0; i < n; i++) {  /* EOF on each CLOEXEC pipe: that child has exec'd */
      char b;
      while (read(sync[i], &b, 1) > 0) {}
      close(sync[i]);
    }
    printf("execd\n");
    fflush(stdout);
    char b[64];
    while (read(0, b, sizeof b) > 0) {}  /* the bench closes our stdin: clean up */
    for (int i = 0; i < n; i++) kill(pids[i], SIGTERM);  /* as the daemons stop them */
    for (int i = 0; i < n; i++) waitpid(pids[i], NULL, 0);
    return 0;
  }
  if (argc == 5 && strcmp(argv[1], "bulk") == 0) {  /* bulk FIFO TOTAL BLOCK */
    long long total = atoll(argv[3]);
    int block = atoi(argv[4]);
    char *buf = malloc((size_t)block);
    for (int j = 0; j < block; j++) buf[j] = (j % 64 == 63) ? '\n' : 'x';
    wait_go(argv[2]);
    for (long long i = 0; i * block < total; i++) {
      char head[16];
      snprintf(head, sizeof head, "%08lld\n", i);
      memcpy(buf, head, 9);
      write_all(1, buf, (size_t)block);
    }
    return 0;
  }
  if (argc == 5 && strcmp(argv[1], "lines") == 0) {  /* lines FIFO N burst|paced */
    long n = atol(argv[3]);
    int paced = strcmp(argv[4], "paced") == 0;
    wait_go(argv[2]);
    char line[32];
    for (long i = 0; i < n; i++) {
      snprintf(line, sizeof line, "line %07ld\n", i);
      write_all(1, line, 13);
      /* paced: the next line only once the daemon has read this one (pipe empty) */
      int queued;
      while (paced && ioctl(1, FIONREAD, &queued) == 0 && queued > 0) {}
    }
    return 0;
  }
  fprintf(stderr, "usage: helper spawn N DIR CMD... | bulk FIFO TOTAL BLOCK | lines FIFO N burst|paced\n");
  return 2;
}
'''

HELPER_PY = r'''
import array, fcntl, os, signal, sys, termios
def write_all(fd, b):
    while b:
        b = b[os.write(fd, b):]
def wait_go(fifo):
    with open(fifo, 'rb') as f:
        f.read()
mode = sys.argv[1]
if mode == 'spawn':
    n, logdir, cmd = int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    pids, syncs = [], []
    for i in range(n):
        (i0, i1), (o0, o1), (e0, e1), (s0, s1) = [os.pipe() for _ in range(4)]
        for fd in (i1, o0, e0):
            os.set_blocking(fd, False)
        lo = os.open('%s/c%d-stdout.log' % (logdir, i), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        le = os.open('%s/c%d-stderr.log' % (logdir, i), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        pid = os.fork()
        if pid == 0:
            os.setpgid(0, 0)
            os.dup2(i0, 0); os.dup2(o1, 1); os.dup2(e1, 2)
            try:
                os.execvp(cmd[0], cmd)
            finally:
                os._exit(127)
        for fd in (i0, o1, e1, s1):
            os.close(fd)
        pids.append(pid); syncs.append(s0)
    for fd in syncs:
        while os.read(fd, 1):
            pass
        os.close(fd)
    sys.stdout.write('execd\n'); sys.stdout.flush()
    while os.read(0, 64):
        pass
    for pid in pids:
        os.kill(pid, signal.SIGTERM)
    for pid in pids:
        os.waitpid(pid, 0)
elif mode == 'bulk':
    total, block = int(sys.argv[3]), int(sys.argv[4])
    filler = bytearray(b'x' * block)
    for j in range(63, block, 64):
        filler[j] = 10
    wait_go(sys.argv[2])
    for i in range((total + block - 1) // block):
        filler[0:9] = b'%08d\n' % i
        write_all(1, bytes(filler))
elif mode == 'lines':
    n, paced = int(sys.argv[3]), sys.argv[4] == 'paced'
    wait_go(sys.argv[2])
    queued = array.array('i', [0])
    for i in range(n):
        write_all(1, b'line %07d\n' % i)
        while paced:
            fcntl.ioctl(1, termios.FIONREAD, queued, True)
            if queued[0] == 0:
                break
'''


def build_helper(workdir):
    """argv prefix of the helper: a compiled C program, or the Python fallback."""
    cc = shutil.which('cc') or shutil.which('gcc') or shutil.which('clang')
    if cc:
        src = os.path.join(workdir, 'helper.c')
        exe = os.path.join(workdir, 'helper')
        with open(src, 'w') as f:
            f.write(HELPER_C)
        if subprocess.run([cc, '-O2', '-o', exe, src]).returncode == 0:
            return [exe], 'C (%s -O2)' % os.path.basename(cc)
    src = os.path.join(workdir, 'helper.py')
    with open(src, 'w') as f:
        f.write(HELPER_PY)
    return [sys.executable, src], 'Python (no C compiler found)'


# ---------------------------------------------------------------------------------------------
# /proc readers

def read_text(path):
    with open(path) as f:
        return f.read()


def stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (index 0 = state)."""
    data = read_text('/proc/%d/stat' % pid)
    return data[data.rindex(')') + 2:].split()


def cpu_ticks_s(pid):
    f = stat_fields(pid)
    return (int(f[11]) + int(f[12])) / CLK_TCK  # utime, stime


def cpu_sched_s(pid):
    """On-CPU time in seconds from schedstat (ns), or utime+stime if there is none."""
    try:
        return int(read_text('/proc/%d/schedstat' % pid).split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return cpu_ticks_s(pid)


def io_counts(pid):
    """(read syscalls, write syscalls) from /proc/PID/io, or (0, 0)."""
    try:
        f = dict(line.split(': ') for line in read_text('/proc/%d/io' % pid).splitlines())
        return int(f['syscr']), int(f['syscw'])
    except (OSError, KeyError, ValueError):
        return 0, 0


def status_fields(pid):
    out = {}
    for line in read_text('/proc/%d/status' % pid).splitlines():
        k, _, v = line.partition(':')
        out[k] = v.strip()
    return out


def ctx_switches(pid):
    s = status_fields(pid)
    return int(s['voluntary_ctxt_switches']), int(s['nonvoluntary_ctxt_switches'])


def memory_kib(pid):
    rollup = {}
    for line in read_text('/proc/%d/smaps_rollup' % pid).splitlines()[1:]:
        k, _, v = line.partition(':')
        if v.strip().endswith('kB'):
            rollup[k] = int(v.split()[0])
    rss = int(status_fields(pid)['VmRSS'].split()[0])
    return {'anon': rollup.get('Anonymous', 0),
            'private': rollup.get('Private_Dirty', 0) + rollup.get('Private_Clean', 0),
            'rss': rss}


def children(pid):
    try:
        return [int(x) for x in read_text('/proc/%d/task/%d/children' % (pid, pid)).split()]
    except OSError:
        return []


def alive(pid):
    """True if pid exists and is not a zombie."""
    try:
        return stat_fields(pid)[0] != 'Z'
    except (OSError, ValueError):
        return False


def set_subreaper():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def our_orphans(exclude):
    """Processes re-parented to this bench (a child subreaper), not started by it directly."""
    me, found = os.getpid(), []
    for name in os.listdir('/proc'):
        if not name.isdigit() or int(name) in exclude:
            continue
        try:
            f = stat_fields(int(name))
        except (OSError, ValueError):
            continue
        if int(f[1]) == me:
            found.append(int(name))
    return found


# ---------------------------------------------------------------------------------------------
# Daemons

STARTED = []  # every Popen this bench started (daemons and helpers), for the final clean-up
LEFTOVERS = []  # (what, pid) of processes found alive after their daemon was gone


def supervisord_section(minfds=8192, minprocs=4096):
    return ('[supervisord]\n'
            'logfile=%(here)s/main.log\n'
            'pidfile=%(here)s/daemon.pid\n'
            'childlogdir=%(here)s/childlogs\n'
            'nodaemon=true\n'
            'minfds={}\nminprocs={}\n\n').format(minfds, minprocs)


HTTP_SECTION = ('[unix_http_server]\nfile=%(here)s/http.sock\n\n'
                '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = '
                'supervisor.rpcinterface:make_main_rpcinterface\n\n')


def sleepers_config(n, http=False):
    parts = [supervisord_section() + (HTTP_SECTION if http else '')]
    for i in range(n):
        parts.append('[program:p%04d]\ncommand=sleep 1000\nstartsecs=0\n' % i)
    return '\n'.join(parts)


class UnixTransport(xmlrpc.client.Transport):
    """XML-RPC over the daemons' unix socket."""
    def __init__(self, path):
        super().__init__()
        self.path = path

    def make_connection(self, host):
        conn = http.client.HTTPConnection('localhost')
        path = self.path

        def connect():
            conn.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.sock.connect(path)
        conn.connect = connect
        return conn


class Daemon:
    def __init__(self, kind, exe, root, config):
        self.kind = kind
        self.dir = tempfile.mkdtemp(prefix=kind + '-', dir=root)
        os.makedirs(os.path.join(self.dir, 'childlogs'))
        self.conf = os.path.join(self.dir, 'supervisord.conf')
        with open(self.conf, 'w') as f:
            f.write(config.replace('@DIR@', self.dir))
        self.argv = [exe, '-c', self.conf, '-n']
        self.log = os.path.join(self.dir, 'main.log')
        self.proc = None
        self._log_at = 0
        self._partial = b''
        self.counts = {}
        self.seen_children = set()

    def start(self):
        self.stderr = open(os.path.join(self.dir, 'stderr.txt'), 'wb')
        self.t_launch = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, cwd=self.dir, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        STARTED.append((self.kind, self.proc))
        self.pid = self.proc.pid
        return self

    def fail(self, why):
        tail = ''
        for name in ('stderr.txt', 'main.log'):
            try:
                tail += '\n--- %s ---\n%s' % (name, read_text(os.path.join(self.dir, name))[-1500:])
            except OSError:
                pass
        raise SystemExit('%s: %s%s' % (self.kind, why, tail))

    def scan_log(self):
        """Counts of the main log's "spawned:"/"success:"/"exited:" lines so far."""
        try:
            with open(self.log, 'rb') as f:
                f.seek(self._log_at)
                data = f.read()
        except FileNotFoundError:
            return self.counts
        self._log_at += len(data)
        data = self._partial + data
        cut = data.rfind(b'\n') + 1
        self._partial = data[cut:]
        for key in (b' spawned: ', b' success: ', b' exited: '):
            n = data.count(key, 0, cut)
            if n:
                self.counts[key.strip()] = self.counts.get(key.strip(), 0) + n
        return self.counts

    def count(self, key):
        return self.counts.get(key.encode() + b':', 0)

    def wait_log(self, key, n, timeout, interval=0.002):
        """perf_counter() when the main log first holds n `key:` lines."""
        deadline = time.perf_counter() + timeout
        while True:
            self.scan_log()
            now = time.perf_counter()
            if self.count(key) >= n:
                return now
            if self.proc.poll() is not None:
                self.fail('exited (%s) while waiting for %d %s lines' % (self.proc.returncode,
                                                                        n, key))
            if now > deadline:
                self.fail('timeout: %d of %d %s lines' % (self.count(key), n, key))
            time.sleep(interval)

    def kids(self):
        k = children(self.pid)
        self.seen_children.update(k)
        return k

    def stop(self, timeout=300):
        """SIGTERM; seconds until the daemon exited and all its children are gone."""
        before = set(self.kids())
        t0 = time.perf_counter()
        os.kill(self.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.fail('did not exit %d s after SIGTERM' % timeout)
        while True:
            left = [p for p in before if alive(p)]
            if not left or time.perf_counter() - t0 > timeout:
                break
            time.sleep(0.001)
        elapsed = time.perf_counter() - t0
        self.stderr.close()
        for pid in left:
            LEFTOVERS.append((self.kind, pid))
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        reap_orphans()
        return elapsed, len(left)


    def kill_hard(self):
        """Unmeasured tear-down: SIGKILL the daemon, then each of its children by pid."""
        kids = set(self.kids())
        self.proc.kill()
        self.proc.wait()
        self.stderr.close()
        for pid in kids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.perf_counter() + 10
        while any(alive(p) for p in kids) and time.perf_counter() < deadline:
            time.sleep(0.01)
        LEFTOVERS.extend((self.kind, p) for p in kids if alive(p))
        reap_orphans()


def reap_orphans():
    for pid in our_orphans(exclude={p.pid for _, p in STARTED}):
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass


def cleanup():
    """Kill by pid whatever this bench started and is still running, then the orphans."""
    for kind, proc in STARTED:
        if proc.poll() is None:
            for pid in children(proc.pid):
                LEFTOVERS.append((kind + ' (at clean-up)', pid))
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            proc.kill()
            proc.wait()
    time.sleep(0.05)
    for pid in our_orphans(exclude=set()):
        if alive(pid):
            LEFTOVERS.append(('orphan', pid))
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


# ---------------------------------------------------------------------------------------------
# Figures

class Bench:
    def __init__(self, args, root, helper):
        self.args = args
        self.root = root
        self.helper = helper
        self.exes = [('svcd', os.path.abspath(args.svcd)), ('supervisord', SUPERVISORD)]
        self.results = {}  # key -> value

    def log(self, msg):
        print('  [%s] %s' % (time.strftime('%H:%M:%S'), msg), file=sys.stderr, flush=True)

    # --- 1 (+2, 3, 8 for the large size) ---
    def bare(self, n):
        logdir = tempfile.mkdtemp(prefix='bare-', dir=self.root)
        t0 = time.perf_counter()
        p = subprocess.Popen(self.helper + ['spawn', str(n), logdir, 'sleep', '1000'],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=logdir)
        STARTED.append(('bare', p))
        line = p.stdout.readline()
        t1 = time.perf_counter()
        if line.strip() != b'execd':
            raise SystemExit('bare spawn helper failed')
        self.bare_cpu = (cpu_ticks_s(p.pid), cpu_sched_s(p.pid))
        kids = children(p.pid)
        time.sleep(1.0)  # as before a daemon's stop
        t2 = time.perf_counter()
        p.stdin.close()  # the helper SIGTERMs every child, then reaps them all
        p.wait()
        while any(alive(k) for k in kids) and time.perf_counter() - t2 < self.args.timeout:
            time.sleep(0.001)
        self.bare_stop = time.perf_counter() - t2
        if any(alive(k) for k in kids):
            LEFTOVERS.extend(('bare', k) for k in kids if alive(k))
        return t1 - t0

    def startup(self, kind, exe, n, keep=False, http=False):
        d = Daemon(kind, exe, self.root, sleepers_config(n, http)).start()
        t = d.wait_log('success', n, timeout=self.args.timeout)
        cpu = (cpu_ticks_s(d.pid), cpu_sched_s(d.pid))
        elapsed = t - d.t_launch
        if len(d.kids()) != n:
            d.fail('%d children running, expected %d' % (len(d.kids()), n))
        if keep:
            return elapsed, cpu, d
        d.kill_hard()
        return elapsed, cpu, None

    def fig_startup(self, n, runs, large):
        res = {}
        samples = [self.bare(n) for _ in range(runs)]
        res['bare'] = statistics.median(samples)
        res['bare.cpu'] = self.bare_cpu
        res['bare.stop'] = self.bare_stop
        self.log('bare loop, %d children: %.3f s' % (n, res['bare']))
        for kind, exe in self.exes:
            times = []
            for r in range(runs):
                keep = large and r == runs - 1
                elapsed, cpu, d = self.startup(kind, exe, n, keep=keep)
                times.append(elapsed)
            res[kind] = statistics.median(times)
            self.log('%s, %d programs: all RUNNING after %.3f s' % (kind, n, res[kind]))
            if large:
                res[kind + '.cpu'] = cpu
                time.sleep(1.0)
                res[kind + '.mem'] = memory_kib(d.pid)
                self.log('%s: cpu %.3f s (sched %.3f s), mem %s' % (kind, cpu[0], cpu[1],
                                                                    res[kind + '.mem']))
                stop_s, left = d.stop(timeout=self.args.timeout)
                res[kind + '.stop'] = stop_s
                res[kind + '.left'] = left
                self.log('%s: stop of %d programs took %.3f s, %d left' % (kind, n, stop_s,
                                                                           left))
        return res

    # --- 3 with an HTTP server ---
    def fig_memory_http(self, n):
        res = {}
        for kind, exe in self.exes:
            _, _, d = self.startup(kind, exe, n, keep=True, http=True)
            time.sleep(1.0)
            res[kind] = memory_kib(d.pid)
            self.log('%s with [unix_http_server]: mem %s' % (kind, res[kind]))
            res[kind + '.stopall'] = self.stop_all(d)
            self.log('%s: stopAllProcesses of %d programs took %.3f s' % (
                kind, n, res[kind + '.stopall']))
            d.kill_hard()
        return res

    def stop_all(self, d):
        """supervisor.stopAllProcesses() over the unix socket, as `supervisorctl stop all`
        sends it; seconds until every child is gone (watched in /proc, not over RPC)."""
        kids = set(d.kids())
        proxy = xmlrpc.client.ServerProxy(
            'http://localhost', transport=UnixTransport(os.path.join(d.dir, 'http.sock')))
        done = []
        call = threading.Thread(target=lambda: done.append(proxy.supervisor.stopAllProcesses()))
        t0 = time.perf_counter()
        call.start()
        while any(alive(k) for k in kids) and time.perf_counter() - t0 < self.args.timeout:
            time.sleep(0.001)
        elapsed = time.perf_counter() - t0
        call.join(self.args.timeout)
        if not done or len(done[0]) != len(kids):
            d.fail('stopAllProcesses answered %r' % (done[0][:3] if done else None))
        return elapsed

    # --- 4 ---
    def fig_idle(self, n, seconds):
        ds = [Daemon(kind, exe, self.root, sleepers_config(n)).start() for kind, exe in self.exes]
        for d in ds:
            d.wait_log('success', n, timeout=self.args.timeout)
        time.sleep(2.0)  # let the start-up settle (supervisord's first RUNNING tick etc.)
        before = [ctx_switches(d.pid) for d in ds]
        cpu0 = [cpu_sched_s(d.pid) for d in ds]
        time.sleep(seconds)
        after = [ctx_switches(d.pid) for d in ds]
        cpu1 = [cpu_sched_s(d.pid) for d in ds]
        res = {}
        for d, b, a, c0, c1 in zip(ds, before, after, cpu0, cpu1):
            res[d.kind] = (a[0] - b[0], a[1] - b[1], c1 - c0)
            self.log('%s idle %d s: %d voluntary, %d involuntary switches, %.1f ms CPU'
                     % (d.kind, seconds, a[0] - b[0], a[1] - b[1], (c1 - c0) * 1000))
        for d in ds:
            d.kill_hard()
        return res

    # --- 5, 6: FIFO-gated writers ---
    def gated(self, kind, exe, section, done, timeout):
        """Start a daemon running one FIFO-gated writer, open the FIFO (the writer starts),
        and poll done(dir) every ms. Returns (daemon, t_go, t_done, cpu_go, cpu_done)."""
        d = Daemon(kind, exe, self.root, supervisord_section() + section)
        fifo = os.path.join(d.dir, 'go.fifo')
        os.mkfifo(fifo)
        d.start()
        d.wait_log('spawned', 1, timeout=60)
        deadline = time.perf_counter() + 30
        while True:  # the writer blocks in open(O_RDONLY) until we open the write end
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:
                if time.perf_counter() > deadline:
                    d.fail('the writer never opened its FIFO')
                time.sleep(0.0005)
        cpu_go = cpu_sched_s(d.pid)
        d.io_go = io_counts(d.pid)
        t_go = time.perf_counter()
        os.close(fd)
        deadline = t_go + timeout
        while not done(d.dir):
            if time.perf_counter() > deadline:
                d.fail('the log files never received all of the output')
            time.sleep(0.001)
        t_done = time.perf_counter()
        cpu_done = cpu_sched_s(d.pid)
        d.io_done = io_counts(d.pid)
        d.wait_log('exited', 1, timeout=60)
        time.sleep(0.2)  # let a rotation triggered by the last write finish
        return d, t_go, t_done, cpu_go, cpu_done

    def fig_bulk(self, total):
        maxbytes = 50 * MIB
        section = ('[program:bulk]\ncommand=%s bulk %%(here)s/go.fifo %d %d\n'
                   'startsecs=0\nautorestart=false\n'
                   'stdout_logfile=%%(here)s/bulk.log\n'
                   'stdout_logfile_maxbytes=50MB\nstdout_logfile_backups=3\n'
                   % (' '.join(shlex.quote(a) for a in self.helper), total, BLOCK))
        files = ['bulk.log.3', 'bulk.log.2', 'bulk.log.1', 'bulk.log']
        last = b'%08d\n' % ((total + BLOCK - 1) // BLOCK - 1)

        def done(dir):
            # The newest file (bulk.log, or bulk.log.1 when the last write just rotated it)
            # ends with the last block: every byte has reached the log files.
            for name in ('bulk.log', 'bulk.log.1'):
                try:
                    with open(os.path.join(dir, name), 'rb') as f:
                        size = os.fstat(f.fileno()).st_size
                        if size == 0:
                            continue
                        if size < BLOCK:
                            return False
                        f.seek(size - BLOCK)
                        return f.read(len(last)) == last
                except FileNotFoundError:
                    continue
            return False

        res = {}
        for kind, exe in self.exes:
            d, t0, t1, _, _ = self.gated(kind, exe, section, done, timeout=self.args.timeout)
            v = verify_bulk([os.path.join(d.dir, f) for f in files], total)
            d.stop()
            v.update({'mibs': total / MIB / (t1 - t0), 'seconds': t1 - t0,
                      'within': v['max_file'] <= maxbytes})
            res[kind] = v
            self.log('%s bulk: %.1f MiB/s, %s' % (kind, v['mibs'], v))
        return res

    def fig_lines(self, n, mode):
        section = ('[program:chatty]\ncommand=%s lines %%(here)s/go.fifo %d %s\n'
                   'startsecs=0\nautorestart=false\n'
                   'stdout_logfile=%%(here)s/chatty.log\nstdout_logfile_maxbytes=0\n'
                   % (' '.join(shlex.quote(a) for a in self.helper), n, mode))
        res = {}
        for kind, exe in self.exes:
            def done(dir, want=n * LINE_BYTES):
                try:
                    return os.path.getsize(os.path.join(dir, 'chatty.log')) >= want
                except FileNotFoundError:
                    return False

            d, t0, t1, c0, c1 = self.gated(kind, exe, section, done, timeout=self.args.timeout)
            size = os.path.getsize(os.path.join(d.dir, 'chatty.log'))
            d.stop()
            reads = d.io_done[0] - d.io_go[0]
            res[kind] = {'us_per_line': (c1 - c0) / n * 1e6, 'cpu': c1 - c0,
                         'seconds': t1 - t0, 'complete': size == n * LINE_BYTES,
                         'lines_per_read': n / reads if reads > 0 else 0.0}
            self.log('%s %s lines: %.2f us CPU/line, %.3f s CPU, %.3f s wall, %d reads, '
                     'complete=%s' % (kind, mode, res[kind]['us_per_line'], c1 - c0, t1 - t0,
                                      reads, res[kind]['complete']))
        return res

    # --- 7 ---
    def fig_restart(self, kills):
        section = ('[program:victim]\ncommand=sleep 1000\nstartsecs=0\nautorestart=true\n'
                   'startretries=1000\n')
        res = {}
        for kind, exe in self.exes:
            d = Daemon(kind, exe, self.root, supervisord_section() + section).start()
            samples = []
            for k in range(kills):
                d.wait_log('success', k + 1, timeout=30)  # RUNNING again (not BACKOFF-prone)
                time.sleep(0.05)
                kids = d.kids()
                if len(kids) != 1:
                    d.fail('expected one child, found %s' % kids)
                old = kids[0]
                t0 = time.perf_counter()
                os.kill(old, signal.SIGKILL)
                deadline = t0 + 30
                while True:
                    kids = children(d.pid)
                    new = [p for p in kids if p != old]
                    if new:
                        samples.append(time.perf_counter() - t0)
                        break
                    if time.perf_counter() > deadline:
                        d.fail('no restart 30 s after the kill')
                    time.sleep(0.0005)
            d.wait_log('success', kills + 1, timeout=30)
            d.stop()
            res[kind] = {'median': statistics.median(samples), 'min': min(samples),
                         'max': max(samples)}
            self.log('%s restart: median %.2f ms (min %.2f, max %.2f) over %d kills'
                     % (kind, res[kind]['median'] * 1e3, res[kind]['min'] * 1e3,
                        res[kind]['max'] * 1e3, kills))
        return res


def verify_bulk(paths, total):
    """Checks the rotated logs (oldest first) against the stream the writer produced.

    rotated_out: bytes before the oldest retained byte (dropped by the backups policy);
    lost: bytes missing after it, i.e. total - rotated_out - retained (holes, a missing end);
    intact: the retained bytes are exactly stream[rotated_out:]."""
    filler = bytearray(b'x' * BLOCK)
    for j in range(63, BLOCK, 64):
        filler[j] = 10
    sizes = [os.path.getsize(p) if os.path.exists(p) else 0 for p in paths]
    retained = sum(sizes)
    got = hashlib.sha256()
    head = b''
    for p in paths:
        if os.path.exists(p):
            with open(p, 'rb') as f:
                for chunk in iter(lambda: f.read(4 * MIB), b''):
                    if len(head) < 2 * BLOCK:
                        head += chunk[:2 * BLOCK]
                    got.update(chunk)
    # Where the oldest retained byte sits in the stream: the first block header (8 digits and
    # a newline; the filler has no digits) gives it.
    start = 0
    for q in range(min(len(head), BLOCK + 9)):
        if head[q:q + 8].isdigit() and head[q + 8:q + 9] == b'\n' and (q == 0 or
                                                                       not head[q - 1:q].isdigit()):
            start = int(head[q:q + 8]) * BLOCK - q
            break
    want = hashlib.sha256()
    first = start // BLOCK
    for i in range(first, (total + BLOCK - 1) // BLOCK):
        filler[0:9] = b'%08d\n' % i
        block = bytes(filler)
        if i == first:
            block = block[start - first * BLOCK:]
        want.update(block)
    return {'retained': retained, 'rotated_out': start, 'lost': total - start - retained,
            'intact': got.digest() == want.digest(), 'max_file': max(sizes),
            'files': sizes}


# ---------------------------------------------------------------------------------------------
# Report

def machine():
    model = platform.processor() or 'unknown'
    try:
        for line in read_text('/proc/cpuinfo').splitlines():
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    mem = ''
    try:
        kib = int(read_text('/proc/meminfo').split()[1])
        mem = ', %.1f GiB RAM' % (kib / MIB)
    except (OSError, ValueError, IndexError):
        pass
    return '%s, nproc %d%s, %s %s' % (model, os.cpu_count(), mem, platform.system(),
                                      platform.release())


def version_of(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return '?'


def ratio(a, b):
    return a / b if b else float('inf')


def fmt_s(s):
    return '%.3f s' % s if s >= 1 else '%.1f ms' % (s * 1e3)


def report(args, res, sizes, helper_kind, load_start, load_end, wall, subreaper):
    rows, ok = [], True

    def row(num, name, svcd, sup, ratio_text, target, met, extra=''):
        nonlocal ok
        ok = ok and met is not False
        mark = {True: 'yes', False: '**no**', None: '-'}[met]
        rows.append('| %s | %s | %s | %s | %s | %s | %s |' % (
            num, name + (' ' + extra if extra else ''), svcd, sup, ratio_text, target, mark))

    if 1 in res:
        for n in sizes['startup']:
            r = res[1][n]
            row('1', 'start %d programs to all RUNNING (bare fork+exec loop: %s)'
                % (n, fmt_s(r['bare'])), fmt_s(r['svcd']), fmt_s(r['supervisord']),
                '%.1fx faster; svcd/bare %.2f' % (ratio(r['supervisord'], r['svcd']),
                                                   ratio(r['svcd'], r['bare'])),
                'svcd <= 1.3x bare', ratio(r['svcd'], r['bare']) <= 1.3)
    big = res.get('big')
    n_big = sizes['startup'][-1]
    if 2 in res and big:
        s, p = big['svcd.cpu'], big['supervisord.cpu']
        row('2', 'daemon CPU, start-up of %d programs (utime+stime; schedstat; bare loop: '
            '%.2f s; %.3f s)' % ((n_big,) + big['bare.cpu']),
            '%.2f s; %.3f s' % s, '%.2f s; %.3f s' % p,
            '1/%.0f (schedstat)' % ratio(p[1], s[1]), '<= 1/20', ratio(p[1], s[1]) >= 20)
    if 3 in res and big:
        s, p = big['svcd.mem'], big['supervisord.mem']
        row('3', 'private anonymous memory, %d programs running' % n_big,
            '%.1f MiB' % (s['anon'] / 1024), '%.1f MiB' % (p['anon'] / 1024),
            '1/%.1f' % ratio(p['anon'], s['anon']), '<= 1/20', ratio(p['anon'], s['anon']) >= 20)
        row('3', 'RSS, %d programs running' % n_big,
            '%.1f MiB' % (s['rss'] / 1024), '%.1f MiB' % (p['rss'] / 1024),
            '1/%.1f' % ratio(p['rss'], s['rss']), '<= 1/8', ratio(p['rss'], s['rss']) >= 8)
    if 'mem_http' in res:
        s, p = res['mem_http']['svcd'], res['mem_http']['supervisord']
        row('3', 'private anonymous memory, %d programs, with [unix_http_server]' % n_big,
            '%.1f MiB' % (s['anon'] / 1024), '%.1f MiB' % (p['anon'] / 1024),
            '1/%.1f' % ratio(p['anon'], s['anon']), '<= 1/20', ratio(p['anon'], s['anon']) >= 20)
        row('3', 'RSS, %d programs, with [unix_http_server]' % n_big,
            '%.1f MiB' % (s['rss'] / 1024), '%.1f MiB' % (p['rss'] / 1024),
            '1/%.1f' % ratio(p['rss'], s['rss']), '<= 1/8', ratio(p['rss'], s['rss']) >= 8)
    if 4 in res:
        s, p = res[4]['svcd'], res[4]['supervisord']
        row('4', 'idle wake-ups, %d programs, %d s (voluntary+involuntary ctx switches)'
            % (sizes['idle_programs'], sizes['idle_seconds']),
            '%d (%.1f ms CPU)' % (s[0] + s[1], s[2] * 1e3),
            '%d (%.1f ms CPU)' % (p[0] + p[1], p[2] * 1e3),
            '%d vs %d' % (s[0] + s[1], p[0] + p[1]), '<= 1 in total', s[0] + s[1] <= 1)
    if 5 in res:
        s, p = res[5]['svcd'], res[5]['supervisord']
        total_mib = sizes['bulk'] / MIB
        row('5', 'stdout %d MiB in 64 KiB writes, 50MB x 3 backups: throughput' % total_mib,
            '%.0f MiB/s' % s['mibs'], '%.0f MiB/s' % p['mibs'],
            '%.1fx faster' % ratio(s['mibs'], p['mibs']), '-', None)

        def kept(v):
            return '%d lost; %s; %.0f MiB kept, %.0f MiB rotated out' % (
                v['lost'], 'kept bytes intact' if v['intact'] else 'kept bytes CORRUPT',
                v['retained'] / MIB, v['rotated_out'] / MIB)
        row('5', 'bytes lost (rotated out by the 3-backup policy is not lost)', kept(s), kept(p),
            '-', '0 lost', s['lost'] == 0 and s['intact'])
        row('5', 'largest log file (maxbytes %d)' % (50 * MIB),
            '%d' % s['max_file'], '%d' % p['max_file'], '-', '<= maxbytes', s['within'])
    if 6 in res:
        for mode, what, target, n in (
                ('burst', 'written as fast as possible (reads coalesce)', True, sizes['lines']),
                ('paced', 'paced: one line per daemon read (worst case, no target: see '
                 'the docstring)', False, sizes['paced_lines'])):
            s, p = res[6][mode]['svcd'], res[6][mode]['supervisord']
            r = ratio(p['us_per_line'], s['us_per_line'])
            complete = s['complete'] and p['complete']
            row('6', 'daemon CPU per line, %d lines of 13 bytes, %s' % (n, what),
                '%.2f us (%.2f s CPU, %.1f s wall, %.1f lines/read)'
                % (s['us_per_line'], s['cpu'], s['seconds'], s['lines_per_read']),
                '%.2f us (%.2f s CPU, %.1f s wall, %.1f lines/read)'
                % (p['us_per_line'], p['cpu'], p['seconds'], p['lines_per_read']),
                '1/%.1f' % r + ('' if complete else ' (INCOMPLETE log)'),
                '<= 1/20' if target else '-', (r >= 20 and complete) if target else None)
    if 7 in res:
        s, p = res[7]['svcd'], res[7]['supervisord']
        row('7', 'restart after SIGKILL: kill to new pid, median of %d (min-max)'
            % sizes['kills'],
            '%.2f ms (%.2f-%.2f)' % (s['median'] * 1e3, s['min'] * 1e3, s['max'] * 1e3),
            '%.1f ms (%.1f-%.1f)' % (p['median'] * 1e3, p['min'] * 1e3, p['max'] * 1e3),
            '%.0fx faster' % ratio(p['median'], s['median']), '<= 2 ms',
            s['median'] <= 0.002)
    if 8 in res and big:
        floor = big['bare.stop']
        row('8', 'shutdown with %d programs (SIGTERM to daemon exit, children gone; bare '
            'kill+reap loop: %s)' % (n_big, fmt_s(floor)),
            fmt_s(big['svcd.stop']), fmt_s(big['supervisord.stop']),
            '1/%.1f; svcd/bare %.2f' % (ratio(big['supervisord.stop'], big['svcd.stop']),
                                       ratio(big['svcd.stop'], floor)), '<= 1/10',
            ratio(big['supervisord.stop'], big['svcd.stop']) >= 10)
        m = res.get('mem_http')
        if m and 'svcd.stopall' in m:
            s, p = m['svcd.stopall'], m['supervisord.stopall']
            row('8', 'stop %d programs (stopAllProcesses over RPC to children gone)' % n_big,
                fmt_s(s), fmt_s(p), '1/%.1f; svcd/bare %.2f' % (ratio(p, s), ratio(s, floor)),
                '<= 1/10', ratio(p, s) >= 10)

    out = ['## svcd vs supervisord 4.2.5 at run time', '',
           '- machine: %s' % machine(),
           '- load average: %.2f %.2f %.2f at start, %.2f %.2f %.2f at end '
           '(timings are unreliable when it is near or above nproc)' % (load_start + load_end),
           '- date: %s' % datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z'),
           '- command: `%s`' % ' '.join(shlex.quote(a) for a in [sys.executable] + sys.argv),
           '- svcd: %s; supervisord: %s (%s); helper: %s; total bench time %.0f s'
           % (os.path.abspath(args.svcd), version_of([SUPERVISORD, '--version']), SUPERVISORD,
              helper_kind, wall),
           '- leftover processes after the daemons exited: %s%s'
           % (len(LEFTOVERS) or 'none',
              '' if subreaper else ' (not a child subreaper: orphans were not traced)'),
           '', '| # | figure | svcd | supervisord | ratio | target | met |',
           '|---|---|---|---|---|---|---|'] + rows
    print('\n'.join(out))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--svcd', default='build-bench/runtime/svcd', help='the svcd binary')
    ap.add_argument('--only', help='comma-separated figure numbers (1-8)')
    ap.add_argument('--quick', action='store_true', help='smaller sizes (a smoke test)')
    ap.add_argument('--runs', type=int, default=3, help='runs of the 100-program start-up')
    ap.add_argument('--timeout', type=float, default=300, help='seconds per wait')
    ap.add_argument('--keep', action='store_true', help='keep the temp dirs (paths printed)')
    ap.add_argument('--check', action='store_true', help='exit 1 if a target is missed')
    ap.add_argument('--wait-quiet', type=float, metavar='LOAD',
                    help='first wait (up to 30 min) until the 1-minute load average is below LOAD')
    args = ap.parse_args()
    if not os.access(args.svcd, os.X_OK):
        ap.error('not an executable: %s (build it: cmake --build build-bench --target svcd)'
                 % args.svcd)
    if not os.access(SUPERVISORD, os.X_OK):
        ap.error('%s not found' % SUPERVISORD)
    figures = set(range(1, 9))
    if args.only:
        figures = {int(x) for x in args.only.split(',') if x.strip()}
        if not figures <= set(range(1, 9)):
            ap.error('--only takes figure numbers 1-8')

    q = args.quick
    sizes = {'startup': [20, 200] if q else [100, 1000], 'idle_programs': 20 if q else 100,
             'idle_seconds': 5 if q else 20, 'bulk': (20 if q else 200) * MIB,
             'lines': 100000 if q else 1000000, 'paced_lines': 1000 if q else 5000,
             'kills': 5 if q else 20}
    # 1000 programs: 5 fds each in supervisord (3 pipes, 2 logs) and minfds=8192 for both.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 8192 + 1024
    if soft < want:
        new = want if hard == resource.RLIM_INFINITY else min(max(want, soft), hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    subreaper = set_subreaper()
    # SIGTERM/SIGHUP to the bench: unwind through the clean-up below like Ctrl-C does.
    for signo in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signo, lambda s, f: sys.exit(128 + s))

    if args.wait_quiet:
        give_up = time.time() + 1800
        while os.getloadavg()[0] >= args.wait_quiet and time.time() < give_up:
            time.sleep(10)
    load_start = os.getloadavg()
    t_start = time.perf_counter()
    root = tempfile.mkdtemp(prefix='svc-runtime-bench-')
    res = {}
    try:
        helper, helper_kind = build_helper(root)
        b = Bench(args, root, helper)
        if figures & {1, 2, 3, 8}:
            big = sizes['startup'][-1]
            res[1] = {}
            if 1 in figures:
                small = sizes['startup'][0]
                res[1][small] = b.fig_startup(small, args.runs, large=False)
            res['big'] = b.fig_startup(big, 1, large=True)
            res[1][big] = res['big']
            for f in (2, 3, 8):
                if f in figures:
                    res[f] = True
            if figures & {3, 8}:
                res['mem_http'] = b.fig_memory_http(big)
            if 1 not in figures:
                del res[1]
                sizes['startup'] = [big]
        if 4 in figures:
            res[4] = b.fig_idle(sizes['idle_programs'], sizes['idle_seconds'])
        if 5 in figures:
            res[5] = b.fig_bulk(sizes['bulk'])
        if 6 in figures:
            res[6] = {'paced': b.fig_lines(sizes['paced_lines'], 'paced'),
                      'burst': b.fig_lines(sizes['lines'], 'burst')}
        if 7 in figures:
            res[7] = b.fig_restart(sizes['kills'])
    finally:
        cleanup()
        if args.keep:
            print('kept: %s' % root, file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    ok = report(args, res, sizes, helper_kind, load_start, os.getloadavg(),
                time.perf_counter() - t_start, subreaper)
    if LEFTOVERS:
        print('\nleftover processes (killed): %s' % ', '.join('%s pid %d' % x for x in LEFTOVERS))
    return 1 if args.check and not ok else 0


if __name__ == '__main__':
    sys.exit(main())
