#!/usr/bin/python3
"""svcd's own HTTP/1.1 server on the wire: keep-alive and pipelined requests answered in order,
HTTP/1.0 and Connection: close, HEAD, Expect: 100-continue (as curl sends it), chunked request
bodies, malformed and oversized heads answered with a clear status, a streamed tail to an
HTTP/1.0 client, ASan-clean shutdown with tails open, and no gnutls/microhttpd in svcd.

usage: http_server_test.py SVCD"""
import os
import shutil
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svcd_fixture import AUTH, Svcd  # noqa: E402

SVCD = None
PROGRAMS = """
[program:echo]
command=sh -c 'echo hello; exec sleep 1000'
startsecs=0
"""
CALL = (b"<?xml version='1.0'?><methodCall><methodName>supervisor.getAPIVersion</methodName>"
        b"<params></params></methodCall>")
HEAD = b'Authorization: ' + AUTH.encode() + b'\r\n'


def rpc_request(version=b'1.1', extra=b''):
    return (b'POST /RPC2 HTTP/' + version + b'\r\nHost: x\r\n' + HEAD + extra +
            b'Content-Length: %d\r\n\r\n' % len(CALL) + CALL)


def read_responses(sock, count, timeout=10):
    """Reads `count` Content-Length-framed responses; returns [(status line, headers, body)]."""
    sock.settimeout(timeout)
    data, out = b'', []
    while len(out) < count:
        while b'\r\n\r\n' not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return out
            data += chunk
        head, _, data = data.partition(b'\r\n\r\n')
        lines = head.decode('latin-1').split('\r\n')
        headers = {k.strip().lower(): v.strip()
                   for k, _, v in (line.partition(':') for line in lines[1:])}
        length = int(headers.get('content-length', 0))
        while len(data) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        out.append((lines[0], headers, data[:length]))
        data = data[length:]
    return out


def read_all(sock, timeout=10):
    sock.settimeout(timeout)
    data = b''
    while True:
        try:
            chunk = sock.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def multicall_body(calls):
    """A system.multicall of `calls` getAPIVersion calls, as raw XML."""
    one = (b'<value><struct><member><name>methodName</name><value>'
           b'supervisor.getAPIVersion</value></member><member><name>params'
           b'</name><value><array><data></data></array></value></member>'
           b'</struct></value>')
    return (b"<?xml version='1.0'?><methodCall><methodName>system.multicall</methodName>"
            b'<params><param><value><array><data>' + one * calls +
            b'</data></array></value></param></params></methodCall>')


class HttpServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Svcd(SVCD, PROGRAMS)
        deadline = time.time() + 20
        while time.time() < deadline:
            if cls.d.rpc().supervisor.getProcessInfo('echo')['statename'] == 'RUNNING':
                break
            time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        cls.d.stop()

    def connect(self):
        return socket.create_connection(('127.0.0.1', self.d.port), timeout=10)

    def test_pipelined_requests_are_answered_in_order(self):
        with self.connect() as s:
            s.sendall(rpc_request() + b'GET /nothing-here HTTP/1.1\r\nHost: x\r\n' + HEAD +
                      b'\r\n' + rpc_request())
            answers = read_responses(s, 3)
        self.assertEqual([a[0] for a in answers],
                         ['HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found', 'HTTP/1.1 200 OK'])
        self.assertIn(b'<string>3.0</string>', answers[2][2])
        self.assertNotIn('connection', answers[0][1])

    def test_request_sent_while_a_large_answer_waits(self):
        body = multicall_body(30000)
        with socket.socket(socket.AF_UNIX) as s:  # a small socket buffer, unlike loopback TCP
            s.settimeout(10)
            s.connect(self.d.path('sv.sock'))
            s.sendall(b'POST /RPC2 HTTP/1.1\r\nHost: x\r\n' + HEAD +
                      b'Content-Length: %d\r\n\r\n' % len(body) + body)
            s.settimeout(60)
            s.recv(1, socket.MSG_PEEK)  # the answer has begun
            time.sleep(0.5)  # and (a megabyte) fills the socket: svcd waits to write
            s.sendall(rpc_request())
            time.sleep(0.3)
            answers = read_responses(s, 2, timeout=30)
        self.assertEqual([a[0] for a in answers], ['HTTP/1.1 200 OK'] * 2)
        self.assertEqual(answers[0][2].count(b'<string>3.0</string>'), 30000)
        self.assertIn(b'<string>3.0</string>', answers[1][2])

    def test_keep_alive_and_connection_close(self):
        with self.connect() as s:
            for _ in range(3):
                s.sendall(rpc_request())
                self.assertEqual(read_responses(s, 1)[0][0], 'HTTP/1.1 200 OK')
            s.sendall(rpc_request(extra=b'Connection: close\r\n'))
            status, headers, _ = read_responses(s, 1)[0]
            self.assertEqual(headers['connection'], 'close')
            self.assertEqual(read_all(s), b'')  # and the server closes

    def test_http_1_0_closes_after_the_answer(self):
        with self.connect() as s:
            s.sendall(rpc_request(b'1.0'))
            answer = read_all(s)
        self.assertTrue(answer.startswith(b'HTTP/1.1 200 OK\r\n'), answer[:40])
        self.assertIn(b'\r\nConnection: close\r\n', answer)
        self.assertTrue(answer.rstrip().endswith(b'</methodResponse>'), answer[-40:])

    def test_head_has_headers_only(self):
        with self.connect() as s:
            s.sendall(b'HEAD /stylesheets/supervisor.css HTTP/1.1\r\nHost: x\r\n' + HEAD +
                      b'\r\n' + rpc_request(extra=b'Connection: close\r\n'))
            data = read_all(s)
        head, _, rest = data.partition(b'\r\n\r\n')
        self.assertTrue(head.startswith(b'HTTP/1.1 200 OK\r\n'), head)
        self.assertIn(b'Content-Type: text/css', head)
        self.assertNotIn(b'Content-Length: 0\r\n', head + b'\r\n')
        # no body: the next answer follows the head at once
        self.assertTrue(rest.startswith(b'HTTP/1.1 200 OK\r\n'), rest[:40])

    def test_expect_100_continue(self):
        with self.connect() as s:
            s.sendall(b'POST /RPC2 HTTP/1.1\r\nHost: x\r\n' + HEAD +
                      b'Expect: 100-continue\r\nContent-Length: %d\r\n\r\n' % len(CALL))
            s.settimeout(10)
            self.assertEqual(s.recv(1024), b'HTTP/1.1 100 Continue\r\n\r\n')
            s.sendall(CALL)
            self.assertEqual(read_responses(s, 1)[0][0], 'HTTP/1.1 200 OK')

    def test_expect_100_continue_refused_without_auth(self):
        with self.connect() as s:
            s.sendall(b'POST /RPC2 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n'
                      b'Content-Length: 1000000\r\n\r\n')
            status, headers, _ = read_responses(s, 1)[0]
        self.assertEqual(status, 'HTTP/1.1 401 Unauthorized')
        self.assertEqual(headers['www-authenticate'], 'Basic realm="default"')

    @unittest.skipUnless(shutil.which('curl'), 'no curl')
    def test_curl_posts_a_large_body(self):
        # curl sends Expect: 100-continue for bodies over 1 MB; a multicall of 20k calls is one.
        body = multicall_body(6000)
        self.assertGreater(len(body), 1024 * 1024)
        path = self.d.path('big.xml')
        with open(path, 'wb') as f:
            f.write(body)
        out = subprocess.run(['curl', '-sS', '-v', '--data-binary', '@' + path, '-H',
                              'Content-Type: text/xml', '-u', 'user:secret',
                              'http://127.0.0.1:%d/RPC2' % self.d.port],
                             capture_output=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr[-500:])
        self.assertIn(b'HTTP/1.1 100 Continue', out.stderr)
        self.assertEqual(out.stdout.count(b'<string>3.0</string>'), 6000)

    def test_chunked_request_body(self):
        half = len(CALL) // 2
        body = b'%x\r\n%s\r\n%x;ext\r\n%s\r\n0\r\n\r\n' % (half, CALL[:half], len(CALL) - half,
                                                       CALL[half:])
        with self.connect() as s:
            s.sendall(b'POST /RPC2 HTTP/1.1\r\nHost: x\r\n' + HEAD +
                      b'Transfer-Encoding: chunked\r\n\r\n' + body + rpc_request())
            answers = read_responses(s, 2)
        self.assertEqual([a[0] for a in answers], ['HTTP/1.1 200 OK'] * 2)
        self.assertIn(b'<string>3.0</string>', answers[0][2])

    def test_bad_heads_get_a_clear_status_and_close(self):
        cases = [
            (b'GARBAGE\r\n\r\n', b' 400 '),
            (b'GET / HTTP/2.0\r\n\r\n', b' 505 '),
            (b'GET /\x00 HTTP/1.1\r\n\r\n', b' 400 '),
            (b'GET / HTTP/1.1\r\nX: ' + b'a' * 70000 + b'\r\n\r\n', b' 431 '),
            (b'POST /RPC2 HTTP/1.1\r\n' + HEAD + b'Content-Length: 99999999999999999999\r\n\r\n',
             b' 400 '),
            (b'POST /RPC2 HTTP/1.1\r\n' + HEAD + b'Content-Length: 20000000\r\n\r\n', b' 413 '),
            (b'POST /RPC2 HTTP/1.1\r\n' + HEAD + b'Content-Length: 3\r\n'
             b'Transfer-Encoding: chunked\r\n\r\n', b' 400 '),
            (b'POST /RPC2 HTTP/1.1\r\n' + HEAD + b'Transfer-Encoding: chunked\r\n\r\nzz\r\n',
             b' 400 '),
            # A POST without a length has an empty body: answered, and the connection stays.
            (b'POST /RPC2 HTTP/1.1\r\n' + HEAD + b'Connection: close\r\n\r\n', b' 411 '),
        ]
        for request, status in cases:
            with self.connect() as s:
                s.sendall(request)
                answer = read_all(s)
            self.assertIn(status, answer.split(b'\r\n', 1)[0], request[:40])
            self.assertIn(b'Connection: close', answer, request[:40])

    def test_tail_to_an_http_1_0_client_is_not_chunked(self):
        with self.connect() as s:
            s.sendall(b'GET /logtail/echo HTTP/1.0\r\n' + HEAD + b'\r\n')
            s.settimeout(10)
            data = b''
            while b'hello' not in data:
                chunk = s.recv(4096)
                self.assertTrue(chunk)
                data += chunk
        head, _, body = data.partition(b'\r\n\r\n')
        self.assertNotIn(b'Transfer-Encoding', head)
        self.assertEqual(body, b'hello\n')

    def test_shutdown_with_tails_open(self):
        d = Svcd(SVCD, PROGRAMS)
        socks = []
        try:
            time.sleep(0.5)
            for _ in range(5):
                s = socket.create_connection(('127.0.0.1', d.port), timeout=10)
                s.sendall(b'GET /mainlogtail HTTP/1.1\r\nHost: x\r\n' + HEAD + b'\r\n')
                socks.append(s)
            self.assertEqual(read_responses(socks[0], 1)[0][0], 'HTTP/1.1 200 OK')
            time.sleep(0.3)
        finally:
            d.proc.terminate()
            code = d.proc.wait(30)
            for s in socks:
                s.close()
            d.stop()
        self.assertEqual(code, 0)  # ASan reports (leaks) would make it non-zero

    def test_no_tls_libraries_in_svcd(self):
        out = subprocess.run(['ldd', SVCD], capture_output=True, text=True).stdout
        for library in ('microhttpd', 'gnutls', 'nettle', 'p11-kit'):
            self.assertNotIn(library, out)


if __name__ == '__main__':
    SVCD = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
