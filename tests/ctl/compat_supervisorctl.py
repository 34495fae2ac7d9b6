#!/usr/bin/env python3
"""svcctl vs supervisorctl 4.2.5, against one real supervisord 4.2.5.

Starts supervisord (unix socket, nodaemon) in a temp dir and runs every scenario through
/usr/bin/supervisorctl and through svcctl, asserting identical stdout, stderr and exit status
after normalising what legitimately varies (uptimes, pids after a restart, Python's
`: file: ... line: N` suffix of the generic error line, the program name). Scenarios that
svcctl deliberately answers differently (docs/ctl-compatibility.md) check svcctl's own
expected output instead. Only processes this test started are killed, by pid.

usage: compat_supervisorctl.py /path/to/svcctl
"""
import concurrent.futures
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

SUPERVISORD = "/usr/bin/supervisord"
SUPERVISORCTL = "/usr/bin/supervisorctl"

CONF = """\
[unix_http_server]
file=%(here)s/sv.sock

[inet_http_server]
port=127.0.0.1:%(ENV_CTL_COMPAT_PORT)s
username=user
password=secret

[supervisord]
logfile=%(here)s/supervisord.log
pidfile=%(here)s/supervisord.pid
childlogdir=%(here)s
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://%(here)s/sv.sock

[program:sleeper]
command=/bin/sh -c "echo hello; echo oops >&2; exec sleep 1000"
startsecs=0
stopwaitsecs=2

[program:quick]
command=/bin/false
startsecs=1
startretries=0
autostart=false

[program:noexist]
command=/nonexistent/binary
autostart=false

[program:nostart]
command=sleep 1000
autostart=false
startsecs=0

[program:nolog]
command=sleep 1000
stdout_logfile=NONE
autostart=false
startsecs=0

[program:verylongprogramnamethatexceedsthirtychars]
command=sleep 1000
autostart=false

[program:a]
command=sleep 1000
startsecs=0
[program:b]
command=sleep 1000
autostart=false
startsecs=0
[group:grp]
programs=a,b
"""

NEWPROG = """
[program:newprog]
command=sleep 1000
startsecs=0
"""

# Deliberate differences: scenario -> what svcctl prints instead (stdout, rc).
DIFFERENT = {
    # quirk 38: supervisorctl has this text but says "*** No help on EOF"
    "help EOF": ("To quit, type ^D or use the quit command\n", 0),
    # quirk 33: supervisorctl re-runs the command after a 401 and prints a second error line
    "inet, no credentials: status": ("Server requires authentication\n", 1),
    "inet, wrong password: version": ("Server requires authentication\n", 1),
    # quirk 36: supervisorctl's update lets CANT_REREAD escape as a generic error line;
    # svcctl reports it as reread does
    "broken config: update": lambda want: (
        re.sub(r"^error: <class 'xmlrpc.client.Fault'>, <Fault 92: (['\"])(.*)\1>\n$",
               r"ERROR: \2\n", want[0]), "", 1),
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("127.0.0.1")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.path = path

    def make_connection(self, host):
        return UnixConnection(self.path)


class Env:
    def __init__(self, svcctl):
        self.svcctl = svcctl
        self.port = free_port()
        os.environ["CTL_COMPAT_PORT"] = str(self.port)
        self.dir = tempfile.mkdtemp(prefix="ctl-compat-")
        self.conf = os.path.join(self.dir, "sv.conf")
        self.sock = os.path.join(self.dir, "sv.sock")
        with open(self.conf, "w") as f:
            f.write(CONF)
        self.daemon = None
        self.failures = []
        self.count = 0
        self.parallel = []
        self.serial = []

    def rpc(self, method, *args):
        """Setup calls go straight to supervisord (faults ignored): quicker than a client."""
        proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=UnixTransport(self.sock))
        try:
            return getattr(proxy, method)(*args)
        except xmlrpc.client.Fault:
            return None

    def start_daemon(self):
        self.daemon = subprocess.Popen([SUPERVISORD, "-n", "-c", self.conf],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.ctl(SUPERVISORCTL, ["status", "sleeper"])[0].find("RUNNING") >= 0:
                return
            time.sleep(0.1)
        raise SystemExit("supervisord did not come up")

    def stop_daemon(self):
        if self.daemon and self.daemon.poll() is None:
            self.daemon.send_signal(signal.SIGTERM)
            try:
                self.daemon.wait(10)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
                self.daemon.wait()
        self.daemon = None

    def launch(self, prog, args, stdin=None, conf=True):
        """Starts one client run in the temp dir; finish() collects (stdout, stderr, rc).

        supervisorctl runs in a fork of this process, which has imported it already: a fresh
        Python per run would cost a quarter of a second of CPU each."""
        argv = [prog] + (["-c", self.conf] if conf else []) + args
        files = [tempfile.TemporaryFile() for _ in range(3)]
        files[0].write((stdin or "").encode())
        files[0].seek(0)
        if prog == SUPERVISORCTL and supervisorctl_module is not None:
            pid = os.fork()
            if pid == 0:
                run_supervisorctl_child(argv, files, self.dir)
            return (pid, files, None)
        proc = subprocess.Popen(argv, stdin=files[0], stdout=files[1], stderr=files[2],
                                cwd=self.dir)
        return (proc.pid, files, proc)

    @staticmethod
    def finish(handle):
        pid, files, proc = handle
        if proc is not None:
            rc = proc.wait(30)
        else:
            _, status = os.waitpid(pid, 0)
            rc = os.waitstatus_to_exitcode(status)
        texts = []
        for f in files[1:]:
            f.seek(0)
            texts.append(f.read().decode(errors="replace"))
        for f in files:
            f.close()
        return texts[0], texts[1], rc

    def ctl(self, prog, args, stdin=None, conf=True):
        return self.finish(self.launch(prog, args, stdin, conf))

    def normalise(self, text):
        text = text.replace(SUPERVISORCTL, "PROG").replace(self.svcctl, "PROG")
        text = re.sub(r": file: \S+ line: \d+$", "", text, flags=re.M)
        text = re.sub(r"uptime \d+:\d\d:\d\d", "uptime X", text)
        text = re.sub(r"pid \d+,", "pid N,", text)
        return text

    def pair_results(self, outputs, sort):
        results = []
        for out, err, rc in outputs:
            out = self.normalise(out)
            if sort:  # group operations report in completion order
                out = "".join(sorted(out.splitlines(True)))
            results.append((out, self.normalise(err), rc))
        return results

    def check(self, args, setup=None, stdin=None, conf=True, name=None, sort=False):
        """Queues a scenario: without setup it runs in the parallel phase, else serially."""
        name = name or " ".join(args)
        (self.serial if setup else self.parallel).append(
            (name, (args, setup, stdin, conf, sort)))

    def run_all(self, window=6):
        """Parallel scenarios: both tools at once, `window` scenarios in flight. Then the
        serial ones, each tool after the same setup."""
        inflight = []
        for name, (args, _, stdin, conf, sort) in self.parallel:
            inflight.append((name, sort, [self.launch(p, args, stdin, conf)
                                          for p in (SUPERVISORCTL, self.svcctl)]))
            if len(inflight) >= window:
                done = inflight.pop(0)
                self.compare(done[0], self.pair_results(map(self.finish, done[2]), done[1]))
        for name, sort, handles in inflight:
            self.compare(name, self.pair_results(map(self.finish, handles), sort))
        for name, (args, setup, stdin, conf, sort) in self.serial:
            outputs = []
            for prog in (SUPERVISORCTL, self.svcctl):
                setup(self)
                outputs.append(self.ctl(prog, args, stdin, conf))
            self.compare(name, self.pair_results(outputs, sort))
        self.parallel, self.serial = [], []

    def compare(self, name, results):
        self.count += 1
        want, got = results
        if name in DIFFERENT:
            diff = DIFFERENT[name]
            want = diff(want) if callable(diff) else (diff[0], "", diff[1])
        if want != got:
            self.failures.append((name, want, got))
            print("FAIL %s\n  supervisorctl: %r\n  svcctl:        %r" % (name, want, got))
        else:
            print("ok   %s" % name)


def calls(*steps):
    """A setup: XML-RPC calls (method, args...) made before each tool runs."""
    def setup(env):
        for method, *args in steps:
            env.rpc(method, *args)
    return setup


def scenarios(env):
    c = env.check
    # Read-only scenarios (parallel phase; the daemon is in its initial state: sleeper and
    # grp:a running, everything else stopped).
    for s in ["status", "status sleeper", "status nosuch", "status nogrp:*", "status grp:*",
              "status grp:", "status grp:a nosuch", "status all", "status sleeper grp:b",
              "status verylongprogramnamethatexceedsthirtychars sleeper",
              "version", "version x", "pid", "pid all", "pid sleeper", "pid nostart",
              "pid nosuch", "pid nosuch sleeper",
              "start", "start nosuch", "start sleeper", "start noexist", "start nogrp:*",
              "start grp:nosuch", "start sleeper nosuch",
              "stop", "stop nostart", "stop nosuch", "stop nogrp:*", "stop grp:nosuch",
              "restart", "restart nosuch",
              "signal", "signal HUP", "signal HUP nostart", "signal BOGUS sleeper",
              "signal CONT sleeper", "signal cont sleeper", "signal SIGCONT sleeper",
              "signal 18 sleeper", "signal CONT nogrp:*", "signal CONT nosuch",
              "signal CONT grp:*", "signal CONT all",
              "tail", "tail sleeper", "tail -5 sleeper", "tail sleeper stderr", "tail nosuch",
              "tail nolog", "tail sleeper bogus", "tail -x sleeper", "tail a b c d",
              "tail -0 sleeper", "tail -3 sleeper STDERR", "tail -f", "tail -f nolog",
              "tail sleeper x stdout", "tail grp:a", "tail --3 sleeper",
              "maintail x", "maintail a b", "maintail -x",
              "clear", "clear nosuch", "clear grp:*", "clear nolog",
              "avail", "avail x", "reread", "reread x", "add sleeper", "add nosuch", "add",
              "remove sleeper", "remove nosuch", "update nosuch", "update", "update all",
              "update sleeper",
              "reload x", "shutdown x", "fg", "fg a b", "fg nosuch", "fg nostart",
              "help", "help help", "help foo", "help EOF", "help start stop", "bogus",
              "start-foo", "?", "? start", "!ls", "EOF", "quit", "exit", "open foo"]:
        c(s.split())
    topics = ["add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit", "reload",
              "remove", "reread", "restart", "shutdown", "signal", "start", "status", "stop",
              "tail", "update", "version"]
    c([], stdin="".join("help %s\n" % t for t in topics), name="shell: help <every topic>")
    c(["open", "unix://" + env.sock], name="open unix://SOCK")
    # command line
    c(["-h"], conf=False)
    c(["-s", "foo", "status"], conf=False)
    c(["--bogus"], conf=False)
    c(["-s", "unix:///x", "-s", "unix:///y", "status"], conf=False)
    c(["-c"], conf=False)
    c(["--serverurl"], conf=False)
    c(["-c", "/nonexistent/sv.conf", "status"], conf=False)
    c(["--server=unix://" + env.sock, "version"], conf=False, name="--server=SOCK version")
    c(["-s", "unix://" + env.sock, "status", "sleeper"], conf=False,
      name="-s unix://SOCK status sleeper")
    # connection errors
    missing = "unix://" + os.path.join(env.dir, "missing.sock")
    for s in ["status", "version", "start sleeper", "shutdown", "avail", "tail sleeper"]:
        c(["-s", missing] + s.split(), conf=False, name="missing socket: " + s)
    refused = "http://127.0.0.1:%d" % free_port()
    for s in ["status", "version", "shutdown"]:
        c(["-s", refused] + s.split(), conf=False, name="refused: " + s)
    # HTTP with Basic auth
    inet = "http://127.0.0.1:%d" % env.port
    c(["-s", inet, "-u", "user", "-p", "secret", "status", "sleeper"], conf=False,
      name="inet, credentials: status sleeper")
    c(["-s", inet, "-u", "user", "-p", "secret", "tail", "sleeper", "stderr"], conf=False,
      name="inet, credentials: tail sleeper stderr")
    c(["-s", inet, "status"], conf=False, name="inet, no credentials: status")
    c(["-s", inet, "-u", "user", "-p", "wrong", "version"], conf=False,
      name="inet, wrong password: version")
    # the shell, fed by a pipe
    c([], stdin="status sleeper\nversion\nbogus\n\nhelp quit\npid nosuch\n", name="shell")
    c([], stdin="shutdown\nn\nreload\nno\nquit\n", name="shell: declined shutdown/reload")

    # State-changing scenarios (serial phase, each tool after the same setup).
    stopped = calls(("supervisor.stopProcess", "nostart"))
    running = calls(("supervisor.startProcess", "nostart"))
    c(["start", "nostart"], setup=stopped)
    c(["start", "grp:*"], setup=calls(("supervisor.stopProcess", "grp:b")), sort=True)
    c(["stop", "nostart"], setup=running)
    c(["stop", "grp:*"], setup=calls(("supervisor.startProcessGroup", "grp")), sort=True)
    c(["restart", "nostart"], setup=running)
    c(["start", "quick"], setup=calls(("supervisor.getPID",)))
    c(["clear", "sleeper", "nosuch"], setup=calls(("supervisor.getPID",)))


def newprog_scenarios(env):
    with open(env.conf, "a") as f:
        f.write(NEWPROG)
    reset = calls(("supervisor.stopProcess", "newprog"),
                  ("supervisor.removeProcessGroup", "newprog"))
    env.check(["reread"], setup=reset)
    env.check(["update", "newprog", "nosuch"], setup=reset)
    env.check(["remove", "newprog"], setup=calls(("supervisor.addProcessGroup", "newprog"),
                                                 ("supervisor.stopProcess", "newprog")))


def shutdown_scenarios(env):
    results = []
    for prog in (SUPERVISORCTL, env.svcctl):
        env.start_daemon()
        first = env.ctl(prog, ["shutdown"])
        env.daemon.wait(15)
        second = env.ctl(prog, ["shutdown"])
        results.append([tuple(map(env.normalise, r[:2])) + (r[2],) for r in (first, second)])
        env.daemon = None
    env.count += 1
    if results[0] != results[1]:
        env.failures.append(("shutdown", results[0], results[1]))
        print("FAIL shutdown\n  supervisorctl: %r\n  svcctl:        %r" % tuple(results))
    else:
        print("ok   shutdown, then shutdown again")


def broken_config_scenarios(env):
    with open(env.conf, "a") as f:
        f.write("\n[program:broken]\ncommand=sleep 1\nautorestart=maybe\n")
    nothing = calls(("supervisor.getPID",))
    env.check(["reread"], setup=nothing, name="broken config: reread")
    env.check(["update"], setup=nothing, name="broken config: update")


def main():
    svcctl = os.path.abspath(sys.argv[1])
    if supervisorctl_module is None and os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        # supervisor is installed for the system Python only.
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    for tool in (SUPERVISORD, SUPERVISORCTL):
        if not os.path.exists(tool):
            print("SKIP: %s not installed" % tool)
            return 0
    env = Env(svcctl)
    started = time.time()
    try:
        env.start_daemon()
        scenarios(env)
        env.run_all()
        newprog_scenarios(env)
        env.run_all()
        broken_config_scenarios(env)
        env.run_all()
        with open(env.conf, "w") as f:  # the shutdown runs need a config supervisord accepts
            f.write(CONF)
        env.stop_daemon()
        shutdown_scenarios(env)
    finally:
        env.stop_daemon()
        shutil.rmtree(env.dir, ignore_errors=True)
    print("%d scenarios, %d failures, %.1f s" % (env.count, len(env.failures),
                                                 time.time() - started))
    return 1 if env.failures else 0


if __name__ == "__main__":
    sys.exit(main())
