"""Shared helpers for svcd integration tests: a temp dir per test, a supervisord.conf written
into it, svcd started as a subprocess, polling waits with deadlines, and a teardown that kills
only what the test started and fails the test if anything it started is still running.

Every process a test starts (svcd and, through inheritance, every child, grandchild and
orphan) carries a unique SVC_IT_TOKEN in its environment, so teardown finds exactly those by
scanning /proc/<pid>/environ, and kills them by pid.

Environment:
  SVCD   path of the daemon under test (default: build-it/runtime/svcd). Setting it to
         /usr/bin/supervisord runs the same tests against the oracle; tests of svcd-only
         features skip themselves (see ORACLE).
  SVC    path of the compiler (for --plan tests).
  SVC_IT_KEEP=1         keep the temp dirs.
  SVC_IT_RUN_BUGS=1     run the tests marked @bug (known svcd bugs) instead of skipping them.
  SVC_IT_TIMEOUT_SCALE  multiply every deadline (slow machines).
"""

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SVCD = os.environ.get("SVCD", os.path.join(REPO, "build-it", "runtime", "svcd"))
SVC = os.environ.get("SVC", os.path.join(REPO, "build-it", "compiler", "svc"))
ORACLE = os.path.basename(SVCD).startswith("supervisord")
# supervisord is slower (1 s main-loop ticks, and a SIGTERM sent between its fork and exec is
# lost, so stops fall back to SIGKILL after stopwaitsecs): give the oracle more time.
SCALE = float(os.environ.get("SVC_IT_TIMEOUT_SCALE", "3" if ORACLE else "1"))
KEEP = os.environ.get("SVC_IT_KEEP") == "1"
TOKEN_VAR = "SVC_IT_TOKEN"

LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) (.*)$")


def bug(reason):
    """Marks a test of a known svcd bug: skipped with "bug: <reason>", unless
    SVC_IT_RUN_BUGS=1 (to check a fix) or the oracle is under test (it must pass there)."""
    if ORACLE or os.environ.get("SVC_IT_RUN_BUGS") == "1":
        return lambda test: test
    return unittest.skip("bug: " + reason)


def svcd_only(test):
    """Marks a test of an svcd feature supervisord does not have (skipped against the oracle)."""
    return unittest.skipIf(ORACLE, "svcd-only feature")(test)


class LogLine:
    __slots__ = ("time", "level", "message")

    def __init__(self, when, level, message):
        self.time, self.level, self.message = when, level, message

    def __repr__(self):
        return "%s %s %r" % (self.time, self.level, self.message)


def parse_main_log(text):
    """Main-log records (a multi-line message keeps its continuation lines)."""
    records = []
    if text.endswith("\n"):
        text = text[:-1]
    for raw in text.split("\n"):
        m = LOG_LINE.match(raw)
        if m:
            when = time.mktime(time.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")) + int(m.group(2)) / 1000
            records.append(LogLine(when, m.group(3), m.group(4)))
        elif records:
            records[-1].message += "\n" + raw
    return records


# ---- /proc ----------------------------------------------------------------------------------

def proc_stat(pid):
    """(state, ppid, pgrp, starttime) of a pid, or None if it does not exist."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            data = f.read().decode("ascii", "replace")
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = data[data.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[2]), int(fields[19])


def alive(pid):
    """True if pid exists and is not a zombie."""
    st = proc_stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def all_pids():
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def children_of(ppid):
    """[(pid, state)] of the processes whose parent is ppid."""
    out = []
    for pid in all_pids():
        st = proc_stat(pid)
        if st and st[1] == ppid:
            out.append((pid, st[0]))
    return out


def pids_with_token(token):
    """Live (non-zombie) processes whose environment holds our token."""
    needle = ("%s=%s" % (TOKEN_VAR, token)).encode()
    found = []
    for pid in all_pids():
        if pid == os.getpid():
            continue
        try:
            with open("/proc/%d/environ" % pid, "rb") as f:
                env = f.read()
        except OSError:
            continue
        if needle in env.split(b"\0") and alive(pid):
            found.append(pid)
    return found


def vm_rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# ---- the test case base ---------------------------------------------------------------------

class SvcdTestCase(unittest.TestCase):
    """One temp dir, at most a few svcd instances, all cleaned up in tearDown."""

    default_timeout = 10.0

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="svc-it-%s-" % self._testMethodName)
        self.logdir = os.path.join(self.tmp, "logs")
        os.mkdir(self.logdir)
        self.main_log = os.path.join(self.tmp, "main.log")
        self.pidfile = os.path.join(self.tmp, "svcd.pid")
        self.token = uuid.uuid4().hex
        self.daemons = []          # subprocess.Popen of every svcd we started
        self.leftovers_ok = set()  # pids a test expects to outlive svcd (orphans)
        self.addCleanup(self._cleanup)

    # -- files and config --

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def script(self, name, body):
        """Writes an executable /bin/sh script into the temp dir and returns its path."""
        p = self.path(name)
        with open(p, "w") as f:
            f.write("#!/bin/sh\n" + body.lstrip("\n"))
        os.chmod(p, 0o755)
        return p

    def config(self, programs, supervisord=None, name="supervisord.conf", extra=""):
        """Writes a config: programs is {name: {option: value}}; [supervisord] gets nodaemon,
        logfile, pidfile and childlogdir under the temp dir, loglevel=debug, then `supervisord`
        overrides. Returns the config path."""
        sd = {
            "nodaemon": "true",
            "logfile": self.main_log,
            "pidfile": self.pidfile,
            "childlogdir": self.logdir,
            "loglevel": "debug",
        }
        sd.update(supervisord or {})
        lines = ["[supervisord]"] + ["%s=%s" % kv for kv in sd.items() if kv[1] is not None]
        for pname, opts in programs.items():
            lines += ["", "[program:%s]" % pname]
            lines += ["%s=%s" % (k, v) for k, v in opts.items()]
        text = "\n".join(lines) + "\n" + extra
        p = self.path(name)
        with open(p, "w") as f:
            f.write(text)
        return p

    # -- svcd --

    def start(self, args=None, conf=None, wait_started=True):
        """Starts svcd (-c conf unless args hold their own), returns its Popen."""
        if args is None:
            args = ["-c", conf or self.path("supervisord.conf")]
        env = dict(os.environ)
        env[TOKEN_VAR] = self.token
        # A small quarantine: ASan's default (256 MB of freed blocks kept back) would make the
        # RSS bounds of the memory tests measure ASan, not svcd.
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1:quarantine_size_mb=16")
        n = len(self.daemons)
        out = open(self.path("svcd%d.stdout" % n), "wb")
        err = open(self.path("svcd%d.stderr" % n), "wb")
        proc = subprocess.Popen([SVCD] + list(args), stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err, env=env, cwd=self.tmp, start_new_session=True)
        out.close()
        err.close()
        proc.stderr_path = self.path("svcd%d.stderr" % n)
        proc.stdout_path = self.path("svcd%d.stdout" % n)
        self.daemons.append(proc)
        if wait_started:
            self.wait_log(r"supervisord started with pid %d$" % proc.pid)
        return proc

    @property
    def svcd(self):
        return self.daemons[0]

    def signal(self, signo, proc=None):
        (proc or self.svcd).send_signal(signo)

    def stop_svcd(self, proc=None, timeout=None):
        """SIGTERM to svcd; waits for its exit and returns the exit code."""
        proc = proc or self.svcd
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        return self.wait_exit(proc, timeout)

    def wait_exit(self, proc=None, timeout=None):
        proc = proc or self.svcd
        try:
            return proc.wait(timeout=(timeout or self.default_timeout) * SCALE)
        except subprocess.TimeoutExpired:
            self.fail("svcd %d did not exit\n%s" % (proc.pid, self.log_tail()))

    def stderr_of(self, proc=None):
        with open((proc or self.svcd).stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    # -- waiting --

    def wait_for(self, predicate, timeout=None, what="condition", interval=0.02):
        """Polls predicate() until it returns a truthy value; returns that value."""
        deadline = time.monotonic() + (timeout or self.default_timeout) * SCALE
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                self.fail("timed out waiting for %s\n%s" % (what, self.log_tail()))
            time.sleep(interval)

    def read(self, path, binary=False):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return None
        return data if binary else data.decode("utf-8", "replace")

    def log(self):
        """Main-log records so far."""
        return parse_main_log(self.read(self.main_log) or "")

    def log_tail(self, n=40):
        text = self.read(self.main_log) or "(no main log)"
        lines = [l if len(l) < 300 else l[:300] + "…" for l in text.splitlines()[-n:]]
        extra = ""
        for proc in self.daemons:
            e = self.stderr_of(proc)
            if e.strip():
                extra += "\n--- svcd %d stderr ---\n%s" % (proc.pid, e[-3000:])
        return "--- main log tail ---\n" + "\n".join(lines) + extra

    def matching(self, pattern, level=None, records=None):
        rx = re.compile(pattern)
        return [r for r in (records if records is not None else self.log())
                if rx.search(r.message) and (level is None or r.level == level)]

    def wait_log(self, pattern, count=1, level=None, timeout=None):
        """Waits until `count` main-log records match pattern; returns the matches."""
        def check():
            found = self.matching(pattern, level)
            return found if len(found) >= count else None
        return self.wait_for(check, timeout, "main log /%s/ x%d" % (pattern, count))

    def assert_log(self, pattern, level=None, count=None):
        found = self.matching(pattern, level)
        if count is None:
            self.assertTrue(found, "no main-log line /%s/ (%s)\n%s" % (pattern, level, self.log_tail()))
        else:
            self.assertEqual(len(found), count, "main-log /%s/ (%s)\n%s" % (pattern, level, self.log_tail()))
        return found

    def assert_no_log(self, pattern):
        found = self.matching(pattern)
        self.assertFalse(found, "unexpected main-log line /%s/: %r" % (pattern, found))

    def spawned_pids(self, name):
        return [int(r.message.rsplit(" ", 1)[1])
                for r in self.matching(r"^spawned: '%s' with pid \d+$" % re.escape(name))]

    def wait_spawned(self, name, count=1, timeout=None):
        """Waits for the count-th spawn of a program; returns its pid."""
        self.wait_log(r"^spawned: '%s' with pid \d+$" % re.escape(name), count, timeout=timeout)
        return self.spawned_pids(name)[count - 1]

    def wait_exec(self, pid, argv0, timeout=None):
        """Waits until pid runs argv0 (it has exec'd: a signal now reaches the program, not a
        forked copy of the daemon)."""
        def check():
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as f:
                    return f.read().split(b"\0")[0].decode() == argv0
            except OSError:
                return False
        self.wait_for(check, timeout, "pid %d to exec %s" % (pid, argv0))

    def wait_running(self, name, timeout=None):
        self.wait_log(r"^success: %s entered RUNNING state" % re.escape(name), timeout=timeout)
        return self.spawned_pids(name)[-1]

    def wait_file(self, path, predicate=lambda data: data is not None, timeout=None):
        """Waits until predicate(content or None) holds; returns the content."""
        def check():
            data = self.read(path)
            return (data,) if predicate(data) else None
        return self.wait_for(check, timeout, "file %s" % path)[0]

    def wait_gone(self, pid, timeout=None):
        self.wait_for(lambda: not alive(pid), timeout, "pid %d to go away" % pid)

    def auto_logs(self, name, channel):
        """AUTO log files of a process in childlogdir (normally one)."""
        prefix = "%s-%s---" % (name, channel)
        return sorted(os.path.join(self.logdir, f) for f in os.listdir(self.logdir)
                      if f.startswith(prefix) and f.endswith(".log"))

    def auto_log(self, name, channel="stdout"):
        logs = self.auto_logs(name, channel)
        self.assertEqual(len(logs), 1, "AUTO %s logs of %s: %r" % (channel, name, logs))
        return logs[0]

    def expect_leftover(self, pid):
        """A process the test knows will outlive svcd; teardown kills it without failing."""
        self.leftovers_ok.add(pid)

    def our_processes(self):
        return pids_with_token(self.token)

    # -- teardown --

    def _cleanup(self):
        problems = []
        for proc in self.daemons:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10 * SCALE)
                except subprocess.TimeoutExpired:
                    problems.append("svcd %d ignored SIGTERM at teardown; killed" % proc.pid)
                    proc.kill()
                    proc.wait()
            err = self.stderr_of(proc)
            if "AddressSanitizer" in err or "LeakSanitizer" in err or "runtime error:" in err:
                problems.append("sanitizer report from svcd %d:\n%s" % (proc.pid, err[-4000:]))
        # Children that exit on their own after svcd's SIGTERM (a shell finishing its sleep)
        # get a moment; anything still carrying our token after that was left running.
        deadline = time.monotonic() + 2 * SCALE
        left = self.our_processes()
        while set(left) - self.leftovers_ok and time.monotonic() < deadline:
            time.sleep(0.05)
            left = self.our_processes()
        unexpected = sorted(set(left) - self.leftovers_ok)
        if unexpected:
            desc = ", ".join("%d (%s)" % (p, self._cmdline(p)) for p in unexpected)
            problems.append("left running after the test: " + desc)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in left:
            self.wait_for(lambda: not alive(pid), 5, "leftover %d to die" % pid)
        if not KEEP:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if problems:
            self.fail("\n".join(problems))

    @staticmethod
    def _cmdline(pid):
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            return "?"


def main():
    unittest.main(verbosity=2)
