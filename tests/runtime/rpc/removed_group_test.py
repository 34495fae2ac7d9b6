#!/usr/bin/python3
"""A group removed while its output pipe stays open: the program exited, but a grandchild it
left behind still holds its stdout and keeps writing. removeProcessGroup closes the group's log
files; svcd must keep draining the pipe (into nothing: the log is gone) without touching the
closed file, and must keep answering. Under ASan a capture that still
wrote to the freed log aborts svcd.

usage: removed_group_test.py SVCD"""
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'compat'))
from svtest import Daemon  # noqa: E402

CONFIG = """
[unix_http_server]
file=%(here)s/sv.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisord]
logfile=%(here)s/sv.log
pidfile=%(here)s/sv.pid
childlogdir=%(here)s
nodaemon=true

[program:parent]
command=/bin/sh -c '(while :; do echo tick; sleep 0.02; done) & echo $! > %(here)s/gc.pid; exit 0'
startsecs=0
autorestart=false
"""


def wait_for(what, predicate, timeout=20):
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            raise SystemExit('timeout waiting for ' + what)
        time.sleep(0.02)


def main():
    svcd = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        conf = os.path.join(d, 'sv.conf')
        with open(conf, 'w') as f:
            f.write(CONFIG)
        daemon = Daemon('svcd', svcd, conf, os.path.join(d, 'sv.sock'))
        grandchild = None
        out = open(os.path.join(d, 'svcd.out'), 'wb')
        try:
            daemon.start(log=out)
            gc_file = os.path.join(d, 'gc.pid')
            wait_for('the grandchild', lambda: os.path.exists(gc_file) and open(gc_file).read())
            grandchild = int(open(gc_file).read())
            wait_for('EXITED', lambda: daemon.rpc('supervisor.getProcessInfo',
                                                  'parent')['statename'] == 'EXITED')
            log = daemon.rpc('supervisor.getProcessInfo', 'parent')['stdout_logfile']
            wait_for('ticks in the log', lambda: b'tick' in open(log, 'rb').read())
            assert daemon.rpc('supervisor.removeProcessGroup', 'parent') is True
            time.sleep(1.0)  # ~50 more lines reach svcd through the removed group's pipe
            assert daemon.alive(), 'svcd died after the group was removed'
            assert daemon.rpc('supervisor.getState')['statename'] == 'RUNNING'
            assert os.path.exists('/proc/%d' % grandchild), 'the writer is gone'
        except BaseException:
            out.flush()
            sys.stderr.write(open(os.path.join(d, 'svcd.out'), errors='replace').read()[-3000:])
            sys.stderr.write(open(os.path.join(d, 'sv.log'), errors='replace').read()[-3000:])
            raise
        finally:
            out.close()
            if grandchild is not None:
                try:
                    os.kill(grandchild, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            daemon.stop()
    print('ok')


if __name__ == '__main__':
    main()
