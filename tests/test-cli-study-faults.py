#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""studycircle-cli's study data when things go wrong, in temporary XDG homes.

Usage: test-cli-study-faults.py PATH-TO-studycircle-cli
Prints TAP. Damaged study.db files of every kind (refused byte for byte,
the backup named, `restore-backup` puts it back and keeps the damaged
file), a full disk (the file's size capped with
STUDYCIRCLE_TEST_STUDY_MAX_PAGES, read by the store for tests), read-only
data folders, and 20 processes writing at once.
"""
import glob
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile

from taptest import run_tests, test

CLI = os.path.abspath(sys.argv[1])
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
DATADIR = os.environ.get('STUDYCIRCLE_DATADIR') or os.path.join(SRCDIR, '..', 'data')
GUIDE = 'new-member-introduction'
MAX_PAGES = 'STUDYCIRCLE_TEST_STUDY_MAX_PAGES'



class Home:
    """A temporary XDG home; the bundled library is the repository's."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='sc-test-cli-study-faults-')
        self.env = dict(os.environ)
        self.env.update({
            'XDG_DATA_HOME': os.path.join(self.dir, 'data'),
            'XDG_CACHE_HOME': os.path.join(self.dir, 'cache'),
            'XDG_CONFIG_HOME': os.path.join(self.dir, 'config'),
            'HOME': self.dir,
            'STUDYCIRCLE_DATADIR': DATADIR,
            'LC_ALL': 'C.UTF-8',
            'NO_COLOR': '1',
        })
        self.env.pop('LANGUAGE', None)
        self.env.pop(MAX_PAGES, None)
        self.data = os.path.join(self.dir, 'data', 'studycircle')
        self.db = os.path.join(self.data, 'study.db')

    def run(self, *args, check=None, env=None, wrapper=()):
        argv = list(wrapper) + [CLI] + list(args)
        proc = subprocess.run(argv, env=env or self.env, capture_output=True, text=True, timeout=300)
        if check is not None and proc.returncode != check:
            raise AssertionError(f'{list(args)}: exit {proc.returncode}, expected {check}\n'
                                 f'stdout: {proc.stdout}\nstderr: {proc.stderr}')
        return proc

    def json(self, *args, check=0, env=None):
        return json.loads(self.run(*args, '--json', check=check, env=env).stdout)

    def close(self):
        for root, dirs, _ in os.walk(self.dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o700)
        shutil.rmtree(self.dir, ignore_errors=True)


def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


def write_bytes(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def integrity(path):
    db = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
    try:
        return db.execute('PRAGMA integrity_check').fetchone()[0]
    finally:
        db.close()


def query(path, sql):
    db = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def with_data(home):
    """A group with two members. The second command finds records in the
    store and makes the daily backup: the group, no members yet."""
    home.json('group', 'create', 'Kept', '--guide', GUIDE, '--start', '2025-01-07')
    home.json('member', 'add', 'Kept', 'Ana')
    home.json('member', 'add', 'Kept', 'Bo')
    backups = sorted(glob.glob(home.db + '.backup-*'))
    assert len(backups) == 1, backups
    return backups[0]


def damage_page(path):
    """Scribbles over a page near the end, behind SQLite's back."""
    size = os.path.getsize(path)
    page = 4096
    assert size >= 8 * page, size
    with open(path, 'r+b') as f:
        f.seek((size // page - 2) * page)
        f.write(b'\x5a' * page)


def grow(home, n):
    """Enough rows that the file has many pages (in a group of its own)."""
    home.json('group', 'create', 'Large')
    for i in range(n):
        home.json('member', 'add', 'Large', f'Large {i}', '--contact', f'{i}' * 6000)


@test
def damaged_files_refused_and_restored():
    home = Home()
    try:
        backup = with_data(home)
        grow(home, 4)
        whole = read_bytes(home.db)
        damages = {
            'garbage': lambda: write_bytes(home.db, os.urandom(3 * 4096)),
            'truncated': lambda: write_bytes(home.db, whole[:len(whole) // 2]),
            'page overwritten': lambda: damage_page(home.db),
            'not a database': lambda: write_bytes(home.db, b'Notes for Tuesday, saved over the wrong file.\n'),
            'empty': lambda: write_bytes(home.db, b''),
        }
        for kind, damage in damages.items():
            # Every round starts from the whole file, without its log.
            for extra in glob.glob(home.db + '-*'):
                os.unlink(extra)
            write_bytes(home.db, whole)
            damage()
            damaged = read_bytes(home.db)

            # Refused, by every command, naming the file and the backup.
            for args in (('member', 'list', 'Kept'), ('member', 'add', 'Kept', 'Cy'), ('group', 'list')):
                proc = home.run(*args, check=1)
                assert home.db in proc.stderr and 'left untouched' in proc.stderr, (kind, proc.stderr)
                assert backup in proc.stderr, (kind, backup, proc.stderr)
                assert 'studycircle-cli restore-backup' in proc.stderr, (kind, proc.stderr)
                assert read_bytes(home.db) == damaged, kind
            assert not glob.glob(home.db + '.damaged-*'), kind

            # Restored: the damaged file kept as it was, the backup kept too.
            restored = home.json('restore-backup')
            kept = restored['damaged_kept_as']
            assert kept.startswith(home.db + '.damaged-'), restored
            assert restored['backup']['path'] == backup and restored['backup']['usable'], restored
            assert read_bytes(kept) == damaged, kind
            assert os.path.exists(backup)
            # The backup is the file as the first command after the group
            # was made found it: the group, no members yet.
            assert [g['name'] for g in home.json('group', 'list')] == ['Kept'], kind
            assert home.json('member', 'list', 'Kept') == [], kind
            assert integrity(home.db) == 'ok'
            home.json('member', 'add', 'Kept', 'Ana')
            for name in glob.glob(kept + '*'):    # with its -shm: one damaged file per round
                os.rename(name, name.replace('.damaged-', '.checked-'))

        # study.db gone altogether: the backup is put back, nothing to keep.
        for name in glob.glob(home.db) + glob.glob(home.db + '-*'):
            os.unlink(name)
        restored = home.json('restore-backup')
        assert restored['damaged_kept_as'] is None and restored['backup']['path'] == backup, restored
        assert [g['name'] for g in home.json('group', 'list')] == ['Kept']
    finally:
        home.close()


@test
def restore_backup_refuses_what_it_should():
    home = Home()
    try:
        # Nothing there at all: no backup to restore.
        proc = home.run('restore-backup', check=1)
        assert 'no usable backup' in proc.stderr, proc.stderr

        backup = with_data(home)
        # A whole file is never replaced.
        before = read_bytes(home.db)
        proc = home.run('restore-backup', check=1)
        assert 'nothing to restore' in proc.stderr, proc.stderr
        assert read_bytes(home.db) == before

        listed = home.json('restore-backup', '--list')
        assert [(b['path'], b['kind'], b['usable']) for b in listed] == [(backup, 'daily', True)], listed
        human = home.run('restore-backup', '--list', check=0).stdout
        assert backup in human and '(daily)' in human, human

        # Damaged, and so is the only backup: refused, nothing moved.
        write_bytes(home.db, os.urandom(8192))
        write_bytes(backup, b'half a backup')
        damaged = read_bytes(home.db)
        proc = home.run('member', 'list', 'Kept', check=1)
        assert 'There is no backup of it' in proc.stderr, proc.stderr
        proc = home.run('restore-backup', check=1)
        assert 'no usable backup' in proc.stderr, proc.stderr
        proc = home.run('restore-backup', backup, check=1)
        assert 'not a usable backup' in proc.stderr, proc.stderr
        assert read_bytes(home.db) == damaged
        assert not glob.glob(home.db + '.damaged-*')
        listed = home.json('restore-backup', '--list')
        assert [b['usable'] for b in listed] == [False], listed

        home.run('restore-backup', 'a', 'b', check=2)
        home.run('restore-backup', '--list', 'a', check=2)
        assert 'restore-backup' in home.run('--help', check=0).stdout
    finally:
        home.close()


@test
def disk_full_all_or_nothing():
    home = Home()
    try:
        with_data(home)
        # A progress file big enough to need new pages: six members with
        # long contacts.
        home.json('group', 'create', 'Shared')
        for i in range(6):
            home.json('member', 'add', 'Shared', f'Member {i}', '--contact', f'{i}' * 12000)
        exported = os.path.join(home.dir, 'shared.xml')
        home.run('export', 'Shared', '--output', exported, check=0)

        other = Home()
        try:
            with_data(other)
            before = query(other.db, 'SELECT name FROM members ORDER BY name')
            full = dict(other.env, **{MAX_PAGES: '1'})

            # The merge of a whole file: refused whole.
            proc = other.run('import', exported, env=full, check=1)
            assert 'not enough disk space to save' in proc.stderr and other.db in proc.stderr, proc.stderr
            # One write: the same.
            proc = other.run('member', 'add', 'Kept', 'Zed', '--contact', 'z' * 20000, env=full, check=1)
            assert 'not enough disk space to save' in proc.stderr and other.db in proc.stderr, proc.stderr

            assert integrity(other.db) == 'ok'
            assert query(other.db, 'SELECT name FROM members ORDER BY name') == before
            assert query(other.db, "SELECT count(*) FROM groups WHERE name = 'Shared'") == [(0,)]

            # Space again: the same commands go through.
            other.run('import', exported, check=0)
            other.json('member', 'add', 'Kept', 'Zed', '--contact', 'z' * 20000)
            assert len(other.json('member', 'list', 'Shared')) == 6
            assert [m['name'] for m in other.json('member', 'list', 'Kept')] == ['Ana', 'Bo', 'Zed']
            assert integrity(other.db) == 'ok'
        finally:
            other.close()
    finally:
        home.close()


def read_only_wrapper(home):
    """How to run the CLI so that a folder made 0500 binds it: as it is for
    an ordinary user; for root, in a user namespace of its own
    (`unshare --user`), where it keeps only the owner's rights. None when
    neither works here."""
    probe_dir = os.path.join(home.dir, 'probe')
    os.makedirs(probe_dir)
    os.chmod(probe_dir, 0o500)
    try:
        candidates = [()] if os.geteuid() != 0 else []
        if shutil.which('unshare'):
            candidates.append(('unshare', '--user', '--'))
        for wrapper in candidates:
            proc = subprocess.run(list(wrapper) + ['touch', os.path.join(probe_dir, 'x')],
                                  capture_output=True)
            if proc.returncode != 0 and not os.path.exists(os.path.join(probe_dir, 'x')):
                return wrapper
        return None
    finally:
        os.chmod(probe_dir, 0o700)


@test
def read_only_data_folder():
    home = Home()
    try:
        wrapper = read_only_wrapper(home)
        if wrapper is None:
            return 'SKIP a folder cannot be made read-only for this process here'
        with_data(home)
        before = read_bytes(home.db)
        os.chmod(home.data, 0o500)
        for args in (('member', 'list', 'Kept'), ('member', 'add', 'Kept', 'Cy')):
            proc = home.run(*args, wrapper=wrapper, check=1)
            assert home.db in proc.stderr and 'read-only' in proc.stderr, proc.stderr
        os.chmod(home.data, 0o700)
        assert read_bytes(home.db) == before

        # A new home whose data folder cannot be made.
        fresh = Home()
        try:
            os.makedirs(fresh.env['XDG_DATA_HOME'])
            os.chmod(fresh.env['XDG_DATA_HOME'], 0o500)
            proc = fresh.run('group', 'create', 'New', wrapper=wrapper, check=1)
            assert fresh.db in proc.stderr and 'cannot be made' in proc.stderr, proc.stderr
        finally:
            fresh.close()
    finally:
        home.close()


@test
def twenty_writers_at_once():
    home = Home()
    try:
        home.run('index', check=0)      # the library the attend commands read
        home.json('group', 'create', 'Busy', '--guide', GUIDE, '--start', '2025-01-07')
        for i in range(10):
            home.json('member', 'add', 'Busy', f'Present {i}')
        commands = [('member', 'add', 'Busy', f'New {i}') for i in range(10)]
        commands += [('attend', 'Busy', '1', f'Present {i}', '--status', 'present') for i in range(10)]
        procs = [subprocess.Popen([CLI] + list(args), env=home.env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for args in commands]
        for args, proc in zip(commands, procs):
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, (args, proc.returncode, out, err)
            assert 'locked' not in err and 'busy' not in err, (args, err)

        names = sorted(m['name'] for m in home.json('member', 'list', 'Busy'))
        assert names == sorted([f'New {i}' for i in range(10)] + [f'Present {i}' for i in range(10)]), names
        present = query(home.db, "SELECT count(*) FROM attendance WHERE session = 1 AND attendance = 'present'")
        assert present == [(10,)], present
        assert integrity(home.db) == 'ok'
    finally:
        home.close()


if __name__ == '__main__':
    sys.exit(run_tests())
