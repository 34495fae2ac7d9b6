"""A svcd in its own temp dir for the web tests: start, HTTP helpers over the inet server, raw
streaming connections, and /proc readings of the daemon."""
import base64
import os
import signal
import socket
import subprocess
import tempfile
import time
import xmlrpc.client

SERVERS = """
[unix_http_server]
file={d}/sv.sock

[inet_http_server]
port=127.0.0.1:{port}
username=user
password=secret

[supervisord]
logfile={d}/sv.log
pidfile={d}/sv.pid
childlogdir={d}
nodaemon=true
identifier=webtest

[supervisorctl]
serverurl=unix://{d}/sv.sock
"""
AUTH = 'Basic ' + base64.b64encode(b'user:secret').decode()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Svcd:
    def __init__(self, svcd, programs):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.port = free_port()
        self.conf = os.path.join(self.dir, 'sv.conf')
        with open(self.conf, 'w') as f:
            f.write(SERVERS.format(d=self.dir, port=self.port) + programs.format(d=self.dir))
        env = dict(os.environ)
        # ASan's default quarantine (256 MB of freed blocks) would hide what svcd itself keeps.
        env.setdefault('ASAN_OPTIONS', 'detect_leaks=1:quarantine_size_mb=16')
        self.proc = subprocess.Popen([svcd, '-c', self.conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, env=env)
        deadline = time.time() + 20
        while not os.path.exists(os.path.join(self.dir, 'sv.sock')):
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError('svcd did not start')
            time.sleep(0.05)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.tmp.cleanup()

    def rpc(self):
        return xmlrpc.client.ServerProxy('http://user:secret@127.0.0.1:%d/RPC2' % self.port)

    def path(self, name):
        return os.path.join(self.dir, name)

    def request(self, method, url, body=b'', headers=None, auth=True, timeout=30):
        """One HTTP/1.0 exchange; returns (status, {header: value}, body)."""
        lines = ['%s %s HTTP/1.0' % (method, url)]
        if auth:
            lines.append('Authorization: ' + AUTH)
        for k, v in (headers or {}).items():
            lines.append('%s: %s' % (k, v))
        if body:
            lines.append('Content-Type: application/x-www-form-urlencoded')
            lines.append('Content-Length: %d' % len(body))
        raw = ('\r\n'.join(lines) + '\r\n\r\n').encode() + body
        with socket.create_connection(('127.0.0.1', self.port), timeout=timeout) as s:
            s.sendall(raw)
            data = b''
            while chunk := s.recv(65536):
                data += chunk
        head, _, payload = data.partition(b'\r\n\r\n')
        first, *rest = head.decode('latin-1').split('\r\n')
        hdrs = {}
        for line in rest:
            k, _, v = line.partition(':')
            hdrs[k.strip().lower()] = v.strip()
        return int(first.split()[1]), hdrs, payload

    def fds(self):
        return len(os.listdir('/proc/%d/fd' % self.proc.pid))

    def status_field(self, name):
        with open('/proc/%d/status' % self.proc.pid) as f:
            for line in f:
                if line.startswith(name + ':'):
                    return int(line.split()[1])
        raise KeyError(name)


class Tail:
    """A raw HTTP/1.1 GET of a streamed URL; decodes the chunked body as it arrives."""

    def __init__(self, port, url, auth=True, rcvbuf=None):
        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(10)
        self.sock.connect(('127.0.0.1', port))
        hdr = 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n' % url
        if auth:
            hdr += 'Authorization: %s\r\n' % AUTH
        self.sock.sendall((hdr + '\r\n').encode())
        self.raw = b''
        self.body = b''
        self.status = None
        self.headers = {}

    def _pump(self, timeout):
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(1 << 20)
        except socket.timeout:
            return True
        if not chunk:
            return False
        self.raw += chunk
        if self.status is None and b'\r\n\r\n' in self.raw:
            head, _, self.raw = self.raw.partition(b'\r\n\r\n')
            first, *rest = head.decode('latin-1').split('\r\n')
            self.status = int(first.split()[1])
            for line in rest:
                k, _, v = line.partition(':')
                self.headers[k.strip().lower()] = v.strip()
        if self.status is not None:
            while b'\r\n' in self.raw:
                size_line, _, after = self.raw.partition(b'\r\n')
                size = int(size_line, 16)
                if len(after) < size + 2:
                    break
                self.body += after[:size]
                self.raw = after[size + 2:]
        return True

    def wait_for(self, needle, timeout=10):
        """Waits until `needle` is in the body; only new bytes are searched on each round."""
        deadline = time.time() + timeout
        start = 0
        while needle not in self.body[start:]:
            start = max(0, len(self.body) - len(needle))
            left = deadline - time.time()
            if left <= 0 or not self._pump(min(left, 0.5)):
                return False
        return True

    def wait_head(self, timeout=10):
        deadline = time.time() + timeout
        while self.status is None and time.time() < deadline:
            if not self._pump(0.5):
                break
        return self.status

    def close(self):
        self.sock.close()
