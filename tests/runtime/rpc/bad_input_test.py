#!/usr/bin/python3
"""Bad input against svcd's HTTP/XML-RPC servers: svcd stays up and every other client is
unaffected. A well-behaved client (a thread calling supervisor.getState over TCP with
credentials and over the unix socket, every 20 ms) runs during every attack; each of its calls
must succeed within PROMPT seconds. Attacks: malformed XML, a 100 MB body, 100k nested arrays
(and structs), wrong types, unknown methods, wrong auth, 1,000 connections held open, and
slowloris clients sending one byte a second.

usage: bad_input_test.py SVCD"""
import base64
import os
import socket
import sys
import tempfile
import threading
import time
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'compat'))
from svtest import Daemon, free_port, inet_proxy, unix_proxy  # noqa: E402

PROMPT = 2.0  # seconds; generous for ASan on a loaded 2-core machine
AUTH = b'Authorization: Basic ' + base64.b64encode(b'user:secret') + b'\r\n'
CONFIG = """
[unix_http_server]
file=%(here)s/sv.sock

[inet_http_server]
port=127.0.0.1:{port}
username=user
password=secret

[supervisord]
logfile=%(here)s/sv.log
pidfile=%(here)s/sv.pid
childlogdir=%(here)s
nodaemon=true
minfds=4096

[program:sleeper]
command=sleep 1000
startsecs=0
"""


class Watcher(threading.Thread):
    """The well-behaved client."""

    def __init__(self, port, sock):
        super().__init__(daemon=True)
        self.port, self.sock = port, sock
        self.lock = threading.Lock()
        self.errors, self.slowest, self.calls = [], 0.0, 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            for name, proxy in (('tcp', inet_proxy(self.port, 'user', 'secret')),
                                ('unix', unix_proxy(self.sock, 30))):
                started = time.monotonic()
                try:
                    state = proxy.supervisor.getState()['statename']
                    ok = state == 'RUNNING'
                except Exception as e:  # noqa: BLE001 - every failure counts
                    ok, state = False, repr(e)
                took = time.monotonic() - started
                with self.lock:
                    self.calls += 1
                    self.slowest = max(self.slowest, took)
                    if not ok or took > PROMPT:
                        self.errors.append('%s: %s after %.2f s' % (name, state, took))
            time.sleep(0.02)

    def take(self):
        with self.lock:
            result = (self.errors, self.slowest, self.calls)
            self.errors, self.slowest, self.calls = [], 0.0, 0
        return result


def raw(port, data, timeout=60, read=True):
    with socket.create_connection(('127.0.0.1', port), timeout=timeout) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        answer = b''
        while read:
            try:
                chunk = s.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            answer += chunk
    return answer


def post(body, length=None):
    length = len(body) if length is None else length
    return (b'POST /RPC2 HTTP/1.0\r\n' + AUTH + b'Content-Type: text/xml\r\n' +
            b'Content-Length: %d\r\n\r\n' % length + body)


def status(answer):
    return answer.split(b'\r\n', 1)[0]


def call_xml(method, params_xml):
    return (b"<?xml version='1.0'?><methodCall><methodName>" + method + b'</methodName><params>' +
            params_xml + b'</params></methodCall>')


class Test:
    def __init__(self, svcd):
        self.tmp = tempfile.TemporaryDirectory(prefix='rpc-bad-input-')
        self.port = free_port()
        conf = os.path.join(self.tmp.name, 'sv.conf')
        with open(conf, 'w') as f:
            f.write(CONFIG.replace('{port}', str(self.port)))
        self.daemon = Daemon('svcd', svcd, conf, os.path.join(self.tmp.name, 'sv.sock'))
        self.failures = []

    def expect(self, what, condition, detail=''):
        if not condition:
            self.failures.append(what)
            print('FAIL %s %s' % (what, detail))

    def attack(self, name, fn):
        started = time.monotonic()
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            self.expect(name, False, 'raised %r' % e)
        time.sleep(0.3)
        errors, slowest, calls = self.watcher.take()
        alive = self.daemon.alive()
        self.expect(name + ': svcd alive', alive)
        self.expect(name + ': other client answered', not errors and calls > 0,
                    '%d calls, errors %s' % (calls, errors[:3]))
        print('%s %s (%.1f s; other client: %d calls, slowest %.3f s)' % (
            'ok  ' if alive and not errors else 'FAIL', name, time.monotonic() - started, calls,
            slowest))

    def malformed_xml(self):
        for body in (b'hello', b'<?xml version="1.0"?>', b'<methodCall><methodName>',
                     b'<methodCall></methodCall>', b'\x00\xff' * 100,
                     b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;'
                     b'&a;&a;&a;">]><methodCall><methodName>&b;</methodName></methodCall>',
                     call_xml(b'supervisor.getPID', b'<param><value><int>abc</int></value>'
                              b'</param>')):
            answer = raw(self.port, post(body))
            self.expect('malformed %r: 400 or fault' % body[:30],
                        b' 400 ' in status(answer) or b'<fault>' in answer, status(answer))

    def huge_body(self):
        """100 MB: refused with 413 as soon as the headers say so; and a body that lies about
        its length is cut at the limit."""
        with socket.create_connection(('127.0.0.1', self.port), timeout=60) as s:
            s.sendall(post(b'', 100 * 1024 * 1024))
            sent = 0
            try:
                chunk = b'<' * 65536
                while sent < 100 * 1024 * 1024:
                    s.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            answer = s.recv(1024)
        self.expect('100 MB: 413', b' 413 ' in status(answer), status(answer))

    def nested(self):
        depth = 100000
        arrays = (b'<value><array><data>' * depth + b'<value><int>1</int></value>' +
                  b'</data></array></value>' * depth)
        answer = raw(self.port, post(call_xml(b'supervisor.getPID', b'<param>' + arrays +
                                              b'</param>')))
        self.expect('100k nested arrays: 400 or fault', b' 400 ' in status(answer) or
                    b'<fault>' in answer, status(answer))
        structs = (b'<value><struct><member><name>a</name>' * depth + b'<value>x</value>' +
                   b'</member></struct></value>' * depth)
        answer = raw(self.port, post(call_xml(b'supervisor.getPID', b'<param>' + structs +
                                              b'</param>')))
        self.expect('100k nested structs: 400 or fault', b' 400 ' in status(answer) or
                    b'<fault>' in answer, status(answer))
        wide = b'<value><array><data>' + b'<value><int>1</int></value>' * 5000 + \
            b'</data></array></value>'
        answer = raw(self.port, post(call_xml(b'system.multicall', b'<param>' + wide +
                                              b'</param>')))
        self.expect('5k-element multicall: answered', b' 200 ' in status(answer),
                    status(answer))

    def wrong_types(self):
        proxy = unix_proxy(self.daemon.sock, 30)
        for method, args in (('supervisor.getProcessInfo', (1,)),
                             ('supervisor.readLog', ('x', 'y')),
                             ('supervisor.startProcess', ('sleeper', 'maybe')),
                             ('supervisor.signalProcess', ('sleeper', [1])),
                             ('supervisor.sendProcessStdin', ('sleeper', {'a': 1})),
                             ('supervisor.readLog', (2 ** 31 - 1, 2 ** 31 - 1)),
                             ('supervisor.readLog', (-2 ** 31, 0)),
                             ('system.multicall', ([1, 'x', None and 1 or [], {}],)),
                             ('system.methodHelp', (b'bytes',))):
            try:
                getattr(proxy, method)(*args)
            except xmlrpc.client.Fault:
                pass
        for value in (b'<i8>9223372036854775807</i8>', b'<int>99999999999999999999</int>',
                      b'<boolean>2</boolean>', b'<double>1e999</double>', b'<nil/>',
                      b'<base64>!!!</base64>', b'<dateTime.iso8601>bogus</dateTime.iso8601>',
                      b'<struct><member><value>1</value></member></struct>'):
            answer = raw(self.port, post(call_xml(b'supervisor.getProcessInfo',
                                                  b'<param><value>' + value +
                                                  b'</value></param>')))
            self.expect('type %r: answered' % value, b' 200 ' in status(answer) or
                        b' 400 ' in status(answer), status(answer))

    def unknown_methods(self):
        proxy = unix_proxy(self.daemon.sock, 30)
        for name in ('nosuch', 'a.b.c', 'supervisor.', '.x', 'supervisor._dispatch',
                     'supervisor.' + 'x' * 100000, 'system.multicall.x', '\u00e9.\u00e9'):
            try:
                getattr(proxy, name)()
                self.expect('unknown method %r: fault' % name[:20], False)
            except xmlrpc.client.Fault as f:
                self.expect('unknown method %r: fault 1' % name[:20], f.faultCode == 1)

    def wrong_auth(self):
        for header in (b'', b'Authorization: Basic ' + base64.b64encode(b'user:wrong') + b'\r\n',
                       b'Authorization: Basic !!!\r\n', b'Authorization: Bearer x\r\n',
                       b'Authorization: Basic ' + base64.b64encode(b'x' * 10000) + b'\r\n',
                       b'Authorization: Basic\r\n'):
            for _ in range(50):
                answer = raw(self.port, b'POST /RPC2 HTTP/1.0\r\n' + header +
                             b'Content-Length: 0\r\n\r\n')
            self.expect('auth %r: 401 or 400' % header[:30], b' 401 ' in status(answer) or
                        b' 400 ' in status(answer), status(answer))

    def many_connections(self):
        socks = []
        try:
            for _ in range(1000):
                socks.append(socket.create_connection(('127.0.0.1', self.port), timeout=10))
            # the well-behaved client gets its answers while all of them are held open
            time.sleep(2)
            errors = self.watcher.errors[:]
            self.expect('1,000 connections held: other client answered', not errors, errors[:3])
            # and some of the 1,000 still get a real answer
            for s in socks[:5] + socks[-5:]:
                s.sendall(post(call_xml(b'supervisor.getAPIVersion', b'')))
            answered = 0
            for s in socks[:5] + socks[-5:]:
                try:
                    answered += b' 200 ' in status(s.recv(4096))
                except OSError:
                    pass
            print('     of 10 held connections asked, %d answered' % answered)
        finally:
            for s in socks:
                s.close()

    def slowloris(self):
        """Ten clients sending a request one byte a second, for 5 s; meanwhile the other client
        is answered. Then one finishes its request slowly and must get its answer."""
        request = post(call_xml(b'supervisor.getAPIVersion', b''))
        socks = [socket.create_connection(('127.0.0.1', self.port), timeout=10)
                 for _ in range(10)]
        try:
            for i in range(5):
                for s in socks:
                    s.sendall(request[i:i + 1])
                time.sleep(1)
            socks[0].sendall(request[5:])
            self.expect('slowloris: the slow request is answered',
                        b' 200 ' in status(socks[0].recv(4096)))
        finally:
            for s in socks:
                s.close()

    def run(self):
        self.daemon.start()
        fds_before = len(os.listdir('/proc/%d/fd' % self.daemon.pid))
        self.watcher = Watcher(self.port, self.daemon.sock)
        self.watcher.start()
        try:
            for name in ('malformed_xml', 'huge_body', 'nested', 'wrong_types', 'unknown_methods',
                         'wrong_auth', 'many_connections', 'slowloris'):
                self.attack(name, getattr(self, name))
            self.watcher.stopping.set()
            self.watcher.join()
            time.sleep(0.5)
            fds_after = len(os.listdir('/proc/%d/fd' % self.daemon.pid))
            self.expect('no fd leak (%d before, %d after)' % (fds_before, fds_after),
                        fds_after <= fds_before)
            self.expect('still answers', unix_proxy(self.daemon.sock, 30)
                        .supervisor.getState()['statename'] == 'RUNNING')
        finally:
            self.daemon.stop()
            self.tmp.cleanup()
        print('%d failures' % len(self.failures))
        return 1 if self.failures else 0


if __name__ == '__main__':
    sys.exit(Test(os.path.abspath(sys.argv[1])).run())
