#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""studycircle-cli and the index under faults, end to end.

Usage: test-cli-faults.py PATH-TO-studycircle-cli
Prints TAP. Each test runs in a temporary XDG home: a full disk (the test
hook STUDYCIRCLE_TEST_INDEX_MAX_PAGES), read-only library and data folders,
a damaged or deleted index, file names that are not UTF-8, two runs at once,
and 100 searches started at once. HACKING.md ("Faults") lists what each
proves.

Read-only folders need an unprivileged user, since root may write anywhere:
run as root (as here and in CI), the CLI runs as "nobody" for those tests;
run as anyone else, plain chmod does. When neither works the test says SKIP
with the reason.
"""
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time

from taptest import run_tests, test

CLI = os.path.abspath(sys.argv[1])
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(SRCDIR, 'fixtures', 'library')
FIXTURE_DOCUMENTS = 6
NOBODY = 65534



def generated_text(n, version=0, sections=3):
    """A small valid text whose every section says markerNvV."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<text id="gen-{n}" lang="en" version="1">\n'
             f'<meta><title>Generated {n}</title><author>Generator</author>'
             f'<level>introductory</level></meta>\n<body>\n']
    for s in range(sections):
        parts.append(f'<section id="s{s}"><head>Part {s}</head>\n')
        for p in range(6):
            parts.append(f'<p>Workers of branch {n} meet to read marker{n}v{version} and discuss '
                         f'wages, hours and the union that organizes shop number {p}.</p>\n')
        parts.append('</section>\n')
    parts.append('</body>\n</text>\n')
    return ''.join(parts)


class Home:
    """A temporary XDG home with its own (empty) bundled library; readable
    by everyone, so that the CLI may run as another user."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='sc-test-cli-faults-')
        os.chmod(self.dir, 0o755)
        self.library = os.path.join(self.dir, 'library')
        shutil.copytree(FIXTURES, self.library)
        os.makedirs(os.path.join(self.dir, 'bundled', 'texts'))
        self.cache = os.path.join(self.dir, 'cache', 'studycircle')
        self.index = os.path.join(self.cache, 'index.db')
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

    def argv(self, args, library):
        argv = [CLI] + list(args)
        if library:
            argv[2:2] = ['--library', self.library]
        return argv

    def run(self, *args, library=True, check=None, env=None, as_user=None):
        argv = self.argv(args, library)
        kwargs = {}
        if as_user is not None:
            argv[0] = self.cli_for_others()
            kwargs = {'user': as_user, 'group': as_user, 'extra_groups': []}
        proc = subprocess.run(argv, env=env or self.env, capture_output=True, timeout=600, **kwargs)
        proc.stdout = proc.stdout.decode('utf-8')   # the CLI prints UTF-8, whatever the names
        proc.stderr = proc.stderr.decode('utf-8')
        if check is not None and proc.returncode != check:
            raise AssertionError(f'{argv[1:]}: exit {proc.returncode}, expected {check}\n'
                                 f'stdout: {proc.stdout}\nstderr: {proc.stderr}')
        assert 'database is locked' not in proc.stderr, proc.stderr
        assert 'AddressSanitizer' not in proc.stderr and 'runtime error' not in proc.stderr, proc.stderr
        return proc

    def cli_for_others(self):
        """A copy of the CLI that other users can run: the build folder may be
        in a folder only its owner may enter (mktemp -d, a home folder). The
        CLI needs nothing of the build folder: its core is linked in."""
        copy = os.path.join(self.dir, 'bin', 'studycircle-cli')
        if not os.path.exists(copy):
            os.makedirs(os.path.dirname(copy))
            os.chmod(os.path.dirname(copy), 0o755)
            shutil.copy2(CLI, copy)
            os.chmod(copy, 0o755)
        return copy

    def json(self, *args, **kwargs):
        proc = self.run(*args, '--json', **kwargs)
        return proc, json.loads(proc.stdout)

    def generate(self, count, folder='zz-generated', sections=3):
        path = os.path.join(self.library, folder)
        os.makedirs(path, exist_ok=True)
        for n in range(count):
            with open(os.path.join(path, f'gen-{n:05}.xml'), 'w', encoding='utf-8') as f:
                f.write(generated_text(n, sections=sections))

    def sql(self, query):
        """A plain query on the index: SQLite's own tables only (FTS5
        needs the app's tokenizer)."""
        db = sqlite3.connect(f'file:{self.index}?mode=ro', uri=True)
        try:
            return db.execute(query).fetchall()
        finally:
            db.close()

    def make_readable(self):
        for root, dirs, files in os.walk(self.dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
            for f in files:
                path = os.path.join(root, f)
                os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)

    def close(self):
        for root, dirs, _ in os.walk(self.dir):
            for d in dirs:
                try:
                    os.chmod(os.path.join(root, d), 0o755)
                except OSError:
                    pass
        shutil.rmtree(self.dir, ignore_errors=True)


def damage_page(path, table):
    """Overwrites the root page of @table in the index at @path."""
    db = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
    root = db.execute('SELECT rootpage FROM sqlite_schema WHERE name = ?', (table,)).fetchone()[0]
    page_size = db.execute('PRAGMA page_size').fetchone()[0]
    db.close()
    assert not os.path.exists(path + '-wal') or os.path.getsize(path + '-wal') == 0
    with open(path, 'r+b') as f:
        f.seek((root - 1) * page_size)
        f.write(b'\xa5' * page_size)


def unprivileged(home):
    """How to run the CLI where chmod binds: (the user to run it as, or
    None for this user), or a SKIP reason."""
    if os.geteuid() != 0:
        return None, None
    probe = subprocess.run([home.cli_for_others(), '--version'], capture_output=True, user=NOBODY,
                           group=NOBODY, extra_groups=[], env=home.env)
    if probe.returncode != 0:
        return None, ('SKIP running as root, and the CLI cannot run as an unprivileged user here: '
                      f'{probe.stderr.decode()[:200]}')
    return NOBODY, None


def assert_searchable(home, **kwargs):
    _, found = home.json('search', 'Seattle', '--kind', 'text', **kwargs)
    assert [r['text'] for r in found['results']] == ['the-general-strike'], found


@test
def disk_full_then_space_again():
    home = Home()
    try:
        home.run('index', check=0)
        home.generate(80)
        pages = home.sql('PRAGMA page_count')[0][0]
        # Room for 80 KB more: much less than the new texts need.
        room = max(1, 80 * 1024 // home.sql('PRAGMA page_size')[0][0])
        env = dict(home.env, STUDYCIRCLE_TEST_INDEX_MAX_PAGES=str(pages + room))
        proc = home.run('index', check=1, env=env)
        assert 'the disk is full' in proc.stderr and home.index in proc.stderr, proc.stderr
        assert proc.returncode > 0
        # Nothing damaged: SQLite's check passes, the texts indexed before are found.
        assert home.sql('PRAGMA integrity_check') == [('ok',)]
        indexed = home.sql('SELECT count(*) FROM docs')[0][0]
        assert FIXTURE_DOCUMENTS <= indexed < FIXTURE_DOCUMENTS + 80, indexed
        assert_searchable(home, library=False)
        # Space again: the next run completes the work.
        _, stats = home.json('index', check=0)
        assert stats['documents'] == FIXTURE_DOCUMENTS + 80 and stats['problems'] == [], stats
        _, found = home.json('search', 'marker79v0', library=False, check=0)
        assert [r['text'] for r in found['results']] == ['gen-79'], found
    finally:
        home.close()


@test
def read_only_library_folder():
    home = Home()
    try:
        user, skip = unprivileged(home)
        if skip:
            return skip
        home.make_readable()
        for root, dirs, files in os.walk(home.library):
            for f in files:
                os.chmod(os.path.join(root, f), 0o444)
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o555)
        os.chmod(home.library, 0o555)
        # The data folders are the user's own.
        for name in ('cache', 'data', 'config'):
            os.makedirs(os.path.join(home.dir, name), exist_ok=True)
            if user is not None:
                os.chown(os.path.join(home.dir, name), user, user)
        _, stats = home.json('index', check=0, as_user=user)
        assert stats['documents'] == FIXTURE_DOCUMENTS and stats['problems'] == [], stats
        assert_searchable(home, library=False, as_user=user, check=0)
    finally:
        home.close()


@test
def read_only_data_folder():
    home = Home()
    try:
        user, skip = unprivileged(home)
        if skip:
            return skip
        cache = os.path.join(home.dir, 'cache')
        # No index yet, and a folder where it cannot be made: a clear error
        # that names the folder, no crash.
        os.makedirs(home.cache)
        home.make_readable()
        if user is None:
            os.chmod(home.cache, 0o555)
        for command in (['index'], ['search', 'Seattle'], ['list']):
            proc = home.run(*command, check=1, as_user=user)
            assert home.cache in proc.stderr and 'cannot' in proc.stderr, (command, proc.stderr)
            assert len(proc.stderr.strip().splitlines()) <= 2, proc.stderr
        assert not os.path.exists(home.index)

        # An index made before, now read-only: searching works; indexing
        # says it cannot write there, and the index stays as it was.
        os.chmod(home.cache, 0o755)
        shutil.rmtree(cache)
        home.run('index', check=0)
        home.make_readable()
        if user is None:
            os.chmod(home.index, 0o444)
            os.chmod(home.cache, 0o555)
        before = os.stat(home.index)
        assert_searchable(home, library=False, as_user=user, check=0)
        _, listing = home.json('list', '--kind', 'text', library=False, as_user=user, check=0)
        assert len(listing) == 4, listing
        proc = home.run('index', check=1, as_user=user)
        assert home.cache in proc.stderr and 'cannot write the search index' in proc.stderr, proc.stderr
        # With --library the search brings the index up to date first:
        # that fails, said once, and the search goes on with the index as it is.
        proc = home.run('search', 'Seattle', '--kind', 'text', check=1, as_user=user)
        assert 'the-general-strike' in proc.stdout, proc.stdout
        assert 'cannot write the search index' in proc.stderr, proc.stderr
        after = os.stat(home.index)
        assert (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns)
        assert not os.path.exists(home.index + '-wal') or user is None
    finally:
        home.close()


@test
def damaged_index_is_rebuilt():
    home = Home()
    try:
        home.generate(20)
        home.run('index', check=0)
        # Not a database at all: rebuilt on open, from the folders of the
        # last run (no --library here).
        with open(home.index, 'wb') as f:
            f.write(b'this is not a database, just words\n')
        assert_searchable(home, library=False, check=0)
        assert home.sql('SELECT count(*) FROM docs')[0][0] == FIXTURE_DOCUMENTS + 20

        # A page of the FTS5 data overwritten: only a search finds it; it
        # rebuilds the index, says so, and answers.
        damage_page(home.index, 'fts_data')
        proc, found = home.json('search', 'Seattle', '--kind', 'text', library=False, check=0)
        assert 'damaged' in proc.stderr, proc.stderr
        assert [r['text'] for r in found['results']] == ['the-general-strike'], found

        # A page of `docs`: found by list.
        damage_page(home.index, 'docs')
        proc, listing = home.json('list', '--kind', 'text', library=False, check=0)
        assert 'damaged' in proc.stderr, proc.stderr
        assert len(listing) == 4 + 20, listing

        # A page of `files`: found by the next index run, which starts again.
        damage_page(home.index, 'files')
        proc, stats = home.json('index', library=False, check=0)
        assert stats['parsed'] == FIXTURE_DOCUMENTS + 20, stats
        assert any('damaged' in w for w in stats['warnings']), stats
        assert home.sql('PRAGMA integrity_check') == [('ok',)]

        # Deleted: rebuilt by the next command that needs it.
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(home.index + suffix):
                os.unlink(home.index + suffix)
        _, found = home.json('search', 'marker19v0', library=False, check=0)
        assert [r['text'] for r in found['results']] == ['gen-19'], found
    finally:
        home.close()


@test
def non_utf8_file_names():
    home = Home()
    try:
        library = os.fsencode(home.library)
        with open(os.path.join(library, b'caf\xe9-\xff.xml'), 'w', encoding='utf-8') as f:
            f.write(generated_text(7))
        with open(os.path.join(library, b'broken-\xe9.xml'), 'w', encoding='utf-8') as f:
            f.write('<?xml version="1.0"?>\n<text id="broken">\n<meta>\n')
        proc, stats = home.json('index', check=1)
        assert stats['documents'] == FIXTURE_DOCUMENTS + 1, stats
        assert len(stats['problems']) == 1, stats
        assert 'broken-\ufffd.xml:' in stats['problems'][0], stats
        assert 'broken-\ufffd.xml:' in proc.stderr, proc.stderr
        _, found = home.json('search', 'marker7v0', library=False, check=0)
        assert [r['text'] for r in found['results']] == ['gen-7'], found
        _, listing = home.json('list', '--kind', 'text', library=False, check=0)
        shown = [d['path'] for d in listing if d['id'] == 'gen-7']
        assert shown and shown[0].endswith('caf\ufffd-\ufffd.xml'), listing
        proc = home.run('show', 'gen-7', library=False, check=0)
        assert 'Generated 7' in proc.stdout, proc.stdout
    finally:
        home.close()


@test
def two_index_runs_and_a_search_at_once():
    home = Home()
    try:
        home.generate(1000)
        argv = home.argv(['index', '--json'], True)
        runs = [subprocess.Popen(argv, env=home.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(2)]
        time.sleep(0.3)
        search = home.run('search', 'Seattle', '--kind', 'text', '--json', library=False)
        outputs = [run.communicate(timeout=600) for run in runs]
        for run, (out, err) in zip(runs, outputs):
            assert run.returncode == 0, err
            assert b'locked' not in err, err
            assert json.loads(out)['documents'] == FIXTURE_DOCUMENTS + 1000
        # One waited for the other, then found the work done.
        parsed = sorted(json.loads(out)['parsed'] for out, _ in outputs)
        assert parsed == [0, FIXTURE_DOCUMENTS + 1000], parsed
        assert search.returncode == 0, search.stderr
        assert [r['text'] for r in json.loads(search.stdout)['results']] == ['the-general-strike']
        assert home.sql('PRAGMA integrity_check') == [('ok',)]
    finally:
        home.close()


@test
def search_during_index():
    home = Home()
    try:
        home.run('index', check=0)
        home.generate(1500)
        run = subprocess.Popen(home.argv(['index'], True), env=home.env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.2)
        searches = 0
        while run.poll() is None:
            # The index as it is: never waits for the run to end.
            started = time.monotonic()
            home.run('search', 'Seattle', '--kind', 'text', library=False, check=0)
            searches += 1
            assert time.monotonic() - started < 30
        out, err = run.communicate()
        assert run.returncode == 0, err
        assert searches > 0
        print(f'# {searches} searches during the index run')
        home.run('search', 'marker1499v0', library=False, check=0)
    finally:
        home.close()


@test
def hundred_searches_at_once():
    home = Home()
    try:
        home.generate(200)
        home.run('index', check=0)
        queries = ['Seattle', 'marker0v0', 'marker199v0', 'overproduction', 'huelga']
        expected = {}
        for query in queries:
            _, found = home.json('search', query, '--kind', 'text', library=False, check=0)
            expected[query] = [r['text'] for r in found['results']]
            assert expected[query], query
        procs = []
        for i in range(100):
            query = queries[i % len(queries)]
            argv = home.argv(['search', query, '--kind', 'text', '--json'], False)
            procs.append((query, subprocess.Popen(argv, env=home.env, stdout=subprocess.PIPE,
                                                  stderr=subprocess.PIPE)))
        failures = []
        for query, proc in procs:
            out, err = proc.communicate(timeout=600)
            if proc.returncode != 0 or [r['text'] for r in json.loads(out)['results']] != expected[query]:
                failures.append((query, proc.returncode, err.decode()[:300]))
        assert not failures, failures
    finally:
        home.close()


if __name__ == '__main__':
    sys.exit(run_tests())
