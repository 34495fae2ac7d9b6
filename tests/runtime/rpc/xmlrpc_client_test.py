#!/usr/bin/python3
"""svcd's XML-RPC over its unix and inet servers, driven by Python's xmlrpc.client (the client
supervisorctl uses) and by /usr/bin/supervisorctl itself. Usage: xmlrpc_client_test.py SVCD."""
import base64
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'compat'))
from svtest import UnixTransport, free_port  # noqa: E402

SVCD = sys.argv.pop(1) if len(sys.argv) > 1 else 'svcd'
CONFIG = """
[unix_http_server]
file={d}/sv.sock

[inet_http_server]
port=127.0.0.1:{port}
username=user
password={{SHA}}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4

[supervisord]
logfile={d}/sv.log
pidfile={d}/sv.pid
childlogdir={d}
nodaemon=true
identifier=rpctest

[supervisorctl]
serverurl=unix://{d}/sv.sock

[program:sleeper]
command=sleep 1000
startsecs=0

[program:slow]
command=sleep 1000
startsecs=1
autostart=false

[program:quick]
command=/bin/false
autostart=false
startretries=0

[program:noexist]
command=/nonexistent/binary
autostart=false

[program:cat]
command=cat
startsecs=0

[program:binary]
command=printf '\\377\\376 ok\\n'
autostart=false
startsecs=0
autorestart=false

[group:grp]
programs=a,b

[program:a]
command=sleep 1000
startsecs=0

[program:b]
command=sleep 1000
startsecs=0
autostart=false
"""


class SvcdRpcTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        cls.port = free_port()
        cls.conf = os.path.join(cls.dir, 'sv.conf')
        with open(cls.conf, 'w') as f:
            f.write(CONFIG.format(d=cls.dir, port=cls.port))
        cls.proc = subprocess.Popen([SVCD, '-c', cls.conf], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while not os.path.exists(os.path.join(cls.dir, 'sv.sock')):
            if time.time() > deadline or cls.proc.poll() is not None:
                raise RuntimeError('svcd did not start')
            time.sleep(0.05)

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.send_signal(signal.SIGTERM)
            try:
                cls.proc.wait(20)
            except subprocess.TimeoutExpired:
                cls.proc.kill()
                cls.proc.wait()
        cls.tmp.cleanup()

    def unix(self):
        return xmlrpc.client.ServerProxy('http://localhost', transport=UnixTransport(
            os.path.join(self.dir, 'sv.sock')))

    def inet(self, user='user', password='secret'):
        auth = '%s:%s@' % (user, password) if user else ''
        return xmlrpc.client.ServerProxy('http://%s127.0.0.1:%d/RPC2' % (auth, self.port))

    def assertFault(self, code, text, call, *args):
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            call(*args)
        self.assertEqual(cm.exception.faultCode, code)
        if text is not None:
            self.assertEqual(cm.exception.faultString, text)

    def assertAlive(self):
        self.assertIsNone(self.proc.poll())
        self.assertEqual(self.unix().supervisor.getState()['statename'], 'RUNNING')

    def raw(self, request):
        with socket.create_connection(('127.0.0.1', self.port)) as s:
            s.sendall(request)
            s.shutdown(socket.SHUT_WR)
            data = b''
            while chunk := s.recv(65536):
                data += chunk
        return data

    def ctl(self, *args):
        r = subprocess.run(['/usr/bin/supervisorctl', '-c', self.conf] + list(args),
                           capture_output=True, text=True, timeout=60)
        return r.returncode, r.stdout

    # --- identity and state, over both transports
    def test_identity(self):
        for s in (self.unix(), self.inet()):
            self.assertEqual(s.supervisor.getAPIVersion(), '3.0')
            self.assertEqual(s.supervisor.getVersion(), '3.0')
            self.assertEqual(s.supervisor.getSupervisorVersion(), '4.2.5')
            self.assertEqual(s.supervisor.getIdentification(), 'rpctest')
            self.assertEqual(s.supervisor.getState(), {'statecode': 1, 'statename': 'RUNNING'})
            self.assertEqual(s.supervisor.getPID(), self.proc.pid)

    def test_process_info(self):
        s = self.unix()
        info = s.supervisor.getProcessInfo('sleeper')
        self.assertEqual(set(info), {'name', 'group', 'start', 'stop', 'now', 'state', 'statename',
                                     'spawnerr', 'exitstatus', 'logfile', 'stdout_logfile',
                                     'stderr_logfile', 'pid', 'description'})
        self.assertEqual(info['statename'], 'RUNNING')
        self.assertTrue(info['description'].startswith('pid %d, uptime ' % info['pid']))
        names = [(i['group'], i['name']) for i in s.supervisor.getAllProcessInfo()]
        self.assertEqual(names, sorted(names))
        self.assertFault(10, 'BAD_NAME: grp', s.supervisor.getProcessInfo, 'grp')
        self.assertFault(10, 'BAD_NAME: nosuch', s.supervisor.getProcessInfo, 'nosuch')
        configs = s.supervisor.getAllConfigInfo()
        self.assertEqual([c['name'] for c in configs], sorted(c['name'] for c in configs))
        self.assertEqual(configs[0]['stopsignal'], 15)

    # --- faults 1 and 2
    def test_unknown_method_and_bad_params(self):
        s = self.unix()
        self.assertFault(1, 'UNKNOWN_METHOD', s.supervisor.nosuch)
        self.assertFault(1, 'UNKNOWN_METHOD', s.supervisor._update, 'x')
        self.assertFault(1, 'UNKNOWN_METHOD', s.system.shutdown)
        self.assertFault(1, 'UNKNOWN_METHOD', getattr(s, 'a.b.c'))
        self.assertFault(2, 'INCORRECT_PARAMETERS', s.supervisor.getPID, 1)
        self.assertFault(2, 'INCORRECT_PARAMETERS', s.supervisor.startProcess)
        self.assertFault(2, 'INCORRECT_PARAMETERS', s.supervisor.readLog, 'a', 0)

    # --- start / stop / signal
    def test_start_stop(self):
        s = self.unix()
        self.assertTrue(s.supervisor.startProcess('slow'))  # waits ≥ startsecs
        self.assertEqual(s.supervisor.getProcessInfo('slow')['statename'], 'RUNNING')
        self.assertFault(60, 'ALREADY_STARTED: slow', s.supervisor.startProcess, 'slow')
        self.assertTrue(s.supervisor.stopProcess('slow'))
        self.assertEqual(s.supervisor.getProcessInfo('slow')['statename'], 'STOPPED')
        self.assertFault(70, 'NOT_RUNNING: slow', s.supervisor.stopProcess, 'slow')
        self.assertFault(20, "NO_FILE: can't find command '/nonexistent/binary'",
                         s.supervisor.startProcess, 'noexist')
        self.assertFault(10, 'BAD_NAME: nosuch', s.supervisor.startProcess, 'nosuch')
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            s.supervisor.startProcess('quick')
        self.assertIn(cm.exception.faultCode, (40, 50))

    def test_groups(self):
        s = self.unix()
        result = s.supervisor.startProcessGroup('grp')
        self.assertEqual(result, [{'name': 'b', 'group': 'grp', 'status': 80,
                                   'description': 'OK'}])
        stopped = s.supervisor.stopProcess('grp:*')
        self.assertEqual(sorted(r['name'] for r in stopped), ['a', 'b'])
        self.assertFault(10, 'BAD_NAME: nogrp', s.supervisor.startProcessGroup, 'nogrp')
        self.assertEqual(len(s.supervisor.startProcessGroup('grp', False)), 2)

    def test_signals(self):
        s = self.unix()
        self.assertFault(11, 'BAD_SIGNAL: BOGUS', s.supervisor.signalProcess, 'sleeper', 'BOGUS')
        self.assertTrue(s.supervisor.signalProcess('sleeper', 'WINCH'))
        self.assertTrue(s.supervisor.signalProcess('sleeper', '28'))
        self.assertFault(70, 'NOT_RUNNING: slow', s.supervisor.signalProcess, 'slow', 'HUP')
        results = s.supervisor.signalAllProcesses('WINCH')
        self.assertTrue(all(r['status'] == 80 for r in results))
        self.assertTrue(s.supervisor.signalProcessGroup('grp', 'WINCH') is not None)

    # --- logs
    def test_logs(self):
        s = self.inet()
        main = s.supervisor.readLog(0, 0)
        self.assertIn('supervisord started with pid', main)
        self.assertEqual(s.supervisor.readLog(-10, 0), main[-10:])
        self.assertFault(3, 'BAD_ARGUMENTS', s.supervisor.readLog, -1, 5)
        self.assertFault(3, 'BAD_ARGUMENTS', s.supervisor.readLog, 0, -1)
        self.assertTrue(s.supervisor.sendProcessStdin('cat', 'hello stdin\n'))
        deadline = time.time() + 5
        while 'hello stdin' not in s.supervisor.readProcessStdoutLog('cat', 0, 0):
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        data, offset, overflow = s.supervisor.tailProcessStdoutLog('cat', 0, 5)
        self.assertEqual((data, overflow), ('tdin\n', True))
        self.assertEqual(s.supervisor.tailProcessLog('cat', offset, 100), ['', offset, False])
        self.assertEqual(s.supervisor.readProcessStderrLog('cat', 0, 0), '')
        self.assertTrue(s.supervisor.clearProcessLogs('cat'))
        self.assertEqual(s.supervisor.readProcessLog('cat', 0, 0), '')
        self.assertFault(10, 'BAD_NAME: nosuch', s.supervisor.readProcessStdoutLog, 'nosuch', 0, 0)
        self.assertFault(2, None, s.supervisor.sendProcessStdin, 'cat', 5)
        self.assertFault(70, 'NOT_RUNNING: slow', s.supervisor.sendProcessStdin, 'slow', 'x')
        results = s.supervisor.clearAllProcessLogs()
        self.assertTrue(all(r['status'] == 80 for r in results))

    def test_invalid_utf8_log_is_answered(self):
        s = self.unix()
        s.supervisor.startProcess('binary', False)
        deadline = time.time() + 5
        while 'ok' not in s.supervisor.readProcessStdoutLog('binary', 0, 0):
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        self.assertEqual(s.supervisor.readProcessStdoutLog('binary', 0, 0), '\ufffd\ufffd ok\n')
        self.assertEqual(s.supervisor.tailProcessStdoutLog('binary', 0, 100)[0], '\ufffd\ufffd ok\n')

    # --- system.*
    def test_system(self):
        s = self.unix()
        methods = s.system.listMethods()
        self.assertEqual(len(methods), 41)
        self.assertEqual(methods, sorted(methods))
        self.assertNotIn('system.shutdown', methods)
        self.assertEqual(s.system.methodSignature('supervisor.startProcess'),
                         ['boolean', 'string', 'boolean'])
        self.assertIn('@param string name', s.system.methodHelp('supervisor.startProcess'))
        self.assertFault(4, 'SIGNATURE_UNSUPPORTED', s.system.methodHelp, 'supervisor.nosuch')
        result = s.system.multicall([
            {'methodName': 'supervisor.getPID'},
            {'methodName': 'supervisor.getState', 'params': []},
            {'methodName': 'supervisor.nosuch'},
            {'params': []},
            {'methodName': 'system.multicall', 'params': [[]]},
            {'methodName': 'supervisor.startProcess', 'params': ['slow']},
            {'methodName': 'supervisor.stopProcess', 'params': ['slow']},
        ])
        self.assertEqual(result, [
            self.proc.pid, {'statecode': 1, 'statename': 'RUNNING'},
            {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'},
            {'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: No methodName'},
            {'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden'},
            True, True])

    def test_remote_comm_event_does_not_pretend(self):
        self.assertFault(30, None, self.unix().supervisor.sendRemoteCommEvent, 't', 'd')

    # --- HTTP and bad input
    def test_auth(self):
        self.assertEqual(self.inet().supervisor.getAPIVersion(), '3.0')
        for proxy in (self.inet(password='wrong'), self.inet(user=None)):
            with self.assertRaises(xmlrpc.client.ProtocolError) as cm:
                proxy.supervisor.getAPIVersion()
            self.assertEqual(cm.exception.errcode, 401)
            self.assertEqual(cm.exception.headers['WWW-Authenticate'], 'Basic realm="default"')
        self.assertAlive()

    def test_http_errors(self):
        auth = b'Authorization: Basic ' + base64.b64encode(b'user:secret') + b'\r\n'
        self.assertIn(b' 400 ', self.raw(b'GET /RPC2 HTTP/1.0\r\n' + auth + b'\r\n').split(b'\r\n')[0])
        self.assertIn(b' 411 ', self.raw(b'POST /RPC2 HTTP/1.0\r\n' + auth + b'\r\n').split(b'\r\n')[0])
        self.assertIn(b' 400 ', self.raw(b'POST /RPC2 HTTP/1.0\r\n' + auth +
                                         b'Content-Length: 5\r\n\r\nhello').split(b'\r\n')[0])
        self.assertIn(b' 400 ', self.raw(b'POST /RPC2 HTTP/1.0\r\nAuthorization: Basic !!\r\n'
                                         b'\r\n').split(b'\r\n')[0])
        self.assertAlive()

    def test_huge_body_refused(self):
        auth = b'Authorization: Basic ' + base64.b64encode(b'user:secret') + b'\r\n'
        with socket.create_connection(('127.0.0.1', self.port)) as s:
            s.sendall(b'POST /RPC2 HTTP/1.1\r\nHost: x\r\n' + auth +
                      b'Content-Length: 104857600\r\n\r\n')
            try:
                chunk = b'x' * 65536
                for _ in range(1600):
                    s.sendall(chunk)
            except OSError:
                pass
            answer = s.recv(1024)
        self.assertIn(b' 413 ', answer.split(b'\r\n')[0])
        self.assertAlive()

    def test_many_connections(self):
        socks = []
        try:
            for _ in range(1000):
                try:
                    socks.append(socket.create_connection(('127.0.0.1', self.port), timeout=5))
                except OSError:
                    break
        finally:
            for s in socks:
                s.close()
        time.sleep(0.5)
        self.assertAlive()

    # --- the real supervisorctl
    def test_supervisorctl(self):
        rc, out = self.ctl('status', 'sleeper')
        self.assertEqual(rc, 0)
        self.assertRegex(out, r'^sleeper +RUNNING +pid \d+, uptime ')
        self.assertEqual(self.ctl('start', 'noexist'), (1, 'noexist: ERROR (no such file)\n'))
        self.assertEqual(self.ctl('status', 'nosuch'), (4, 'nosuch: ERROR (no such process)\n'))
        self.assertEqual(self.ctl('start', 'slow'), (0, 'slow: started\n'))
        self.assertEqual(self.ctl('stop', 'slow'), (0, 'slow: stopped\n'))
        self.assertEqual(self.ctl('signal', 'BOGUS', 'sleeper'),
                         (1, 'sleeper: ERROR (bad signal name)\n'))
        self.assertEqual(self.ctl('version'), (0, '4.2.5\n'))
        self.assertEqual(self.ctl('pid'), (0, '%d\n' % self.proc.pid))


if __name__ == '__main__':
    unittest.main(verbosity=2)
