#!/usr/bin/python3
"""svcd's web UI (reference §8): the status page, its actions and 301 redirects with
supervisord's message texts, tail.html, ok.html, the static files, 404 and auth.
Usage: web_ui_test.py SVCD."""
import os
import re
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svcd_fixture import Svcd  # noqa: E402

SVCD = sys.argv.pop(1) if len(sys.argv) > 1 else 'svcd'
PROGRAMS = """
[program:runner]
command=cat
startsecs=0
stdout_logfile={d}/runner.out

[program:slow]
command=sleep 1000
startsecs=2
autostart=false

[program:missing]
command=/nonexistent/binary
autostart=false

[program:quiet]
command=cat
autostart=false
stdout_logfile=NONE

[group:grp]
programs=b,a

[program:a]
command=sleep 1000
startsecs=0

[program:b]
command=sleep 1000
startsecs=0
autostart=false
"""
UI_HEADERS = {'content-type': 'text/html;charset=utf-8', 'pragma': 'no-cache',
              'cache-control': 'no-cache', 'expires': 'Thu, 01 Jan 1970 00:00:00 GMT'}
CTIME = r'\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}'


class WebUiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Svcd(SVCD, PROGRAMS)
        cls.rpc = cls.d.rpc()
        deadline = time.time() + 20
        while cls.rpc.supervisor.getProcessInfo('runner')['statename'] != 'RUNNING':
            assert time.time() < deadline
            time.sleep(0.05)

    @classmethod
    def tearDownClass(cls):
        cls.d.stop()

    def setUp(self):
        # restartall starts every program: each test starts from the configured states
        for name in ('slow', 'grp:b'):
            if self.state(name) != 'STOPPED':
                self.rpc.supervisor.stopProcess(name)
        if self.state('runner') != 'RUNNING':
            self.rpc.supervisor.startProcess('runner')

    def action(self, query, method='GET', host=None):
        headers = {'Host': host} if host else {}
        if method == 'POST':
            status, hdrs, body = self.d.request('POST', '/index.html', query.encode(), headers)
        else:
            status, hdrs, body = self.d.request('GET', '/index.html?' + query, headers=headers)
        self.assertEqual(status, 301, body)
        for k in ('pragma', 'cache-control', 'expires'):
            self.assertEqual(hdrs[k], UI_HEADERS[k])
        self.assertIn(b'<p>Error code 301.', body)
        location = hdrs['location']
        base = 'http://%s/?message=' % (host or '127.0.0.1:%d' % self.d.port)
        self.assertTrue(location.startswith(base), location)
        return urllib.parse.unquote(location[len(base):])

    def state(self, name):
        return self.rpc.supervisor.getProcessInfo(name)['statename']

    def test_status_page(self):
        status, hdrs, body = self.d.request('GET', '/')
        self.assertEqual(status, 200)
        for k, v in UI_HEADERS.items():
            self.assertEqual(hdrs[k], v)
        page = body.decode()
        names = re.findall(r'<a href="tail\.html\?processname=([^"]+)" target="_blank">', page)
        self.assertEqual(names, ['grp%3Aa', 'grp%3Ab', 'missing', 'quiet', 'runner', 'slow'])
        self.assertEqual(self.d.request('GET', '/index.html')[0], 200)
        self.assertIn('<span class="statusrunning">running</span>', page)
        self.assertIn('<span class="statusnominal">stopped</span>', page)
        self.assertRegex(page, r'pid \d+, uptime \d+:\d\d:\d\d')
        self.assertIn('Not started', page)
        running = page[page.index('processname=runner"'):]
        running = running[:running.index('</tr>')]
        for link in ('index.html?processname=runner&amp;action=restart',
                     'index.html?processname=runner&amp;action=stop',
                     'index.html?processname=runner&amp;action=clearlog',
                     'logtail/runner"', 'logtail/runner/stderr"'):
            self.assertIn(link, running)
        self.assertNotIn('action=start', running)
        stopped = page[page.index('processname=slow"'):]
        self.assertIn('index.html?processname=slow&amp;action=start', stopped)
        self.assertNotIn('action=stop', stopped[:stopped.index('</tr>')])
        for href in ('index.html?action=refresh', 'index.html?action=restartall',
                     'index.html?action=stopall'):
            self.assertIn(href, page)
        self.assertNotIn('status_msg', page)

    def test_message_is_shown_escaped(self):
        body = self.d.request('GET', '/?message=Hi%20%3Cb%3E%26')[2].decode()
        self.assertIn('<div class="status_msg">Hi &lt;b&gt;&amp;</div>', body)
        body = self.d.request('POST', '/index.html', b'message=from+form')[2].decode()
        self.assertIn('<div class="status_msg">from form</div>', body)

    def test_refresh_and_host(self):
        self.assertRegex(self.action('action=refresh'), '^Page refreshed at %s$' % CTIME)
        self.assertRegex(self.action('action=refresh', host='example.org:81'),
                         '^Page refreshed at ')
        self.assertRegex(self.action('action=refresh', method='POST'), '^Page refreshed at ')

    def test_process_actions(self):
        self.assertEqual(self.action('processname=nosuch&action=start'),
                         'No such process named nosuch')
        self.assertEqual(self.action('processname=grp%3A&action=stop'),
                         'No such process named grp:')
        self.assertEqual(self.action('processname=missing&action=start'),
                         'ERROR: Process missing: no such file')
        self.assertEqual(self.action('processname=runner&action=start'),
                         'ERROR: Process runner: already started')
        self.assertEqual(self.action('processname=grp%3Ab&action=start'), 'Process grp:b started')
        self.assertEqual(self.state('grp:b'), 'RUNNING')
        self.assertEqual(self.action('processname=grp%3Ab&action=stop'), 'Process grp:b stopped')
        self.assertEqual(self.state('grp:b'), 'STOPPED')
        self.assertEqual(self.action('processname=grp%3Ab&action=stop'),
                         'unexpected rpc fault [70] NOT_RUNNING: grp:b')
        pid = self.rpc.supervisor.getProcessInfo('runner')['pid']
        self.assertEqual(self.action('processname=runner&action=restart'),
                         'Process runner restarted')
        self.assertNotEqual(self.rpc.supervisor.getProcessInfo('runner')['pid'], pid)
        self.rpc.supervisor.sendProcessStdin('runner', 'some output\n')
        # cat echoes asynchronously: clear only once the echo is logged, or it may land after.
        deadline = time.time() + 10
        while (self.rpc.supervisor.readProcessStdoutLog('runner', 0, 0) != 'some output\n'
               and time.time() < deadline):
            time.sleep(0.02)
        self.assertEqual(self.action('processname=runner&action=clearlog'),
                         'Log for runner cleared')
        self.assertEqual(self.rpc.supervisor.readProcessStdoutLog('runner', 0, 0), '')

    def test_start_with_wait_does_not_block_the_loop(self):
        import threading
        result = {}
        t = threading.Thread(target=lambda: result.update(
            msg=self.action('processname=slow&action=start')))
        t0 = time.time()
        t.start()
        deadline = time.time() + 10
        while self.state('slow') == 'STOPPED':  # svcd answers RPC while the action waits
            self.assertLess(time.time(), deadline)
            time.sleep(0.02)
        if self.state('slow') == 'STARTING':
            self.assertTrue(t.is_alive())  # the redirect waits for startsecs
            self.assertEqual(self.d.request('GET', '/ok.html')[2], b'OK')
        t.join(30)
        self.assertEqual(result['msg'], 'Process slow started')
        self.assertGreaterEqual(time.time() - t0, 1.9)  # startsecs=2 was waited for
        self.assertEqual(self.state('slow'), 'RUNNING')
        self.assertEqual(self.action('processname=slow&action=stop'), 'Process slow stopped')

    def test_all_actions(self):
        self.assertRegex(self.action('action=stopall'), '^All stopped at %s$' % CTIME)
        self.assertEqual(self.state('runner'), 'STOPPED')
        self.assertRegex(self.action('action=restartall'), '^All restarted at %s$' % CTIME)
        self.assertEqual(self.state('runner'), 'RUNNING')

    def test_bad_actions_are_400(self):
        # supervisord answers these with a 500 (ValueError); svcd with a clear 400
        self.assertEqual(self.d.request('GET', '/index.html?action=bogus&processname=runner')[0],
                         400)
        self.assertEqual(self.d.request('GET', '/index.html?action=start')[0], 400)
        self.assertEqual(self.state('runner'), 'RUNNING')

    def test_tail_page(self):
        self.rpc.supervisor.sendProcessStdin('runner', 'a' * 3000 + '\n<tail-me>\n')
        deadline = time.time() + 10
        while '<tail-me>' not in self.rpc.supervisor.readProcessStdoutLog('runner', 0, 0):
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        status, hdrs, body = self.d.request('GET', '/tail.html?processname=runner&limit=10')
        self.assertEqual((status, hdrs['content-type']), (200, UI_HEADERS['content-type']))
        page = body.decode()
        self.assertIn('<title>Supervisor tail of process runner</title>', page)
        pre = page[page.index('<pre>') + 5:page.index('</pre>')]
        self.assertEqual(len(pre.replace('&lt;', '<').replace('&gt;', '>')), 1024)
        self.assertTrue(pre.endswith('&lt;tail-me&gt;\n'))
        self.assertIn('tail.html?processname=runner&amp;limit=1024', page)
        page = self.d.request('GET', '/tail.html?processname=runner&limit=2000')[2].decode()
        self.assertIn('limit=2000', page)
        page = self.d.request('GET', '/tail.html')[2].decode()
        self.assertIn('Supervisor tail of process None', page)
        self.assertIn('<pre>No process name found</pre>', page)
        self.assertNotIn('limit=', page)
        page = self.d.request('GET', '/tail.html?processname=quiet')[2].decode()
        self.assertIn('<pre>No file for quiet</pre>', page)
        page = self.d.request('GET', '/tail.html?processname=nosuch')[2].decode()
        self.assertIn('<pre>ERROR: unexpected rpc fault [10] BAD_NAME: nosuch</pre>', page)

    def test_ok_static_and_404(self):
        status, hdrs, body = self.d.request('GET', '/ok.html')
        self.assertEqual((status, hdrs['content-type'], body), (200, 'text/plain', b'OK'))
        self.assertEqual(self.d.request('POST', '/ok.html', b'x=1')[2], b'OK')
        css = self.d.request('GET', '/stylesheets/supervisor.css')
        self.assertEqual((css[0], css[1]['content-type']), (200, 'text/css'))
        self.assertIn(b'.statusrunning', css[2])
        for name, magic in (('icon.png', b'\x89PNG'), ('rule.gif', b'GIF89a'),
                            ('state0.gif', b'GIF89a'), ('state1.gif', b'GIF89a'),
                            ('state2.gif', b'GIF89a'), ('state3.gif', b'GIF89a'),
                            ('supervisor.gif', b'GIF89a')):
            status, hdrs, body = self.d.request('GET', '/images/' + name)
            self.assertEqual(status, 200, name)
            self.assertEqual(hdrs['content-type'], 'image/' + name[-3:])
            self.assertTrue(body.startswith(magic), name)
            self.assertEqual(int(hdrs['content-length']), len(body))
        for url in ('/nope', '/images/nope.gif', '/index.htm', '/RPC', '/stylesheets/'):
            status, hdrs, body = self.d.request('GET', url)
            self.assertEqual(status, 404, url)
            self.assertIn(b'<p>Error code 404.\r\n<p>Message: Not Found.', body)

    def test_auth_guards_everything(self):
        for url in ('/', '/index.html?action=stopall', '/tail.html?processname=runner',
                    '/ok.html', '/images/icon.png', '/nope'):
            status, hdrs, _ = self.d.request('GET', url, auth=False)
            self.assertEqual(status, 401, url)
            self.assertEqual(hdrs['www-authenticate'], 'Basic realm="default"')
        self.assertEqual(self.state('runner'), 'RUNNING')
        # the unix socket server has no credentials: the UI answers there without any
        import socket
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.d.path('sv.sock'))
            s.sendall(b'GET /ok.html HTTP/1.0\r\n\r\n')
            data = b''
            while chunk := s.recv(4096):
                data += chunk
        self.assertTrue(data.startswith(b'HTTP/1.0 200') or data.startswith(b'HTTP/1.1 200'))
        self.assertTrue(data.endswith(b'\r\n\r\nOK'))


class EmptyWebUiTest(unittest.TestCase):
    def test_no_programs(self):
        d = Svcd(SVCD, '')
        try:
            page = d.request('GET', '/')[2].decode()
            self.assertIn('No programs to manage', page)
            self.assertNotIn('<table', page)
        finally:
            d.stop()


if __name__ == '__main__':
    unittest.main(verbosity=2)
