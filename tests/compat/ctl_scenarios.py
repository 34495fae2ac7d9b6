"""The supervisorctl scenarios of reference §4.4 and §11: the config both daemons run, the
commands, and the deliberate differences, run by tests/compat/ctl_compat.py for each client and
daemon pair (ctests ctl.compat_vs_supervisorctl and compat.ctl.*).

Scenario arguments may hold {sock}, {port} and {dir}: each side fills in its own."""
import re

# PORT is replaced by each side's free port; %(here)s is left to the daemon.
CONF = """\
[unix_http_server]
file=%(here)s/sv.sock

[inet_http_server]
port=127.0.0.1:PORT
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

; a long startsecs: on a loaded machine supervisord may see 1 s pass before it reaps
; /bin/false, call it RUNNING and then restart it (its exit is unexpected)
[program:quick]
command=/bin/false
startsecs=30
startretries=0
autostart=false
autorestart=false

[program:noexist]
command=/nonexistent/binary
autostart=false

[program:notexec]
command=%(here)s/notexec.sh
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

BROKEN = "\n[program:broken]\ncommand=sleep 1\nautorestart=maybe\n"

# Programs RUNNING once a daemon has started.
AUTOSTARTED = ["sleeper:sleeper", "grp:a"]

# svcctl's deliberate differences from supervisorctl 4.2.5 (docs/ctl-compatibility.md):
# scenario -> what svcctl prints instead, (stdout, rc) or a function of supervisorctl's result.
SVCCTL_DIFFERENT = {
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

# svcd's deliberate differences from supervisord 4.2.5 that a client can see
# (docs/compatibility.md, "svcd and the XML-RPC API"): scenario -> function of the expected
# (stdout, stderr, rc) giving what any client prints against svcd. Empty: none is visible to
# the scenarios below.
SVCD_DIFFERENT = {}

READ_ONLY = [
    "status", "status sleeper", "status nosuch", "status nogrp:*", "status grp:*",
    "status grp:", "status grp:a nosuch", "status all", "status sleeper grp:b",
    "status verylongprogramnamethatexceedsthirtychars sleeper",
    "version", "version x", "pid", "pid all", "pid sleeper", "pid nostart",
    "pid nosuch", "pid nosuch sleeper",
    "start", "start nosuch", "start sleeper", "start noexist", "start notexec", "start nogrp:*",
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
    "start-foo", "?", "? start", "!ls", "EOF", "quit", "exit", "open foo"]

# Scenarios that stream through /logtail or /mainlogtail (tail -f, maintail -f, fg): not yet
# served by svcd (the log streaming is being built); run against supervisord only.
NEEDS_LOGTAIL = set()

TOPICS = ["add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit", "reload",
          "remove", "reread", "restart", "shutdown", "signal", "start", "status", "stop",
          "tail", "update", "version"]


def calls(*steps):
    """A setup: XML-RPC calls (method, args...) made on a side's daemon before its tool runs."""
    def setup(side):
        for method, *args in steps:
            side.daemon.rpc(method, *args)
    return setup


def scenarios(check):
    """Queues every scenario through check(args, setup=None, stdin=None, conf=True, name=None,
    sort=False)."""
    c = check
    # Read-only scenarios (parallel phase; the daemon is in its initial state: sleeper and
    # grp:a running, everything else stopped).
    for s in READ_ONLY:
        c(s.split())
    c([], stdin="".join("help %s\n" % t for t in TOPICS), name="shell: help <every topic>")
    c(["open", "unix://{sock}"], name="open unix://SOCK")
    # command line
    c(["-h"], conf=False)
    c(["-s", "foo", "status"], conf=False)
    c(["--bogus"], conf=False)
    c(["-s", "unix:///x", "-s", "unix:///y", "status"], conf=False)
    c(["-c"], conf=False)
    c(["--serverurl"], conf=False)
    c(["-c", "/nonexistent/sv.conf", "status"], conf=False)
    c(["--server=unix://{sock}", "version"], conf=False, name="--server=SOCK version")
    c(["-s", "unix://{sock}", "status", "sleeper"], conf=False,
      name="-s unix://SOCK status sleeper")
    # connection errors
    for s in ["status", "version", "start sleeper", "shutdown", "avail", "tail sleeper"]:
        c(["-s", "unix://{dir}/missing.sock"] + s.split(), conf=False, name="missing socket: " + s)
    for s in ["status", "version", "shutdown"]:
        c(["-s", "http://127.0.0.1:{refused}"] + s.split(), conf=False, name="refused: " + s)
    # HTTP with Basic auth
    inet = "http://127.0.0.1:{port}"
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
    c(["restart", "grp:*"], setup=calls(("supervisor.startProcessGroup", "grp")), sort=True)
    c(["signal", "HUP", "nostart"], setup=running, name="signal HUP nostart (running)")
    c(["start", "quick"], setup=calls(("supervisor.getPID",)))
    c(["clear", "sleeper", "nosuch"], setup=calls(("supervisor.getPID",)))
    c(["clear", "all"], setup=calls(("supervisor.getPID",)))


def newprog_scenarios(check):
    reset = calls(("supervisor.stopProcess", "newprog"),
                  ("supervisor.removeProcessGroup", "newprog"))
    check(["reread"], setup=reset)
    check(["avail"], setup=reset, name="avail (newprog not added)")
    check(["update", "newprog", "nosuch"], setup=reset)
    check(["add", "newprog"], setup=reset)
    check(["remove", "newprog"], setup=calls(("supervisor.addProcessGroup", "newprog"),
                                             ("supervisor.stopProcess", "newprog")))
    check(["remove", "newprog"], setup=calls(("supervisor.addProcessGroup", "newprog"),
                                             ("supervisor.startProcess", "newprog")),
          name="remove newprog (running)")


def broken_config_scenarios(check):
    nothing = calls(("supervisor.getPID",))
    check(["reread"], setup=nothing, name="broken config: reread")
    check(["update"], setup=nothing, name="broken config: update")
