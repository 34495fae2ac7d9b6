#!/usr/bin/python3
"""Golden tests of the svc config compiler: exact plans and exact diagnostics.

The corpus (tests/testdata/golden) has two halves:

  valid/NNN-name.conf      a config supervisord 4.2.5 accepts. `svc build` must exit 0 and
                           print exactly NNN-name.plan.json. Its diagnostics (stderr) must be
                           exactly NNN-name.diag.txt when that file exists, and empty otherwise.
  invalid/NNN-name.conf    a config with errors or risky settings. `svc check` must print
                           exactly NNN-name.diag.txt (diagnostics plus the summary line), and
                           its exit status must agree with the summary: 1 with errors, else 0.

Only the top-level *.conf files of valid/ and invalid/ are cases; subdirectories hold the
files those cases [include].

A case may start with directive comments (before its first section):
  ; golden-args: --strict          extra arguments for svc
  ; golden-oracle: accepts REASON   supervisord accepts it although svc reports an error
  ; golden-oracle: rejects REASON   supervisord rejects it although svc reports no error
The oracle directive is only read by --oracle, which runs supervisord's own parser on every
case and checks that it accepts or rejects the config as svc does (or as the directive says).

Every run copies the corpus into a fresh temporary directory, so paths are the same on every
machine after the directory is replaced by @DIR@, and runs svc there with a fixed environment
(env -i style: see golden_env) and the config's directory as its working directory.
`fingerprint` and `hash` values depend on absolute paths, so they are compared as @HASH@.

Usage:
  golden.py --svc build/compiler/svc [--corpus tests/testdata/golden] [--update]
            [--only GLOB] [--oracle] [--keep]
Exit status: 0 all cases pass, 1 a mismatch, 2 usage error.
"""

import argparse
import difflib
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, '..', 'testdata', 'golden'))
KINDS = ('valid', 'invalid')

# Placeholders written into the golden files.
DIR_TOKEN = '@DIR@'
HASH_TOKEN = '@HASH@'
# "fingerprint": "0123456789abcdef" and "hash": "..." (plan JSON, one key per line).
HASH_RE = re.compile(r'("(?:fingerprint|hash)": )"[0-9a-f]{16}"')
DIRECTIVE_RE = re.compile(r'^\s*[;#]\s*golden-(args|oracle):\s*(.*?)\s*$')
# "N errors, M warnings" / "1 error, 0 warnings": the last line of `svc check`.
SUMMARY_RE = re.compile(r'^(\d+) errors?, (\d+) warnings?$')


def golden_env(root):
    """The whole environment svc runs with. Configs may expand any of the SVC_GOLDEN* names
    with %(ENV_...)s; HOME, TMPDIR and SVC_GOLDEN_LOGDIR point into the temporary copy, so
    `~`, the default childlogdir and log paths are stable; LC_ALL makes the supervisord
    oracle read the configs as UTF-8, as svc does."""
    return {
        'PATH': '/usr/local/bin:/usr/bin:/bin',
        'HOME': os.path.join(root, 'home'),
        'TMPDIR': os.path.join(root, 'tmp'),
        'LC_ALL': 'C.UTF-8',
        'SVC_GOLDEN': '1',
        'SVC_GOLDEN_NAME': 'web',
        'SVC_GOLDEN_PORT': '9101',
        'SVC_GOLDEN_WORDS': 'hello world',
        'SVC_GOLDEN_UNICODE': '你好，世界',
        'SVC_GOLDEN_LOGDIR': os.path.join(root, 'logs'),
    }


def normalise(text, root):
    """Replaces the temporary directory by @DIR@ and path-dependent hashes by @HASH@."""
    return HASH_RE.sub(r'\1"%s"' % HASH_TOKEN, text.replace(root, DIR_TOKEN))


def directives(path):
    """golden-* directives from the comment lines at the top of a config."""
    found = {}
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            if line.lstrip().startswith('['):
                break
            m = DIRECTIVE_RE.match(line)
            if m:
                found[m.group(1)] = m.group(2)
    return found


def read(path):
    try:
        with open(path, encoding='utf-8', errors='surrogateescape') as f:
            return f.read()
    except FileNotFoundError:
        return None


def write(path, text):
    with open(path, 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write(text)


class Case:
    """One config of the corpus and the golden files that belong to it."""

    def __init__(self, kind, name, corpus, root):
        self.kind = kind
        self.name = name                      # e.g. "012-numprocs.conf"
        self.id = '%s/%s' % (kind, name)
        stem = name[:-len('.conf')]
        self.src = os.path.join(corpus, kind, stem)   # golden files live in the corpus
        self.path = os.path.join(root, kind, name)    # svc runs on the copy
        self.plan_file = self.src + '.plan.json'
        self.diag_file = self.src + '.diag.txt'
        self.directives = directives(self.path)

    @property
    def args(self):
        return self.directives.get('args', '').split()


def run_svc(svc, case, command, env, root):
    """Runs `svc COMMAND [args] NAME` in the config's directory; returns rc, stdout, stderr
    (normalised)."""
    argv = [svc, command] + case.args + [case.name]
    proc = subprocess.run(argv, cwd=os.path.dirname(case.path), env=env, capture_output=True,
                          timeout=60)
    out = proc.stdout.decode('utf-8', errors='surrogateescape')
    err = proc.stderr.decode('utf-8', errors='surrogateescape')
    return proc.returncode, normalise(out, root), normalise(err, root)


class Runner:
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.failed = 0
        self.updated = 0

    def fail(self, case, message, expected=None, actual=None, label=''):
        self.failed += 1
        print('FAIL %s: %s' % (case.id, message))
        if expected is not None and actual is not None:
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True),
                'expected/' + label, 'actual/' + label))
            if actual and not actual.endswith('\n'):
                print('\n\\ No newline at end of file')

    def compare(self, case, golden_path, actual, allow_missing=False):
        """Compares one output with its golden file (or rewrites it with --update). An absent
        golden file means "no output" when allow_missing. Returns True when they match."""
        expected = read(golden_path)
        if expected is None and allow_missing:
            expected = ''
        if expected is not None:
            expected = HASH_RE.sub(r'\1"%s"' % HASH_TOKEN, expected)
        if expected == actual:
            return True
        if self.args.update:
            if actual == '' and allow_missing:
                os.remove(golden_path)
            else:
                write(golden_path, actual)
            self.updated += 1
            print('updated %s' % os.path.relpath(golden_path, self.args.corpus))
            return True
        if expected is None:
            self.fail(case, 'missing golden file %s (run with --update)'
                      % os.path.relpath(golden_path, self.args.corpus))
            return False
        self.fail(case, 'output differs from %s' % os.path.basename(golden_path),
                  expected, actual, os.path.basename(golden_path))
        return False

    def run_valid(self, case, env, root):
        """Returns (passed, svc's exit status)."""
        rc, out, err = run_svc(self.args.svc, case, 'build', env, root)
        if rc != 0:
            self.fail(case, '`svc build` exited %d, expected 0:\n%s' % (rc, err))
            return False, rc
        ok = self.compare(case, case.plan_file, out)
        ok &= self.compare(case, case.diag_file, err, allow_missing=True)
        return ok, rc

    def run_invalid(self, case, env, root):
        """Returns (passed, svc's exit status)."""
        rc, out, err = run_svc(self.args.svc, case, 'check', env, root)
        if err:
            self.fail(case, '`svc check` wrote to stderr (exit %d):\n%s' % (rc, err))
            return False, rc
        lines = out.splitlines()
        m = SUMMARY_RE.match(lines[-1]) if lines else None
        if not m:
            self.fail(case, '`svc check` reported nothing (exit %d); an invalid case needs at '
                      'least one diagnostic:\n%s' % (rc, out))
            return False, rc
        want_rc = 1 if int(m.group(1)) else 0
        if rc != want_rc:
            self.fail(case, '`svc check` exited %d but its summary says "%s" (expected exit %d)'
                      % (rc, lines[-1], want_rc))
            return False, rc
        if os.path.exists(case.plan_file):
            self.fail(case, 'invalid cases have no plan; remove %s' % case.plan_file)
            return False, rc
        return self.compare(case, case.diag_file, out), rc

    def run(self, case, env, root):
        run_kind = self.run_valid if case.kind == 'valid' else self.run_invalid
        ok, rc = run_kind(case, env, root)
        if self.args.oracle:
            ok &= self.check_oracle(case, env, 'rejects' if rc else 'accepts')
        if ok:
            self.passed += 1
            if self.args.verbose:
                print('ok   %s' % case.id)

    def check_oracle(self, case, env, svc_verdict):
        """supervisord must accept what svc accepts and reject what svc rejects, unless the
        case's golden-oracle directive names the deliberate difference."""
        verdict, why = supervisord_verdict(case, env)
        wanted = self.directive_verdict(case) or svc_verdict
        shown = 'supervisord %s%s' % (verdict, (': ' + why) if why else '')
        if self.args.verbose:
            print('     %s: svc %s, %s' % (case.id, svc_verdict, shown))
        if verdict == wanted:
            return True
        self.fail(case, 'svc %s it but %s (golden-oracle says %s)'
                  % (svc_verdict, shown, wanted))
        return False

    @staticmethod
    def directive_verdict(case):
        text = case.directives.get('oracle', '')
        word = text.split()[0] if text else ''
        return word if word in ('accepts', 'rejects') else None


# Runs in a separate /usr/bin/python3 with the golden environment and working directory, so
# supervisord snapshots exactly the environment svc saw. Prints "accepts" or "rejects: MSG".
ORACLE = r'''
import sys, warnings
warnings.simplefilter("ignore")
from supervisor.options import ServerOptions
class Rejected(Exception):
    pass
def usage(msg):
    raise Rejected(str(msg))
opts = ServerOptions()
opts.usage = usage
try:
    opts.realize(["-c", sys.argv[1]], doc="", progname="supervisord")
except (Rejected, ValueError) as e:
    print("rejects: " + str(e).replace("\n", " | "))
else:
    print("accepts")
'''


def supervisord_verdict(case, env):
    proc = subprocess.run(['/usr/bin/python3', '-c', ORACLE, case.name],
                          cwd=os.path.dirname(case.path), env=env, capture_output=True,
                          text=True, errors='replace', timeout=60)
    line = (proc.stdout.strip().splitlines() or ['rejects: crashed: ' + proc.stderr[-300:]])[-1]
    verdict, _, why = line.partition(': ')
    return verdict, why


def cases(corpus, root, only):
    found = []
    for kind in KINDS:
        directory = os.path.join(corpus, kind)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            if not name.endswith('.conf') or not os.path.isfile(os.path.join(directory, name)):
                continue
            case = Case(kind, name, corpus, root)
            if only and not (fnmatch.fnmatchcase(case.id, only)
                             or fnmatch.fnmatchcase(name, only)):
                continue
            found.append(case)
    return found


def stale_golden_files(corpus):
    """Golden files whose config is gone: they would silently stop being tested."""
    stale = []
    for kind in KINDS:
        directory = os.path.join(corpus, kind)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            for suffix in ('.plan.json', '.diag.txt'):
                if name.endswith(suffix) and not os.path.exists(
                        os.path.join(directory, name[:-len(suffix)] + '.conf')):
                    stale.append('%s/%s' % (kind, name))
    return stale


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--svc', required=True, help='path to the svc binary')
    ap.add_argument('--corpus', default=DEFAULT_CORPUS, help='golden corpus directory')
    ap.add_argument('--update', action='store_true', help='rewrite the golden files')
    ap.add_argument('--only', help='glob of cases to run, e.g. "invalid/0*" or "*include*"')
    ap.add_argument('--oracle', action='store_true',
                    help="also check each verdict against supervisord 4.2.5's own parser")
    ap.add_argument('--keep', action='store_true', help='keep the temporary copy')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    args.svc = os.path.abspath(args.svc)
    args.corpus = os.path.abspath(args.corpus)
    if not os.access(args.svc, os.X_OK):
        ap.error('--svc must name the svc binary (got %r)' % args.svc)

    # realpath: on some systems the temporary directory is behind a symlink, and svc prints
    # the resolved path of included files.
    root = os.path.realpath(tempfile.mkdtemp(prefix='svc-golden-'))
    try:
        shutil.copytree(args.corpus, root, symlinks=True, dirs_exist_ok=True)
        for sub in ('home', 'tmp', 'logs'):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
        env = golden_env(root)
        runner = Runner(args)
        selected = cases(args.corpus, root, args.only)
        if not selected:
            ap.error('no cases in %s%s' % (args.corpus, ' match ' + args.only if args.only else ''))
        for case in selected:
            runner.run(case, env, root)
        if not args.only:
            for name in stale_golden_files(args.corpus):
                runner.failed += 1
                print('FAIL %s: golden file without a config' % name)
    finally:
        if args.keep:
            print('kept %s' % root)
        else:
            shutil.rmtree(root, ignore_errors=True)

    if args.update:
        print('%d golden files updated' % runner.updated)
    print('%d passed, %d failed' % (runner.passed, runner.failed))
    return 1 if runner.failed else 0


if __name__ == '__main__':
    sys.exit(main())
