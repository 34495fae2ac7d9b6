"""Shared pieces of the control-plane tests: an xmlrpc.client transport over a unix socket, free
loopback ports, and a daemon (svcd or supervisord 4.2.5) started in its own temp dir and stopped
by pid. Imported by tests/ctl, tests/compat, tests/runtime/rpc and tests/bench."""
import http.client
import os
import signal
import socket
import subprocess
import time
import xmlrpc.client

SUPERVISORD = "/usr/bin/supervisord"
SUPERVISORCTL = "/usr/bin/supervisorctl"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=None):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if self.timeout is not None:
            self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class UnixTransport(xmlrpc.client.Transport):
    """xmlrpc.client over a unix socket (supervisorctl does the same with its own class)."""

    def __init__(self, path, timeout=None):
        super().__init__()
        self.unix_path = path
        self.timeout = timeout

    def make_connection(self, host):
        # get_host_info turns "user:password@host" into the Authorization header
        _, self._extra_headers, _ = self.get_host_info(host)
        return UnixConnection(self.unix_path, self.timeout)


def unix_proxy(path, timeout=None, auth=None):
    host = "%s:%s@localhost" % auth if auth else "localhost"
    return xmlrpc.client.ServerProxy("http://" + host, transport=UnixTransport(path, timeout))


def inet_proxy(port, user=None, password=None):
    auth = "%s:%s@" % (user, password) if user is not None else ""
    return xmlrpc.client.ServerProxy("http://%s127.0.0.1:%d/RPC2" % (auth, port))


class Daemon:
    """svcd or supervisord on `conf`, nodaemon, in the foreground; `kind` is 'svcd' or
    'supervisord'. Waits until the unix socket answers getState."""

    def __init__(self, kind, binary, conf, sock, env=None, auth=None):
        self.auth = auth  # (user, password) of the unix server
        self.kind = kind
        self.binary = binary
        self.conf = conf
        self.sock = sock
        self.env = env
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid

    def start(self, timeout=30, log=None):
        argv = [self.binary, "-c", self.conf] if self.kind == "svcd" else \
            [self.binary, "-n", "-c", self.conf]
        out = log if log is not None else subprocess.DEVNULL
        self.proc = subprocess.Popen(argv, stdout=out, stderr=out, env=self.env,
                                     cwd=os.path.dirname(self.conf))
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s" % (self.kind, self.proc.returncode))
            try:
                if unix_proxy(self.sock, 5, self.auth).supervisor.getState()["statename"] == "RUNNING":
                    return self
            except (OSError, xmlrpc.client.Error):
                pass
            time.sleep(0.05)
        raise RuntimeError("%s did not come up" % self.kind)

    def rpc(self, method, *args):
        """One call, faults answered as None."""
        proxy = unix_proxy(self.sock, 60, self.auth)
        try:
            return getattr(proxy, method)(*args)
        except xmlrpc.client.Fault:
            return None

    def wait_running(self, names, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            infos = {"%s:%s" % (i["group"], i["name"]): i["statename"]
                     for i in unix_proxy(self.sock, 30, self.auth).supervisor.getAllProcessInfo()}
            if all(infos.get(n) == "RUNNING" for n in names):
                return
            time.sleep(0.1)
        raise RuntimeError("%s: %s not RUNNING" % (self.kind, names))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=30):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
