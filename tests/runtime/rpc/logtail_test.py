#!/usr/bin/python3
"""svcd's /logtail and /mainlogtail streams (supervisord's tail_f_producer): headers, the last
1024 bytes, following, rotation, truncation, 404s, many tails, a client that never reads, hang
ups, and the real supervisorctl / svcctl `tail -f` and `maintail -f`.
Usage: logtail_test.py SVCD SVCCTL."""
import os
import select
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svcd_fixture import Svcd, Tail  # noqa: E402

SVCD = sys.argv.pop(1) if len(sys.argv) > 1 else 'svcd'
SVCCTL = sys.argv.pop(1) if len(sys.argv) > 1 else 'svcctl'
PROGRAMS = """
[program:echo]
command=cat
startsecs=0
stdout_logfile={d}/echo.out

[program:err]
command=sh -c 'exec cat >&2'
startsecs=0
stdout_logfile={d}/err.out
stderr_logfile={d}/err.err

[program:nolog]
command=cat
startsecs=0
stdout_logfile=NONE

[program:spare]
command=cat
startsecs=0
stdout_logfile={d}/spare.out

[program:flood]
command=sh -c 'while read n; do case $n in [0-9]*) yes zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz | head -c $n; echo;; *) echo "$n";; esac; done'
startsecs=0
stdout_logfile={d}/flood.out
stdout_logfile_maxbytes=0

[group:grp]
programs=member

[program:member]
command=cat
startsecs=0
stdout_logfile={d}/member.out
"""


class LogTailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Svcd(SVCD, PROGRAMS)
        cls.rpc = cls.d.rpc()
        deadline = time.time() + 20
        while any(i['statename'] != 'RUNNING' for i in cls.rpc.supervisor.getAllProcessInfo()):
            assert time.time() < deadline
            time.sleep(0.05)

    @classmethod
    def tearDownClass(cls):
        cls.d.stop()

    def say(self, name, text):
        self.assertTrue(self.rpc.supervisor.sendProcessStdin(name, text))

    def tail(self, url, **kw):
        t = Tail(self.d.port, url, **kw)
        self.addCleanup(t.close)
        return t

    def wait_file(self, name, needle):
        deadline = time.time() + 10
        while True:
            with open(self.d.path(name), 'rb') as f:
                if needle in f.read():
                    return
            self.assertLess(time.time(), deadline)
            time.sleep(0.02)

    def settle_fds(self, target=0):
        """The daemon's fd count once it is <= target, or has stopped changing for 1.5 s."""
        deadline = time.time() + 10
        last, since = self.d.fds(), time.time()
        while last > target and time.time() - since < 1.5 and time.time() < deadline:
            time.sleep(0.05)
            now = self.d.fds()
            if now != last:
                last, since = now, time.time()
        return last

    def test_headers_head_and_follow(self):
        self.say('echo', 'x' * 3000 + '\nhead-line\n')
        self.wait_file('echo.out', b'head-line')
        t = self.tail('/logtail/echo')
        self.assertTrue(t.wait_for(b'head-line\n'))
        self.assertEqual(t.status, 200)
        self.assertEqual(t.headers['transfer-encoding'], 'chunked')
        self.assertEqual(t.headers['content-type'], 'text/plain;charset=utf-8')
        self.assertEqual(t.headers['x-accel-buffering'], 'no')
        self.assertRegex(t.headers['last-modified'], r'^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$')
        size = os.path.getsize(self.d.path('echo.out'))
        self.assertEqual(len(t.body), 1024)  # the last 1024 bytes, then nothing until new output
        with open(self.d.path('echo.out'), 'rb') as f:
            f.seek(size - 1024)
            self.assertEqual(t.body, f.read())
        self.say('echo', 'followed-1\n')
        self.assertTrue(t.wait_for(b'followed-1\n'))
        self.say('echo', 'followed-2\n')
        self.assertTrue(t.wait_for(b'head-line\nfollowed-1\nfollowed-2\n'))

    def test_stderr_channel_and_group_member(self):
        t = self.tail('/logtail/err/stderr')
        self.say('err', 'to-stderr\n')
        self.assertTrue(t.wait_for(b'to-stderr\n'))
        out = self.tail('/logtail/err/stdout')
        self.assertEqual(out.wait_head(), 200)
        m = self.tail('/logtail/grp%3Amember')
        self.say('grp:member', 'member-line\n')
        self.assertTrue(m.wait_for(b'member-line\n'))
        self.assertNotIn(b'to-stderr', out.body)

    def test_truncation(self):
        self.say('spare', 'before-truncate\n')
        self.wait_file('spare.out', b'before-truncate')
        t = self.tail('/logtail/spare')
        self.assertTrue(t.wait_for(b'before-truncate\n'))
        os.truncate(self.d.path('spare.out'), 0)
        self.assertTrue(t.wait_for(b'==> File truncated <==\n'))
        self.say('spare', 'after-truncate\n')
        self.assertTrue(t.wait_for(b'==> File truncated <==\nafter-truncate\n'))

    def test_rotation_streams_the_new_file_from_its_start(self):
        self.say('grp:member', 'old-file\n')
        self.wait_file('member.out', b'old-file')
        t = self.tail('/logtail/grp:member')
        self.assertTrue(t.wait_for(b'old-file\n'))
        path = self.d.path('member.out')
        os.rename(path, path + '.moved')
        with open(path + '.tmp', 'wb') as f:
            f.write(b'first line of the new file\n' + b'y' * 2000 + b'\n')
        os.rename(path + '.tmp', path)
        self.assertTrue(t.wait_for(b'old-file\nfirst line of the new file\n' + b'y' * 2000))
        # clearProcessLogs removes and reopens: the stream follows the fresh file as well
        self.assertTrue(self.rpc.supervisor.clearProcessLogs('grp:member'))
        self.say('grp:member', 'after-clear\n')
        self.assertTrue(t.wait_for(b'after-clear\n'))
        self.assertNotIn(b'truncated', t.body)

    def test_mainlogtail(self):
        t = self.tail('/mainlogtail')
        self.assertTrue(t.wait_for(b'INFO'))
        self.assertEqual(t.status, 200)
        self.assertNotIn('x-accel-buffering', t.headers)
        self.assertEqual(t.headers['content-type'], 'text/plain;charset=utf-8')
        self.rpc.supervisor.stopProcess('spare')
        self.assertTrue(t.wait_for(b"stopped: spare (terminated by SIGTERM)"))
        self.rpc.supervisor.startProcess('spare')

    def test_not_found_and_bad_method(self):
        for url in ('/logtail', '/logtail/', '/logtail/nosuch', '/logtail/echo/bogus',
                    '/logtail/nolog', '/logtail/grp:', '/logtail/grp:*', '/logtail/echo/stdout/x'):
            self.assertEqual(self.d.request('GET', url)[0], 404, url)
        self.assertEqual(self.d.request('POST', '/logtail/echo', b'a=b')[0], 400)
        self.assertEqual(self.d.request('POST', '/mainlogtail', b'a=b')[0], 400)
        status, headers, _ = self.d.request('GET', '/logtail/echo', auth=False)
        self.assertEqual(status, 401)
        self.assertEqual(self.d.request('GET', '/mainlogtail', auth=False)[0], 401)
        # the prefix match of supervisord: /logtailX/<name> tails <name> too
        t = self.tail('/logtailX/echo')
        self.assertEqual(t.wait_head(), 200)

    def test_many_tails_and_hangups_free_everything(self):
        baseline = self.settle_fds()
        tails = [Tail(self.d.port, '/logtail/%s' % ('echo' if i % 2 else 'spare'))
                 for i in range(60)]
        tails += [Tail(self.d.port, '/mainlogtail') for _ in range(4)]
        for t in tails:
            self.assertEqual(t.wait_head(), 200)
        self.assertGreater(self.d.fds(), baseline + 60)
        self.say('echo', 'to-all-echo\n')
        self.say('spare', 'to-all-spare\n')
        for i, t in enumerate(tails[:60]):
            self.assertTrue(t.wait_for(b'to-all-echo\n' if i % 2 else b'to-all-spare\n'), i)
        self.assertEqual(self.rpc.supervisor.getState()['statename'], 'RUNNING')
        for t in tails:  # hang up while every stream is parked waiting for output
            t.close()
        self.assertLessEqual(self.settle_fds(baseline), baseline)
        # idle again: no tail open, nothing wakes svcd up
        before = self.d.status_field('voluntary_ctxt_switches')
        time.sleep(1.5)
        self.assertLessEqual(self.d.status_field('voluntary_ctxt_switches') - before, 1)

    def pump(self, mib, live, tag):
        for i in range(mib * 4):  # 256 KiB a request, written by the program, not sent by RPC
            self.say('flood', '262144\n')
            if i % 8 == 7:
                self.say('flood', '%s-%d\n' % (tag, i))
                self.assertTrue(live.wait_for(b'%s-%d' % (tag.encode(), i), 30), i)

    def test_client_that_never_reads(self):
        live = self.tail('/logtail/flood')
        self.assertEqual(live.wait_head(), 200)
        self.pump(2, live, 'warm')  # fills ASan's quarantine and the allocator's caches
        live.body = b''
        rss_before = self.d.status_field('VmRSS')
        stuck = self.tail('/logtail/flood', rcvbuf=4096)
        self.assertEqual(stuck.wait_head(), 200)
        self.pump(6, live, 'mark')  # 6 MiB while one client reads nothing
        grown_kib = self.d.status_field('VmRSS') - rss_before
        self.assertLess(grown_kib, 4 * 1024, 'svcd grew by %d KiB' % grown_kib)
        self.assertEqual(self.rpc.supervisor.getState()['statename'], 'RUNNING')
        self.assertEqual(self.d.request('GET', '/ok.html')[2], b'OK')
        # the stuck client got the start of the stream and can still read on
        self.assertTrue(stuck.wait_for(b'zzzz'))

    def bounce_nolog(self):
        self.rpc.supervisor.stopProcess('nolog')
        self.rpc.supervisor.startProcess('nolog')

    def follow_with(self, argv, needle, feed=None):
        """Runs a `tail -f`-like command until `needle` is printed, then kills it by pid."""
        env = dict(os.environ, PYTHONUNBUFFERED='1')
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        seen = b''
        try:
            deadline = time.time() + 20
            fed = False
            while needle not in seen or not seen.startswith(b'==> Press Ctrl-C to exit <==\n'):
                left = deadline - time.time()
                self.assertGreater(left, 0, (argv, seen[-300:]))
                ready, _, _ = select.select([p.stdout], [], [], min(left, 0.2))
                if ready:
                    chunk = os.read(p.stdout.fileno(), 65536)
                    self.assertTrue(chunk, (argv, seen[-300:]))
                    seen += chunk
                if feed and not fed and seen.startswith(b'==> Press'):
                    time.sleep(0.3)
                    feed() if callable(feed) else self.say(*feed)
                    fed = True
        finally:
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
            p.stdout.close()

    def test_real_supervisorctl_follows(self):
        ctl = ['/usr/bin/supervisorctl', '-c', self.d.conf]
        self.follow_with(ctl + ['tail', '-f', 'echo'], b'ctl-out\n', ('echo', 'ctl-out\n'))
        self.follow_with(ctl + ['tail', '-f', 'err', 'stderr'], b'ctl-err\n', ('err', 'ctl-err\n'))
        self.follow_with(ctl + ['maintail', '-f'], b'stopped: nolog', self.bounce_nolog)
        inet = ['/usr/bin/supervisorctl', '-s', 'http://127.0.0.1:%d' % self.d.port,
                '-u', 'user', '-p', 'secret']
        self.follow_with(inet + ['tail', '-f', 'grp:member'], b'ctl-inet\n',
                         ('grp:member', 'ctl-inet\n'))

    def test_svcctl_follows(self):
        ctl = [SVCCTL, '-c', self.d.conf]
        self.follow_with(ctl + ['tail', '-f', 'echo'], b'svcctl-out\n', ('echo', 'svcctl-out\n'))
        self.follow_with(ctl + ['tail', '-f', 'err', 'stderr'], b'svcctl-err\n',
                         ('err', 'svcctl-err\n'))
        self.follow_with(ctl + ['maintail', '-f'], b'stopped: nolog', self.bounce_nolog)


if __name__ == '__main__':
    unittest.main(verbosity=2)
