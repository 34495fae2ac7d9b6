#!/usr/bin/python3
"""supervisorctl/svcctl against supervisord/svcd, side by side with the reference: every
scenario of ctl_scenarios.py runs through /usr/bin/supervisorctl against a real supervisord
4.2.5 (the expected text) and through the client under test against the daemon under test,
each daemon in its own temp dir on the same config. stdout, stderr and exit status must match
after normalising what legitimately varies: uptimes, pids, the temp dir, the inet port, the
program name, Python's `: file: ... line: N` suffix of the generic error line, and the order of
group results (supervisord reports them in completion order). Known differences are in
ctl_scenarios.py, each named and documented. Only processes this test started are killed.

usage: ctl_compat.py --client supervisorctl|PATH-TO-SVCCTL --daemon supervisord|PATH-TO-SVCD
"""
import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctl_scenarios  # noqa: E402
from svtest import SUPERVISORCTL, SUPERVISORD, Daemon, free_port  # noqa: E402


def load_supervisorctl():
    try:
        from supervisor import supervisorctl
        return supervisorctl
    except ImportError:
        return None


supervisorctl_module = load_supervisorctl()


def run_supervisorctl_child(argv, files, cwd):
    """In a forked child: supervisorctl's main() on the given stdin/stdout/stderr files."""
    code = 1
    try:
        os.chdir(cwd)
        for fd, f in enumerate(files):
            os.dup2(f.fileno(), fd)
        sys.stdin = open(0, "r", closefd=False)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        sys.argv = argv
        try:
            supervisorctl_module.main(argv[1:])
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


class Side:
    """One daemon in its own temp dir and the client that talks to it."""

    def __init__(self, label, client, kind, binary, refused):
        self.label = label
        self.client = client
        self.dir = tempfile.mkdtemp(prefix="ctl-compat-%s-" % label)
        self.port = free_port()
        self.refused = refused
        self.conf = os.path.join(self.dir, "sv.conf")
        self.sock = os.path.join(self.dir, "sv.sock")
        self.write_conf()
        notexec = os.path.join(self.dir, "notexec.sh")
        with open(notexec, "w") as f:
            f.write("#!/bin/sh\n")
        os.chmod(notexec, 0o644)
        self.daemon = Daemon(kind, binary, self.conf, self.sock)

    def write_conf(self, extra=""):
        with open(self.conf, "w") as f:
            f.write(ctl_scenarios.CONF.replace("PORT", str(self.port)) + extra)

    def start(self):
        self.daemon.start()
        self.daemon.wait_running(ctl_scenarios.AUTOSTARTED)

    def fill(self, args):
        return [a.format(sock=self.sock, port=self.port, dir=self.dir, refused=self.refused)
                for a in args]

    def launch(self, args, stdin=None, conf=True):
        """Starts one client run in the temp dir; finish() collects (stdout, stderr, rc).

        supervisorctl runs in a fork of this process, which has imported it already: a fresh
        Python per run would cost a quarter of a second of CPU each."""
        argv = [self.client] + (["-c", self.conf] if conf else []) + self.fill(args)
        files = [tempfile.TemporaryFile() for _ in range(3)]
        files[0].write((stdin or "").encode())
        files[0].seek(0)
        if self.client == SUPERVISORCTL and supervisorctl_module is not None:
            pid = os.fork()
            if pid == 0:
                run_supervisorctl_child(argv, files, self.dir)
            return (pid, files)
        pid = os.fork()
        if pid == 0:
            try:
                os.chdir(self.dir)
                for fd, f in enumerate(files):
                    os.dup2(f.fileno(), fd)
                os.execv(argv[0], argv)
            finally:
                os._exit(127)
        return (pid, files)

    @staticmethod
    def finish(handle):
        pid, files = handle
        _, status = os.waitpid(pid, 0)
        rc = os.waitstatus_to_exitcode(status)
        texts = []
        for f in files[1:]:
            f.seek(0)
            texts.append(f.read().decode(errors="replace"))
        for f in files:
            f.close()
        return texts[0], texts[1], rc

    @staticmethod
    def finish_reaped(handle, rc):
        """finish() for a client that has been waited for already, with its exit status."""
        _, files = handle
        texts = []
        for f in files[1:]:
            f.seek(0)
            texts.append(f.read().decode(errors="replace"))
        for f in files:
            f.close()
        return texts[0], texts[1], rc

    def ctl(self, args, stdin=None, conf=True):
        return self.finish(self.launch(args, stdin, conf))

    def normalise(self, text):
        text = text.replace(self.client, "PROG").replace(self.dir, "DIR")
        text = text.replace(":%d" % self.port, ":PORT")
        text = re.sub(r": file: \S+ line: \d+$", "", text, flags=re.M)
        text = re.sub(r"uptime \d+:\d\d:\d\d", "uptime X", text)
        text = re.sub(r"pid \d+,", "pid N,", text)
        return text

    def result(self, output, sort, pids=False):
        out, err, rc = output
        out = self.normalise(out)
        if pids:  # `pid` prints bare pids: each daemon has its own
            out = re.sub(r"^[1-9]\d*$", "PID", out, flags=re.M)
        if sort:
            out = "".join(sorted(out.splitlines(True)))
        return out, self.normalise(err), rc

    def close(self):
        self.daemon.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Compare:
    def __init__(self, ref, cand):
        self.ref, self.cand = ref, cand
        self.sides = (ref, cand)
        self.different = {}
        if cand.client != SUPERVISORCTL:
            self.different.update(ctl_scenarios.SVCCTL_DIFFERENT)
        self.svcd_different = ctl_scenarios.SVCD_DIFFERENT if cand.daemon.kind == "svcd" else {}
        self.skip = ctl_scenarios.NEEDS_LOGTAIL if cand.daemon.kind == "svcd" else set()
        self.failures, self.count = [], 0
        self.parallel, self.serial = [], []

    def check(self, args, setup=None, stdin=None, conf=True, name=None, sort=False):
        name = name or " ".join(args)
        sort = (sort, bool(args) and args[0] == "pid")
        (self.serial if setup else self.parallel).append(
            (name, (args, setup, stdin, conf, sort)))

    def run_all(self, window=6):
        """Parallel scenarios: both sides at once, `window` scenarios in flight. Then the serial
        ones, each side after the same setup on its own daemon."""
        inflight = []
        for name, (args, _, stdin, conf, sort) in self.parallel:
            inflight.append((name, sort, [s.launch(args, stdin, conf) for s in self.sides]))
            if len(inflight) >= window:
                self.collect(*inflight.pop(0))
        for item in inflight:
            self.collect(*item)
        for name, (args, setup, stdin, conf, sort) in self.serial:
            results = []
            for side in self.sides:
                setup(side)
                results.append(side.result(side.ctl(args, stdin, conf), *sort))
            self.compare(name, results)
        self.parallel, self.serial = [], []

    def collect(self, name, sort, handles):
        self.compare(name, [s.result(s.finish(h), *sort) for s, h in zip(self.sides, handles)])

    def compare(self, name, results):
        self.count += 1
        want, got = results
        if name in self.svcd_different:
            want = self.svcd_different[name](want)
        if name in self.different:
            diff = self.different[name]
            want = diff(want) if callable(diff) else (diff[0], "", diff[1])
        if name in self.skip:
            print("skip %s (needs log streaming, not served by svcd yet)" % name)
            return
        if want != got:
            self.failures.append(name)
            print("FAIL %s\n  reference: %r\n  tested:    %r" % (name, want, got))
        else:
            print("ok   %s" % name)

    def stream_scenarios(self, seconds=2.0):
        """tail -f and maintail -f follow /logtail and /mainlogtail until Ctrl-C: each runs for
        `seconds` on both sides at once, then gets SIGINT (SIGKILL if it ignores it). For
        maintail -f only the banner and the exit are compared: each main log has its own
        lines."""
        for args in (["tail", "-f", "sleeper"], ["tail", "-f", "sleeper", "stderr"],
                     ["tail", "-f", "grp:a"], ["maintail", "-f"]):
            handles = [s.launch(args) for s in self.sides]
            time.sleep(seconds)
            results = []
            for side, handle in zip(self.sides, handles):
                os.kill(handle[0], signal.SIGINT)
                deadline, rc = time.time() + 10, None
                while rc is None:
                    pid, status = os.waitpid(handle[0], os.WNOHANG)
                    if pid:
                        rc = os.waitstatus_to_exitcode(status)
                    elif time.time() > deadline:
                        os.kill(handle[0], signal.SIGKILL)
                        deadline = float("inf")
                    else:
                        time.sleep(0.05)
                out, err, rc = side.result(side.finish_reaped(handle, rc), False)
                if args[0] == "maintail":
                    out = out.splitlines(True)[0] if out else out
                results.append((out, err, rc))
            self.compare(" ".join(args) + " (Ctrl-C after %.0f s)" % seconds, results)

    def shutdown_scenarios(self):
        """reload, then shutdown twice, on each side (the daemons are not running)."""
        results = []
        for side in self.sides:
            side.write_conf()
            side.start()
            steps = [side.ctl(["reload"])]
            time.sleep(0.5)
            side.daemon.proc.poll()
            deadline = time.time() + 30
            while side.ctl(["status", "sleeper"])[0].find("RUNNING") < 0:
                if time.time() > deadline:
                    raise SystemExit("%s did not come back after reload" % side.label)
                time.sleep(0.1)
            steps.append(side.ctl(["shutdown"]))
            side.daemon.proc.wait(15)
            steps.append(side.ctl(["shutdown"]))
            steps.append(side.ctl(["status"]))
            side.daemon.proc = None
            results.append([side.result(r, False) for r in steps])
        for i, name in enumerate(["reload", "shutdown", "shutdown again", "status after shutdown"]):
            self.compare(name, [results[0][i], results[1][i]])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", required=True, help="supervisorctl or a path to svcctl")
    parser.add_argument("--daemon", required=True, help="supervisord or a path to svcd")
    args = parser.parse_args()
    if supervisorctl_module is None and os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)  # supervisor's Python
    for tool in (SUPERVISORD, SUPERVISORCTL):
        if not os.path.exists(tool):
            print("SKIP: %s not installed" % tool)
            return 0
    client = SUPERVISORCTL if args.client == "supervisorctl" else os.path.abspath(args.client)
    if args.daemon == "supervisord":
        kind, binary = "supervisord", SUPERVISORD
    else:
        kind, binary = "svcd", os.path.abspath(args.daemon)
    refused = free_port()
    ref = Side("ref", SUPERVISORCTL, "supervisord", SUPERVISORD, refused)
    cand = Side("test", client, kind, binary, refused)
    cmp = Compare(ref, cand)
    started = time.time()
    try:
        for side in cmp.sides:
            side.start()
        ctl_scenarios.scenarios(cmp.check)
        cmp.run_all()
        cmp.stream_scenarios()
        for side in cmp.sides:
            side.write_conf(ctl_scenarios.NEWPROG)
        ctl_scenarios.newprog_scenarios(cmp.check)
        cmp.run_all()
        for side in cmp.sides:
            side.write_conf(ctl_scenarios.BROKEN)
        ctl_scenarios.broken_config_scenarios(cmp.check)
        cmp.run_all()
        for side in cmp.sides:
            side.daemon.stop()
        cmp.shutdown_scenarios()
    finally:
        for side in cmp.sides:
            side.close()
    print("%s vs %s: %d scenarios, %d failures, %.1f s" % (
        os.path.basename(client), kind, cmp.count, len(cmp.failures), time.time() - started))
    return 1 if cmp.failures else 0


if __name__ == "__main__":
    sys.exit(main())
