#!/usr/bin/python3
"""Differential test: svc's config compiler against supervisord 4.2.5's own parser.

For every top-level *.conf of the corpus directory (subdirectories hold files that those configs
[include]):

  * supervisord's ServerOptions (Debian's supervisor 4.2.5, imported in-process) parses the
    config exactly as `supervisord -c FILE` would, up to the point where it would start
    running. Its effective settings are normalised into the vocabulary of svc's plan
    (schema/plan.h): signal names, "auto"/"none"/"path" logfiles, "true"/"false"/"unexpected"
    autorestart, user names, groups in start order with their members, ...
  * If supervisord accepts the config, `svc build CONFIG -o plan.json` must succeed and the plan
    must agree field by field. If supervisord rejects it, `svc check CONFIG` (and `svc build`)
    must exit 1 and print a `file:line:col: error: msg [code]` diagnostic.

Deliberate differences (svc fixing a 4.2.5 quirk, reference §9) are listed, one per line, in
differential_known_differences.txt next to this script; anything else is a failure.

Run with Debian's interpreter, which has the supervisor package:
    /usr/bin/python3 tests/compat/differential.py --svc build/compiler/svc \
        --corpus tests/testdata/differential
Exit status: 0 all agree, 1 a mismatch or a corpus error, 2 usage error.
"""

import argparse
import fnmatch
import json
import os
import pwd
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import warnings

# Environment the corpus configs expand with %(ENV_X)s. It is set in this process before
# ServerOptions is built (supervisord snapshots os.environ into its ENV_ expansions) and is passed
# unchanged to every svc subprocess, so both sides expand the same values on any machine.
CORPUS_ENV = {
    'SVCDIFF_NAME': 'alpha',
    'SVCDIFF_PORT': '9137',
    'SVCDIFF_DIR': '/tmp',
    'SVCDIFF_WORD': 'hello world',
    'SVCDIFF_UNICODE': 'grüße-✓',
    'SVCDIFF_BADNAME': 'bad:name',
    'SVCDIFF_NUM': '7',
    'SVCDIFF_USER': 'root',
    # childlogdir defaults to tempfile.gettempdir(), which honours TMPDIR: pin it.
    'TMPDIR': '/tmp',
}
os.environ.update(CORPUS_ENV)

# supervisor's modules import pkg_resources, which warns about its own deprecation.
warnings.simplefilter('ignore')
from supervisor import loggers  # noqa: E402
from supervisor.datatypes import (Automatic, RestartUnconditionally,  # noqa: E402
                                  RestartWhenExitUnexpected, colon_separated_user_group,
                                  name_to_uid)
from supervisor.events import EventTypes  # noqa: E402
from supervisor.options import (ClientOptions, EventListenerConfig,  # noqa: E402
                                EventListenerPoolConfig, FastCGIGroupConfig,
                                FastCGIProcessConfig, ProcessConfig, ServerOptions)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_KNOWN = os.path.join(HERE, 'differential_known_differences.txt')

# `file:line:col: error: message [code]`, the diagnostic format of `svc check`.
DIAGNOSTIC_RE = re.compile(r'^.+:\d+:\d+: error: .+ \[[a-z0-9][a-z0-9-]*\]$', re.M)

PROCESS_FIELDS = (
    'name', 'group', 'program', 'kind', 'command', 'argv', 'process_num', 'numprocs',
    'priority', 'autostart', 'autorestart', 'startsecs', 'startretries', 'exitcodes',
    'stopsignal', 'stopwaitsecs', 'stopasgroup', 'killasgroup', 'user', 'redirect_stderr',
    'stdout_log', 'stderr_log', 'environment', 'directory', 'umask', 'serverurl')
LOG_FIELDS = ('logfile', 'path', 'logfile_maxbytes', 'logfile_backups', 'capture_maxbytes',
              'events_enabled', 'syslog')
SUPERVISORD_FIELDS = (
    'logfile', 'logfile_maxbytes', 'logfile_backups', 'loglevel', 'pidfile', 'umask',
    'nodaemon', 'silent', 'minfds', 'minprocs', 'nocleanup', 'childlogdir', 'user', 'directory',
    'strip_ansi', 'environment', 'identifier')
CTL_FIELDS = ('serverurl', 'username', 'password', 'prompt', 'history_file')
LEVEL_NAMES = {loggers.getLevelNumByDescription(n): n
               for n in ('critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather')}
EVENT_NAMES = {getattr(EventTypes, n): n for n in dir(EventTypes) if not n.startswith('_')}
MISSING = '<missing>'


class Rejected(Exception):
    """supervisord refused the config; the message is what it would print after `Error: `."""


def _raise_usage(msg):
    # Options.usage() prints and exits(2); raise instead so the oracle stays in-process.
    raise Rejected(str(msg))


# ---------------------------------------------------------------------------------------------
# Normalisers shared by both sides: they map equivalent spellings onto one canonical value.

def signal_name(value):
    """Signal number or name (with or without SIG) -> canonical name without SIG ("ABRT")."""
    num = value
    if isinstance(value, str):
        num = getattr(signal, 'SIG' + value.strip().upper().removeprefix('SIG'), None)
    try:
        return signal.Signals(num).name[3:]
    except (ValueError, TypeError):
        return value  # not a signal: let the comparison show it


def user_name(value):
    """uid or user name (as svc may write either) -> user name."""
    if value is None:
        return None
    try:
        return pwd.getpwuid(name_to_uid(str(value))).pw_name
    except (ValueError, KeyError):
        return value


def owner_ids(value):
    """"user" / "user:group" (svc) or (uid, gid) (supervisord) -> [uid, gid], or None."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return None if tuple(value) == (-1, -1) else list(value)
    try:
        return list(colon_separated_user_group(value))
    except ValueError:
        return value


def callable_spec(value):
    """An entry point "module:attr" (svc) or the callable it names -> "module:qualname"."""
    if isinstance(value, str):
        try:
            # Options.import_spec does not use self: resolve the spec exactly as supervisord.
            value = ServerOptions.import_spec(None, value)
        except Exception:  # unresolvable: compare the raw text
            return value
    return '%s:%s' % (value.__module__, value.__qualname__)


def abs_path(value):
    # supervisord makes [supervisord] logfile/pidfile and socket paths absolute against the CWD;
    # both sides run with the same CWD, so svc may keep them relative or absolute.
    if isinstance(value, str) and value and value != 'syslog':
        return os.path.abspath(value)
    return value


def as_bool(value):
    return bool(value) if isinstance(value, int) else value


# ---------------------------------------------------------------------------------------------
# The oracle: supervisord's effective settings in plan vocabulary.

def _traced_processes_from_section(opts):
    """Wrap ServerOptions.processes_from_section so each ProcessConfig it builds remembers its
    section, process_num and numprocs, which supervisord does not keep on the config."""
    original = opts.processes_from_section

    def traced(parser, section, group_name, klass=None):
        klass = klass or ProcessConfig

        def factory(*args, **kwargs):
            # The caller is _processes_from_section's per-process loop; its locals hold the
            # process number being built (supervisor 4.2.5 is pinned, so this is stable).
            caller = sys._getframe(1).f_locals
            config = klass(*args, **kwargs)
            config.svcdiff = {'section': section, 'process_num': caller['process_num'],
                              'numprocs': caller['numprocs']}
            return config
        return original(parser, section, group_name, factory)
    return traced


def _logspec(config, channel):
    value = getattr(config, channel + '_logfile')
    if value is Automatic:
        kind, path = 'auto', ''
    elif value is None:
        kind, path = 'none', ''
    else:
        kind, path = 'path', value
    return {
        'logfile': kind, 'path': path,
        'logfile_maxbytes': getattr(config, channel + '_logfile_maxbytes'),
        'logfile_backups': getattr(config, channel + '_logfile_backups'),
        'capture_maxbytes': getattr(config, channel + '_capture_maxbytes'),
        'events_enabled': as_bool(getattr(config, channel + '_events_enabled')),
        'syslog': as_bool(getattr(config, channel + '_syslog')),
    }


def _process_view(config, group):
    meta = config.svcdiff
    if isinstance(config, EventListenerConfig):
        kind = 'eventlistener'
    elif isinstance(config, FastCGIProcessConfig):
        kind = 'fcgi-program'
    else:
        kind = 'program'  # also an fcgi-program listed in a [group:x] (quirk §9.7)
    try:
        argv = shlex.split(config.command)
    except ValueError:
        argv = None  # supervisord only finds out at spawn time ("can't parse command")
    autorestart = {RestartUnconditionally: 'true', RestartWhenExitUnexpected: 'unexpected',
                   False: 'false'}[config.autorestart]
    return {
        'name': config.name, 'group': group,
        'program': meta['section'].split(':', 1)[1].strip(), 'kind': kind,
        'command': config.command, 'argv': argv,
        'process_num': meta['process_num'], 'numprocs': meta['numprocs'],
        'priority': config.priority, 'autostart': as_bool(config.autostart),
        'autorestart': autorestart, 'startsecs': config.startsecs,
        'startretries': config.startretries, 'exitcodes': list(config.exitcodes),
        'stopsignal': signal_name(config.stopsignal), 'stopwaitsecs': config.stopwaitsecs,
        'stopasgroup': as_bool(config.stopasgroup), 'killasgroup': as_bool(config.killasgroup),
        'user': user_name(config.uid), 'redirect_stderr': as_bool(config.redirect_stderr),
        'stdout_log': _logspec(config, 'stdout'), 'stderr_log': _logspec(config, 'stderr'),
        'environment': dict(config.environment or {}), 'directory': config.directory,
        'umask': config.umask, 'serverurl': config.serverurl,
    }


def _socket_view(sock):
    return {'url': sock.url, 'backlog': sock.backlog,
            'owner': owner_ids(getattr(sock, 'owner', None)),
            'mode': getattr(sock, 'mode', None)}


def _group_view(group):
    # Supervisor's ProcessGroup keys its processes by name: a repeated name keeps the position
    # of its first occurrence and the config of its last (quirk §9.6).
    members = {}
    for config in group.process_configs:
        members[config.name] = config
    view = {'name': group.name, 'priority': group.priority, 'processes': list(members)}
    if isinstance(group, EventListenerPoolConfig):
        view.update(kind='eventlistener', buffer_size=group.buffer_size,
                    events=sorted(EVENT_NAMES[e] for e in group.pool_events),
                    result_handler=callable_spec(group.result_handler))
    elif isinstance(group, FastCGIGroupConfig):
        view.update(kind='fcgi-program', socket=_socket_view(group.socket_config))
    else:
        view.update(kind='program', socket=None)
    return view, list(members.values())


def _server_view(config):
    view = {'section': config['section'], 'username': config['username'],
            'password': config['password']}
    if 'file' in config:
        view.update(family='unix', file=config['file'], chmod=config['chmod'],
                    chown=owner_ids(config['chown']))
    else:
        view.update(family='inet', host=config['host'], port=config['port'])
    return view


def _supervisord_view(opts):
    section = opts.configroot.supervisord
    return {
        'logfile': opts.logfile, 'logfile_maxbytes': opts.logfile_maxbytes,
        'logfile_backups': opts.logfile_backups, 'loglevel': LEVEL_NAMES[opts.loglevel],
        'pidfile': opts.pidfile, 'umask': opts.umask, 'nodaemon': as_bool(opts.nodaemon),
        'silent': as_bool(opts.silent), 'minfds': opts.minfds, 'minprocs': opts.minprocs,
        'nocleanup': as_bool(opts.nocleanup), 'childlogdir': opts.childlogdir,
        'user': opts.user, 'directory': opts.directory,
        'strip_ansi': as_bool(opts.strip_ansi), 'environment': dict(section.environment),
        'identifier': opts.identifier,
    }


def _ctl_view(path):
    """[supervisorctl] as supervisorctl reads it, or None when the file has no such section."""
    opts = ClientOptions()
    opts.usage = _raise_usage
    try:
        opts.realize(['-c', path], doc='', progname='supervisorctl')
    except Rejected as e:
        if 'does not include supervisorctl section' in str(e):
            return None
        raise
    section = opts.configroot.supervisorctl
    return {name: getattr(section, name) for name in CTL_FIELDS}


def supervisord_view(path):
    """Parse `path` as `supervisord -c path` does; return the plan-shaped view or raise
    Rejected with supervisord's error message."""
    opts = ServerOptions()
    opts.usage = _raise_usage
    opts.processes_from_section = _traced_processes_from_section(opts)
    try:
        # realize() = command-line handling + process_config() + the [supervisord] user check,
        # i.e. everything supervisord validates before it starts doing anything.
        opts.realize(['-c', path], doc='', progname='supervisord')
    except ValueError as e:
        raise Rejected(str(e))

    # Supervisor.add_process_group: groups are added in (priority, name) order and a second
    # group with an already used name is dropped silently (quirk §9.6).
    groups, processes, seen = {}, {}, set()
    group_order, process_order = [], []
    for group in opts.process_group_configs:
        if group.name in seen:
            continue
        seen.add(group.name)
        view, members = _group_view(group)
        groups[group.name] = view
        group_order.append(group.name)
        for config in members:
            key = '%s:%s' % (group.name, config.name)
            processes[key] = _process_view(config, group.name)
            process_order.append(key)
    try:
        ctl = _ctl_view(path)
    except Rejected as e:
        ctl = {'error': str(e)}  # supervisord accepts it; supervisorctl would not
    return {
        'supervisord': _supervisord_view(opts),
        'servers': {c['section']: _server_view(c) for c in opts.server_configs},
        'ctl': ctl,
        'rpcinterfaces': {name: {'factory': callable_spec(factory), 'options': dict(extras)}
                          for name, factory, extras in opts.rpcinterface_factories},
        'groups': groups, 'group_order': group_order,
        'processes': processes, 'process_order': process_order,
    }


# ---------------------------------------------------------------------------------------------
# svc's plan, projected onto the same view.

def _plan_log(log):
    return {k: log.get(k, MISSING) for k in LOG_FIELDS}


def _plan_process(proc):
    view = {k: proc.get(k, MISSING) for k in PROCESS_FIELDS}
    view['stopsignal'] = signal_name(view['stopsignal'])
    view['user'] = user_name(view['user'])
    for channel in ('stdout_log', 'stderr_log'):
        if isinstance(view[channel], dict):
            view[channel] = _plan_log(view[channel])
    return view


def _plan_group(group):
    kind = group.get('kind', MISSING)
    view = {k: group.get(k, MISSING) for k in ('name', 'kind', 'priority', 'processes')}
    if kind == 'eventlistener':
        events = group.get('events', MISSING)
        view.update(buffer_size=group.get('buffer_size', MISSING),
                    events=sorted(e.upper() for e in events) if isinstance(events, list)
                    else events,
                    result_handler=callable_spec(group.get('result_handler', MISSING)))
    else:
        sock = group.get('socket')
        if isinstance(sock, dict):
            mode = sock.get('mode')
            if mode is None and str(sock.get('url', '')).startswith('unix://'):
                mode = 0o700  # the plan leaves the default unset; supervisord applies 0700
            sock = {'url': sock.get('url', MISSING), 'backlog': sock.get('backlog'),
                    'owner': owner_ids(sock.get('owner')), 'mode': mode}
        view['socket'] = sock
    return view


def _plan_server(server):
    view = {k: server.get(k, MISSING) for k in ('section', 'family', 'username', 'password')}
    if server.get('family') == 'unix':
        view.update(file=abs_path(server.get('file', MISSING)),
                    chmod=server.get('chmod', MISSING), chown=owner_ids(server.get('chown')))
    else:
        view.update(host=server.get('host', MISSING), port=server.get('port', MISSING))
    return view


def plan_view(plan, expected):
    """Project svc's plan JSON onto the oracle's view (`expected` decides optional parts)."""
    sd = plan.get('supervisord', {})
    supervisord = {k: sd.get(k, MISSING) for k in SUPERVISORD_FIELDS}
    supervisord['logfile'] = abs_path(supervisord['logfile'])
    supervisord['pidfile'] = abs_path(supervisord['pidfile'])
    if isinstance(supervisord['loglevel'], str):
        supervisord['loglevel'] = supervisord['loglevel'].lower()

    groups = {g.get('name'): _plan_group(g) for g in plan.get('groups', [])}
    processes = {}
    process_order = []
    for proc in plan.get('processes', []):
        key = '%s:%s' % (proc.get('group'), proc.get('name'))
        processes[key] = _plan_process(proc)
        process_order.append(key)

    ctl = plan.get('ctl')
    if isinstance(ctl, dict):
        ctl = {k: ctl.get(k, MISSING) for k in CTL_FIELDS}
    view = {
        'supervisord': supervisord,
        'servers': {s.get('section'): _plan_server(s) for s in plan.get('servers', [])},
        'ctl': ctl,
        'rpcinterfaces': {p.get('name'): {'factory': callable_spec(p.get('factory', MISSING)),
                                          'options': p.get('options', MISSING)}
                          for p in plan.get('rpcinterfaces', [])},
        'groups': groups, 'group_order': [g.get('name') for g in plan.get('groups', [])],
        'processes': processes, 'process_order': process_order,
    }
    if expected.get('ctl') is None or 'error' in (expected.get('ctl') or {}):
        view['ctl'] = expected.get('ctl')  # no [supervisorctl]: svc may emit defaults or null
    return view


# ---------------------------------------------------------------------------------------------
# Comparison.

def _same(a, b):
    """Equality that is strict about types: JSON true is not 1, "5" is not 5."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


# Fields whose dicts and lists are one value (their keys are data, not field names).
WHOLE_VALUES = {'environment', 'options', 'owner', 'chown', 'argv', 'exitcodes', 'events',
                'processes'}
# Top-level collections keyed by name: reported as processes[group:name].field.
KEYED = ('groups', 'processes', 'servers', 'rpcinterfaces')


def _keys(expected, actual):
    return list(expected) + [k for k in actual if k not in expected]


def diff(expected, actual, path):
    """Yield (field path, supervisord value, svc value) for every difference, descending into
    records (dicts of field -> value)."""
    if (isinstance(expected, dict) and isinstance(actual, dict)
            and path.rsplit('.', 1)[-1] not in WHOLE_VALUES):
        for key in _keys(expected, actual):
            yield from diff(expected.get(key, MISSING), actual.get(key, MISSING),
                            '%s.%s' % (path, key))
    elif not _same(expected, actual):
        yield path, expected, actual


def diff_views(expected, actual):
    out = []
    for top in expected:
        e, a = expected[top], actual.get(top, MISSING)
        if top in KEYED and isinstance(e, dict) and isinstance(a, dict):
            for key in _keys(e, a):
                out.extend(diff(e.get(key, MISSING), a.get(key, MISSING),
                                '%s[%s]' % (top, key)))
        else:
            out.extend(diff(e, a, top))
    return out


# ---------------------------------------------------------------------------------------------
# Known differences.

class KnownDifferences:
    """differential_known_differences.txt: `<config> <what> <quirk> <why...>` per line, where
    <what> is `rejects` (svc refuses a config supervisord accepts), `accepts` (the reverse) or
    `field:<glob>` (a field path such as `processes[g:p].stopsignal`), and <quirk> names the
    4.2.5 quirk of reference §9 that the difference fixes, e.g. `§9.6` (or, for a behaviour svc
    deliberately does not reproduce, the reference section that describes it)."""

    LINE = re.compile(r'^(\S+)\s+(rejects|accepts|field:\S+)\s+(§\d+(?:\.\d+)*)\s+(\S.*)$')

    def __init__(self, path):
        self.entries, self.errors, self.used = [], [], set()
        if not path or not os.path.exists(path):
            return
        with open(path, encoding='utf-8') as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith('#'):
                    continue
                m = self.LINE.match(line)
                if not m:
                    self.errors.append('%s:%d: malformed entry (want: <config> '
                                       'rejects|accepts|field:<glob> §N.N <why>): %s'
                                       % (path, number, line))
                    continue
                self.entries.append((number,) + m.groups())

    def covers(self, config, what, field=None):
        for number, cfg, kind, _quirk, _why in self.entries:
            if not fnmatch.fnmatchcase(config, cfg):
                continue
            if kind == what or (field is not None and kind.startswith('field:')
                                and fnmatch.fnmatchcase(field, kind[6:])):
                self.used.add(number)
                return True
        return False

    def stale(self):
        return [e for e in self.entries if e[0] not in self.used]


# ---------------------------------------------------------------------------------------------
# Driving svc.

def run_svc(svc, args):
    proc = subprocess.run([svc] + args, capture_output=True, text=True, errors='replace',
                          env=os.environ.copy(), timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def svc_build(svc, config, outdir):
    out = os.path.join(outdir, os.path.basename(config) + '.json')
    rc, text = run_svc(svc, ['build', config, '-o', out])
    plan = None
    if rc == 0:
        try:
            with open(out, encoding='utf-8') as f:
                plan = json.load(f)
        except (OSError, ValueError) as e:
            text += '\n(plan unreadable: %s)' % e
    return rc, text, plan


def short(value, limit=160):
    text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not MISSING \
        else MISSING
    return text if len(text) <= limit else text[:limit] + '…'


class Report:
    def __init__(self, verbose):
        self.verbose = verbose
        self.failures = 0
        self.known = 0
        self.strict = 0  # rejections that need svc's --strict (machine-dependent checks)

    def fail(self, config, message):
        self.failures += 1
        print('FAIL %s: %s' % (config, message))

    def note(self, config, message):
        print('note %s: %s' % (config, message))

    def info(self, message):
        if self.verbose:
            print(message)


def check_accepted(svc, config, name, expected, outdir, known, report):
    rc, text, plan = svc_build(svc, config, outdir)
    if rc != 0 or plan is None:
        if known.covers(name, 'rejects'):
            report.known += 1
            report.info('known %s: svc rejects (listed)' % name)
            return
        report.fail(name, 'supervisord accepts it but `svc build` exited %d:\n    %s'
                    % (rc, text.strip().replace('\n', '\n    ')))
        return
    crc, ctext = run_svc(svc, ['check', config])
    if crc != 0:
        report.fail(name, '`svc build` succeeded but `svc check` exited %d: %s'
                    % (crc, ctext.strip()))
    compare_plan(name, expected, plan, known, report)


def compare_plan(name, expected, plan, known, report):
    mismatches = 0
    for field, ev, av in diff_views(expected, plan_view(plan, expected)):
        if known.covers(name, None, field):
            report.known += 1
            continue
        mismatches += 1
        report.fail(name, '%s: svc=%s supervisord=%s' % (field, short(av), short(ev)))
    if not mismatches:
        report.info('ok   %s: %d groups, %d processes agree'
                    % (name, len(expected['groups']), len(expected['processes'])))


def check_rejected(svc, config, name, why, known, report):
    if known.covers(name, 'accepts'):
        report.known += 1
        return
    # supervisord checks users and directories against the machine it runs on; svc reports
    # such machine-dependent findings as warnings unless --strict, its mode for exactly that.
    # This test runs both on the same machine, so a rejection under --strict counts.
    flags = []
    rc, text = run_svc(svc, ['check', config])
    if rc == 0:
        flags = ['--strict']
        rc, text = run_svc(svc, ['check'] + flags + [config])
    if rc != 1:
        report.fail(name, 'supervisord rejects it (%s) but `svc check --strict` exited %d: %s'
                    % (why.splitlines()[0], rc, text.strip()[:300]))
        return
    if not DIAGNOSTIC_RE.search(text):
        report.note(name, '`svc check` printed no `file:line:col: error: msg [code]` line: %s'
                    % text.strip()[:300])
    brc, btext = run_svc(svc, ['build'] + flags + [config, '-o', os.devnull])
    if brc != 1:
        report.fail(name, 'supervisord rejects it but `svc build %s` exited %d: %s'
                    % (' '.join(flags), brc, btext.strip()[:300]))
    if flags:
        report.strict += 1
    report.info('ok   %s: both reject%s (%s)' % (name, ' (svc with --strict)' if flags else '',
                                                 why.splitlines()[0][:100]))


def _owner_text(ids):
    return None if ids is None else '%d:%d' % tuple(ids) if ids[1] != -1 else str(ids[0])


def view_to_plan(view):
    """The plan a perfect svc would write for a supervisord view (for --self-test)."""
    def group(g):
        g = dict(g)
        if g.get('socket'):
            g['socket'] = dict(g['socket'], owner=_owner_text(g['socket']['owner']))
        return g
    servers = [dict(s, chown=_owner_text(s['chown'])) if s['family'] == 'unix' else s
               for s in view['servers'].values()]
    return {
        'supervisord': view['supervisord'], 'servers': servers, 'ctl': view['ctl'],
        'rpcinterfaces': [{'name': n, 'factory': r['factory'], 'options': r['options']}
                          for n, r in view['rpcinterfaces'].items()],
        'groups': [group(view['groups'][n]) for n in view['group_order']],
        'processes': [view['processes'][k] for k in view['process_order']],
    }


def self_test(configs):
    """Check the comparator itself: a plan rebuilt from supervisord's view must agree, and a
    plan with one field changed must give exactly that mismatch."""
    problems, checked = 0, 0
    for name, path in configs:
        try:
            view = supervisord_view(path)
        except Rejected:
            continue
        checked += 1
        found = diff_views(view, plan_view(json.loads(json.dumps(view_to_plan(view))), view))
        if found:
            problems += 1
            print('self-test %s: perfect plan gives %s' % (name, found[:3]))
        plan = view_to_plan(view)
        if plan['processes']:
            plan = json.loads(json.dumps(plan))
            plan['processes'][0]['stopsignal'] = 'STOP'
            plan['processes'][0]['autostart'] = int(plan['processes'][0]['autostart'])
            found = [f for f, _, _ in diff_views(view, plan_view(plan, view))]
            if len(found) != 2 or not found[0].endswith('.autostart'):
                problems += 1
                print('self-test %s: mutated plan gives %s' % (name, found))
    print('self-test: %d accepted configs, %d problems' % (checked, problems))
    return 1 if problems else 0


def corpus_configs(corpus, only):
    names = sorted(n for n in os.listdir(corpus) if n.endswith('.conf'))
    if only:
        names = [n for n in names if fnmatch.fnmatchcase(n, only)]
    return [(n, os.path.join(corpus, n)) for n in names]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--svc', help='path to the svc binary')
    ap.add_argument('--corpus', default=os.path.join(HERE, '..', 'testdata', 'differential'),
                    help='directory of *.conf (ok_* accepted and bad_* rejected by supervisord)')
    ap.add_argument('--known', default=DEFAULT_KNOWN, help='known differences file')
    ap.add_argument('--only', help='glob of config names to run, e.g. "ok_group*"')
    ap.add_argument('--dump', action='store_true',
                    help="print supervisord's normalised view of each config as JSON and exit")
    ap.add_argument('--plan', help='compare the one selected config against this plan JSON '
                    'instead of running svc (tests the comparator)')
    ap.add_argument('--self-test', action='store_true',
                    help='check the comparator against plans rebuilt from supervisord itself')
    ap.add_argument('--keep', help='directory to keep the plans svc writes')
    ap.add_argument('-v', '--verbose', action='store_true', help='also list the agreements')
    args = ap.parse_args()

    configs = corpus_configs(os.path.abspath(args.corpus), args.only)
    if not configs:
        ap.error('no configs in %s' % args.corpus)
    known = KnownDifferences(args.known)
    report = Report(args.verbose)
    for error in known.errors:
        report.fail(os.path.basename(args.known), error)

    if args.self_test:
        return self_test(configs)
    if args.dump:
        for name, path in configs:
            try:
                print('== %s\n%s' % (name, json.dumps(supervisord_view(path), indent=1,
                                                      ensure_ascii=False)))
            except Rejected as e:
                print('== %s\nREJECTED: %s' % (name, e))
        return 0
    if args.plan:
        if len(configs) != 1:
            ap.error('--plan needs --only selecting exactly one config')
        with open(args.plan, encoding='utf-8') as f:
            plan = json.load(f)
        compare_plan(configs[0][0], supervisord_view(configs[0][1]), plan, known, report)
        print('%d mismatches' % report.failures)
        return 1 if report.failures else 0
    if not args.svc or not os.access(args.svc, os.X_OK):
        ap.error('--svc must name the svc binary (got %r)' % args.svc)

    outdir = args.keep or tempfile.mkdtemp(prefix='svcdiff-')
    os.makedirs(outdir, exist_ok=True)
    accepted = rejected = 0
    for name, path in configs:
        try:
            expected = supervisord_view(path)
        except Rejected as e:
            rejected += 1
            if name.startswith('ok_'):
                report.fail(name, 'corpus error: named ok_ but supervisord rejects it: %s' % e)
            check_rejected(args.svc, path, name, str(e), known, report)
            continue
        accepted += 1
        if name.startswith('bad_'):
            report.fail(name, 'corpus error: named bad_ but supervisord accepts it')
        check_accepted(args.svc, path, name, expected, outdir, known, report)
    if not args.keep:
        for f in os.listdir(outdir):
            os.unlink(os.path.join(outdir, f))
        os.rmdir(outdir)

    if not args.only:
        for number, cfg, what, quirk, why in known.stale():
            report.note(os.path.basename(args.known),
                        'line %d is stale (no longer needed): %s %s %s' % (number, cfg, what,
                                                                           quirk))
    print('\n%d configs (%d accepted, %d rejected by supervisord 4.2.5, %d of those by svc only '
          'with --strict): %d failures, %d known differences'
          % (len(configs), accepted, rejected, report.strict, report.failures, report.known))
    return 1 if report.failures else 0


if __name__ == '__main__':
    sys.exit(main())
