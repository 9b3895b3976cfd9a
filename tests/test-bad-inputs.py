#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile and broken files in a library: studycircle-cli index survives them.

Usage: test-bad-inputs.py PATH-TO-studycircle-cli
Prints TAP. The inputs are tests/bad/ (see its README.md) plus the large ones
tests/bad/generate.py writes. They are indexed together with three good
texts, then each alone, in a temporary XDG home. For each file:

- studycircle-cli exits normally (1: "some files rejected", 0 for the valid);
- its peak memory (ru_maxrss from wait4) stays under 200 MiB; skipped under
  the sanitizers (STUDYCIRCLE_SANITIZE), whose shadow memory makes RSS say
  nothing about the program;
- it takes under 10 s alone, 60 s for the whole library (5 times that under
  the sanitizers); measured runs take 0.05 to 1.5 s;
- it is reported as "FILE:LINE: message" with the line of the problem, or,
  when valid, read and found by a search;
- nothing from outside the file reaches the index: neither the canary word
  of ../outside/canary.txt nor /etc/passwd, whether searched for or looked
  for in the bytes of the database, and no request reaches the HTTP server
  the files point at;
- the good texts are indexed and found.
"""
import codecs
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

CLI = os.path.abspath(sys.argv[1])
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
BAD = os.path.join(SRCDIR, 'bad')
GOOD = os.path.join(SRCDIR, 'fixtures', 'library', 'en')
SANITIZED = os.environ.get('STUDYCIRCLE_SANITIZE', 'none') not in ('', 'none')

sys.path.insert(0, BAD)
sys.dont_write_bytecode = True   # nothing written into the source tree
import generate  # noqa: E402  (tests/bad/generate.py)

CANARY = 'quetzalcoatlus'          # the secret word outside the library
FILE_PORT = b'127.0.0.1:8631'      # the port written in the files
MAX_RSS_KB = 200 * 1024
FACTOR = 5 if SANITIZED else 1
ALONE_SECONDS = 10 * FACTOR
TOGETHER_SECONDS = 60 * FACTOR
EXIT_REJECTED = 1

# The good texts copied in, and a word each that finds it.
GOOD_TEXTS = {
    'the-general-strike.xml': ('the-general-strike', 'Seattle'),
    'wages-and-profit.xml': ('wages-and-profit', 'wages'),
    'tei-sample.xml': ('s00001', 'Banneker'),
}


def load_cases():
    """tests/bad/cases.txt: {file: {'reject': where, 'message': …} or {'read': words, 'id': …}}."""
    cases = {}
    with open(os.path.join(BAD, 'cases.txt'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            name, where, *rest = line.rstrip('\n').split('\t')
            if where == 'read':
                cases[name] = {'id': rest[0], 'read': rest[1].split()}
            elif where.isdigit():
                cases[name] = {'reject': int(where), 'message': rest[0]}
            elif where in ('last', 'generated'):
                cases[name] = {'reject': where, 'message': rest[0]}
            else:
                cases[name] = {'reject': codecs.escape_decode(where.encode())[0], 'message': rest[0]}
    return cases


CASES = load_cases()

results = []


def tap(ok, description, diagnostics=''):
    results.append(ok)
    print(f'{"ok" if ok else "not ok"} {len(results)} - {description}')
    for line in (diagnostics if not ok else '').splitlines():
        print(f'# {line}')
    sys.stdout.flush()


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers anything with the canary, and remembers that it was asked."""
    requests = []

    def do_GET(self):
        Recorder.requests.append(self.path)
        body = f'<!ENTITY leak "{CANARY}">\n'.encode() if self.path.endswith('.dtd') else CANARY.encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


# Runs argv[2:] and writes its exit status and peak RSS (KB) to argv[1]. A
# process's ru_maxrss also counts what its parent held when it was spawned
# (fork, vfork and exec keep the high-water mark), and this test holds tens
# of MB; spawned from this small process instead, the program's own peak is
# what is measured.
MEASURE = """
import os, sys
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], 'w') as f:
    f.write(f'{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}')
"""


class Run:
    """One studycircle-cli run: exit status, output, seconds, peak RSS (KB)."""

    def __init__(self, argv, env, cwd):
        with tempfile.TemporaryDirectory() as tmp:
            out_path, err_path, measure_path = (os.path.join(tmp, n) for n in ('out', 'err', 'measure'))
            with open(out_path, 'wb') as out, open(err_path, 'wb') as err:
                started = time.monotonic()
                subprocess.run([sys.executable, '-c', MEASURE, measure_path] + argv,
                               env=env, cwd=cwd, stdout=out, stderr=err, check=True)
                self.seconds = time.monotonic() - started
            with open(measure_path) as f:
                status, rss = f.read().split()
            self.status = int(status)
            self.max_rss_kb = int(rss)
            with open(out_path, 'rb') as f:
                self.stdout = f.read().decode('utf-8', 'replace')
            with open(err_path, 'rb') as f:
                self.stderr = f.read().decode('utf-8', 'replace')


class Home:
    """A temporary XDG home indexing one library folder."""

    def __init__(self, root, name, library):
        self.dir = os.path.join(root, name)
        self.library = library
        os.makedirs(os.path.join(self.dir, 'bundled', 'texts'))
        self.env = dict(os.environ)
        self.env.update({
            'XDG_DATA_HOME': os.path.join(self.dir, 'data'),
            'XDG_CACHE_HOME': os.path.join(self.dir, 'cache'),
            'XDG_CONFIG_HOME': os.path.join(self.dir, 'config'),
            'HOME': self.dir,
            'STUDYCIRCLE_DATADIR': os.path.join(self.dir, 'bundled'),
            'LC_ALL': 'C.UTF-8',
            'NO_COLOR': '1',
        })
        self.env.pop('LANGUAGE', None)

    def run(self, *args):
        # From inside the library, so that a relative "../outside/…" names
        # the canary whether resolved against the file or the working folder.
        return Run([CLI] + list(args), self.env, self.library)

    def index(self):
        run = self.run('index', '--library', self.library, '--json')
        run.json = json.loads(run.stdout) if run.stdout.strip() else None
        return run

    def search(self, *words):
        run = self.run('search', '--json', '--', *words)
        found = json.loads(run.stdout) if run.stdout.strip() else {'results': []}
        return [r['text'] for r in found['results']]


def expected_line(path, where, generated):
    if where == 'generated':
        return generated[os.path.basename(path)]
    if isinstance(where, int):
        return where
    with open(path, 'rb') as f:
        data = f.read()
    if where == 'last':
        return data.count(b'\n') + 1
    return data[:data.index(where)].count(b'\n') + 1


def check_outcome(path, case, problems, generated, home):
    """Whether the file's outcome is the expected one; returns (ok, what)."""
    mine = [p for p in problems if p.startswith(path + ':')]
    if 'read' in case:
        missing = [w for w in case['read'] if case['id'] not in home.search(w)]
        if mine or missing:
            return False, f'expected to be read: problems {mine}, words not found {missing}'
        return True, 'read, found by ' + ', '.join(case['read'])
    line = expected_line(path, case['reject'], generated)
    prefix = f'{path}:{line}: '
    if len(mine) != 1 or not mine[0].startswith(prefix) or case['message'] not in mine[0]:
        return False, f'expected "{prefix}…{case["message"]}…", got {mine}'
    return True, mine[0][len(path) + 1:]


def passwd_first_line():
    """The first line of this machine's /etc/passwd ("root:x:0:0:…")."""
    try:
        with open('/etc/passwd', encoding='utf-8', errors='replace') as f:
            return f.readline().strip() or None
    except OSError:
        return None


def assert_nothing_leaked(home, index_path):
    """No canary and no /etc/passwd in searches or in the database's bytes."""
    leaks = []
    if home.search(CANARY):
        leaks.append(f'search {CANARY!r} found something')
    first_line = passwd_first_line()
    for query in ('root nologin', 'root', 'nologin'):
        if home.search(*query.split()):
            leaks.append(f'search {query!r} found something')
    for suffix in ('', '-wal'):
        try:
            with open(index_path + suffix, 'rb') as f:
                data = f.read()
        except FileNotFoundError:
            continue
        if CANARY.encode() in data:
            leaks.append(f'the canary is in {os.path.basename(index_path + suffix)}')
        if first_line and first_line.encode() in data:
            leaks.append(f'/etc/passwd is in {os.path.basename(index_path + suffix)}')
    if Recorder.requests:
        leaks.append(f'HTTP requests made: {Recorder.requests}')
    return leaks


def copy_input(name, source_dir, library, port):
    """Copies a bad file, pointing its http:// URLs at our server."""
    with open(os.path.join(source_dir, name), 'rb') as f:
        data = f.read()
    with open(os.path.join(library, name), 'wb') as f:
        f.write(data.replace(FILE_PORT, f'127.0.0.1:{port}'.encode()))


def bounds(run):
    """What is wrong with a run's status, time and memory, if anything."""
    wrong = []
    if run.status < 0:
        wrong.append(f'killed by signal {-run.status}')
    elif run.status not in (0, EXIT_REJECTED):
        wrong.append(f'exit status {run.status}')
    if 'AddressSanitizer' in run.stderr or 'runtime error:' in run.stderr:
        wrong.append('sanitizer report')
    if not SANITIZED and run.max_rss_kb > MAX_RSS_KB:
        wrong.append(f'peak RSS {run.max_rss_kb // 1024} MiB')
    return wrong


def main():
    root = tempfile.mkdtemp(prefix='sc-test-bad-')
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    table = []
    try:
        outside = os.path.join(root, 'outside')
        os.makedirs(outside)
        with open(os.path.join(outside, 'canary.txt'), 'w') as f:
            f.write(CANARY + '\n')
        with open(os.path.join(outside, 'canary.dtd'), 'w') as f:
            f.write('<!ENTITY leak SYSTEM "canary.txt">\n')

        generated_dir = os.path.join(root, 'generated')
        os.makedirs(generated_dir)
        generated = generate.generate(generated_dir)
        committed = sorted(n for n in os.listdir(BAD) if n.endswith('.xml'))
        tap(sorted(set(committed) | set(generated)) == sorted(CASES),
            'every file of tests/bad/ and generate.py has an expected outcome',
            f'files: {sorted(set(committed) | set(generated))}\ncases: {sorted(CASES)}')

        def source(name):
            return generated_dir if name in generated else BAD

        # All together, with good texts.
        library = os.path.join(root, 'library')
        os.makedirs(library)
        for name in CASES:
            copy_input(name, source(name), library, port)
        for name in GOOD_TEXTS:
            shutil.copy(os.path.join(GOOD, name), library)
        home = Home(root, 'home', library)
        run = home.index()
        wrong = bounds(run)
        if run.seconds > TOGETHER_SECONDS:
            wrong.append(f'{run.seconds:.1f} s')
        tap(not wrong and run.status == EXIT_REJECTED and run.json is not None,
            f'together: index exits {run.status} in {run.seconds:.2f} s, peak RSS {run.max_rss_kb // 1024} MiB'
            + (' (not bounded under the sanitizers)' if SANITIZED else ''),
            '; '.join(wrong) + '\n' + run.stderr[-2000:])
        stats = run.json or {'problems': [], 'documents': 0}
        n_read = sum(1 for c in CASES.values() if 'read' in c)
        tap(stats['documents'] == len(GOOD_TEXTS) + n_read,
            f'together: {stats["documents"]} documents = {len(GOOD_TEXTS)} good texts + {n_read} valid inputs')
        for text_id, word in GOOD_TEXTS.values():
            tap(text_id in home.search(word), f'together: good text {text_id} found by "{word}"')
        for name, case in CASES.items():
            path = os.path.join(library, name)
            ok, what = check_outcome(path, case, stats['problems'], generated, home)
            tap(ok and all(p in run.stderr for p in stats['problems'] if p.startswith(path + ':')),
                f'together: {name}: {what}')
        leaks = assert_nothing_leaked(home, stats.get('index', ''))
        tap(not leaks, 'together: nothing from outside the files is in the index', '\n'.join(leaks))
        again = home.index()
        tap(again.json is not None and again.json['parsed'] == 0 and again.json['problems'] == stats['problems'],
            'together: a second run parses nothing and reports the same problems')

        # Each alone: a library of that file only, so bounds are per file.
        for i, (name, case) in enumerate(CASES.items()):
            alone = os.path.join(root, f'alone-{i}', 'library')
            os.makedirs(alone)
            copy_input(name, source(name), alone, port)
            home = Home(os.path.dirname(alone), 'home', alone)
            run = home.index()
            wrong = bounds(run)
            if run.seconds > ALONE_SECONDS:
                wrong.append(f'{run.seconds:.1f} s')
            expected_status = 0 if 'read' in case else EXIT_REJECTED
            if run.status != expected_status:
                wrong.append(f'exit {run.status}, expected {expected_status}')
            stats = run.json or {'problems': [], 'index': ''}
            path = os.path.join(alone, name)
            ok, what = check_outcome(path, case, stats['problems'], generated, home)
            leaks = assert_nothing_leaked(home, stats['index'])
            rss = 'n/a (sanitizers)' if SANITIZED else f'{run.max_rss_kb / 1024:.0f} MiB'
            tap(ok and not wrong and not leaks,
                f'alone: {name}: {what} ({run.seconds:.2f} s, peak RSS {rss})',
                '\n'.join(wrong + leaks) + ('\n' + run.stderr[-2000:] if wrong else ''))
            table.append((name, what, f'{run.seconds:.2f}', rss))
            shutil.rmtree(os.path.dirname(alone), ignore_errors=True)

        tap(not Recorder.requests, 'no request ever reached the HTTP server', str(Recorder.requests))
    except Exception:
        tap(False, 'the test itself', traceback.format_exc())
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(root, ignore_errors=True)

    print('# file | outcome | seconds | peak RSS')
    for row in table:
        print('# ' + ' | '.join(row))
    print(f'1..{len(results)}')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
