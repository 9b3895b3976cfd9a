#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""studycircle-cli's study commands end to end, in temporary XDG homes.

Usage: test-cli-study.py PATH-TO-studycircle-cli
Prints TAP. The library is the real bundled one (STUDYCIRCLE_DATADIR, set
by meson to the source tree's data/): the guide new-member-introduction
has 8 sessions. Every number checked below is worked out by hand in the
comments next to it.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from taptest import run_tests, test

CLI = os.path.abspath(sys.argv[1])
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
DATADIR = os.environ.get('STUDYCIRCLE_DATADIR') or os.path.join(SRCDIR, '..', 'data')
LOCALEDIR = os.environ.get('STUDYCIRCLE_LOCALEDIR', '')
GUIDE = 'new-member-introduction'
GROUP = 'Tuesday readers'



class Home:
    """A temporary XDG home; the bundled library is the repository's."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='sc-test-cli-study-')
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

    def run(self, *args, check=None, env=None):
        argv = [CLI] + list(args)
        proc = subprocess.run(argv, env=env or self.env, capture_output=True, text=True, timeout=300)
        if check is not None and proc.returncode != check:
            raise AssertionError(f'{list(args)}: exit {proc.returncode}, expected {check}\n'
                                 f'stdout: {proc.stdout}\nstderr: {proc.stderr}')
        return proc

    def json(self, *args, check=0):
        proc = self.run(*args, '--json', check=check)
        return json.loads(proc.stdout)

    def fails(self, status, *args, says=None):
        """The command exits with @status and explains itself on stderr."""
        proc = self.run(*args, check=status)
        assert proc.stderr.strip(), (args, 'no message on stderr')
        if says is not None:
            assert says in proc.stderr, (args, says, proc.stderr)
        return proc

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def by_name(members):
    return {m['name']: m for m in members}


def build_story(home):
    """The facilitator's story: an 8-week group on the bundled guide.

    Meetings weekly from Tuesday 2025-01-07; session 3 moved by hand to
    Thursday 2025-01-23. Guide readings per session: 3, 3, 2, 2, 4, 4, 2, 2.
    Bo also has an extra reading due at session 2 (his session 2: 4 readings).
    Done: Ana all of sessions 1 and 2; Bo 1:1, 2:1 and his extra (2:2 in
    progress); Cy nothing (1:1 in progress). Session 1: Ana present with
    questions, Bo present, Cy absent.
    """
    group = home.json('group', 'create', GROUP, '--guide', GUIDE, '--start', '2025-01-07',
                      '--branch', 'Eastside', '--facilitator', 'Ana', '--status', 'active')
    members = {}
    for name, extra in (('Ana', ['--role', 'facilitator', '--contact', 'ana@example.org']),
                        ('Bo', []), ('Cy', [])):
        members[name] = home.json('member', 'add', GROUP, name, '--joined', '2025-01-02', *extra)
    home.json('schedule', GROUP, '--session', '2', '--place', 'Union hall')
    home.json('schedule', GROUP, '--session', '3', '--date', '2025-01-23')
    extra = home.json('assign', 'add', GROUP, 'the-strike', '--from', 'famous-strikes',
                      '--to', 'flint-1936-1937', '--member', 'Bo', '--session', '2',
                      '--note', 'Compare Flint with your own workplace')
    for reading in ('1:1', '1:2', '1:3', '2:1', '2:2', '2:3'):
        home.json('progress', 'mark', GROUP, 'Ana', reading, '--status', 'done', '--date', '2025-01-06')
    home.json('progress', 'mark', GROUP, 'Bo', '1:1', '--status', 'done', '--date', '2025-01-05')
    home.json('progress', 'mark', GROUP, 'bo', 'guide:session-2:1', '--status', 'done', '--date', '2025-01-09')
    home.json('progress', 'mark', GROUP, 'Bo', '2:2', '--status', 'reading', '--note', 'half way')
    home.json('progress', 'mark', GROUP, 'Bo', extra['id'][:6], '--status', 'done', '--date', '2025-01-09')
    home.json('progress', 'mark', GROUP, 'Cy', '1:1', '--status', 'reading')
    home.json('attend', GROUP, '1', 'Ana', '--status', 'present', '--questions')
    home.json('attend', GROUP, '1', 'Bo', '--status', 'present')
    home.json('attend', GROUP, 'session-1', 'Cy', '--status', 'absent')
    return group, members, extra


_story = None


def story():
    """One home with the story, shared by the tests that only read it."""
    global _story
    if _story is None:
        home = Home()
        _story = (home,) + build_story(home)
    return _story


@test
def create_group_and_members():
    home, group, members, _ = story()
    assert group['name'] == GROUP and group['guide'] == GUIDE, group
    assert group['start_date'] == '2025-01-07' and group['cadence'] == 'weekly', group
    assert group['status'] == 'active' and group['branch'] == 'Eastside', group
    assert members['Ana']['role'] == 'facilitator' and members['Bo']['role'] == 'member', members
    assert members['Ana']['contact'] == 'ana@example.org', members['Ana']
    listed = home.json('member', 'list', GROUP)
    assert [m['name'] for m in listed] == ['Ana', 'Bo', 'Cy'], listed
    human = home.run('member', 'list', group['id'][:8], check=0)
    assert 'Ana (facilitator)' in human.stdout and 'joined 2025-01-02' in human.stdout, human.stdout
    groups = home.json('group', 'list')
    assert [g['id'] for g in groups] == [group['id']], groups
    assert 'Tuesday readers' in home.run('group', 'list', check=0).stdout


@test
def schedule_computed_and_set_by_hand():
    home = story()[0]
    meetings = home.json('schedule', GROUP)
    # Weekly from 2025-01-07, session 3 moved to 2025-01-23 by hand.
    expected = ['2025-01-07', '2025-01-14', '2025-01-23', '2025-01-28',
                '2025-02-04', '2025-02-11', '2025-02-18', '2025-02-25']
    assert [m['date'] for m in meetings] == expected, meetings
    assert [m['session'] for m in meetings] == list(range(1, 9)), meetings
    assert [m['date_set'] for m in meetings] == [False, False, True] + [False] * 5, meetings
    assert meetings[1]['place'] == 'Union hall' and meetings[0]['place'] is None, meetings
    assert meetings[1]['title'] == 'Unions and strikes' and meetings[1]['session_id'] == 'session-2'
    human = home.run('schedule', GROUP, check=0).stdout
    assert 'Session 2  2025-01-14 at Union hall — Unions and strikes' in human, human
    assert 'Session 3  2025-01-23 (set by hand)' in human, human


@test
def assignment_listed():
    home, _, members, extra = story()
    assert extra['text'] == 'the-strike' and extra['from'] == 'famous-strikes', extra
    assert extra['to'] == 'flint-1936-1937' and extra['due_session'] == 2, extra
    assert extra['member'] == members['Bo']['id'] and extra['member_name'] == 'Bo', extra
    listed = home.json('assign', 'list', GROUP)
    assert [a['id'] for a in listed] == [extra['id']], listed
    human = home.run('assign', 'list', GROUP, check=0).stdout
    assert 'the-strike famous-strikes → flint-1936-1937 — for Bo, due at session 2' in human, human
    assert 'Compare Flint with your own workplace' in human, human


@test
def progress_labels_and_member_view():
    home, _, _, extra = story()
    bo = home.json('progress', 'show', GROUP, '--member', 'Bo')
    labels = [(r['label'], r['status']) for r in bo['readings'] if r['session'] <= 2]
    assert labels == [('1:1', 'done'), ('1:2', 'not-started'), ('1:3', 'not-started'),
                      ('2:1', 'done'), ('2:2', 'reading'), ('2:3', 'not-started'),
                      ('2:4', 'done')], labels
    fourth = bo['readings'][6]
    assert fourth['key'] == 'assignment:' + extra['id'] and fourth['only_for_member'], fourth
    assert bo['readings'][4]['note'] == 'half way', bo['readings'][4]
    assert bo['readings'][0]['done_date'] == '2025-01-05', bo['readings'][0]
    # The external work of session 1 is not in the library; the texts are.
    assert bo['readings'][2]['title'] == 'Wage Labour and Capital' and not bo['readings'][2]['in_library']
    assert bo['readings'][0]['in_library'] and bo['readings'][0]['minutes'] == 8
    # 8 + 3 + 3 + 2 + 2 + 4 + 4 + 2 + 2 readings: Cy does not see Bo's extra one.
    cy = home.json('progress', 'show', GROUP, '--member', 'Cy')
    assert len(bo['readings']) == 23 and len(cy['readings']) == 22, (len(bo['readings']), len(cy['readings']))
    human = home.run('progress', 'show', GROUP, '--member', 'Bo', check=0).stdout
    assert 'Session 2 — Unions and strikes' in human, human
    assert re.search(r'2:4\s+done\s+the-strike famous-strikes → flint-1936-1937', human), human
    assert 'half way' in human and 'done 2025-01-09' in human, human


@test
def group_show_numbers():
    home, group, members, _ = story()
    shown = home.json('group', 'show', GROUP, '--today', '2025-01-10')
    # 2025-01-07 is past, 2025-01-14 is not: the next meeting is session 2.
    assert shown['next_session'] == 2 and shown['next_date'] == '2025-01-14', shown
    assert shown['guide']['id'] == GUIDE and shown['guide']['in_library'], shown['guide']
    assert shown['guide']['sessions'] == 8 and len(shown['meetings']) == 8, shown
    people = by_name(shown['members'])
    # Ana: session 2's 3 readings all done; sessions 1-2: 6 of 6; 1 of 1 meetings.
    ana = people['Ana']
    assert (ana['next_done'], ana['next_assigned'], ana['ready']) == (3, 3, 1.0), ana
    assert (ana['done'], ana['assigned'], ana['completion']) == (6, 6, 1.0), ana
    assert (ana['present'], ana['absent'], ana['attendance_rate'], ana['behind']) == (1, 0, 1.0, False), ana
    assert ana['role'] == 'facilitator', ana
    # Bo: session 2 is 3 guide readings + his extra one; done 2:1 and the extra.
    bo = people['Bo']
    assert (bo['next_done'], bo['next_assigned'], bo['ready']) == (2, 4, 0.5), bo
    # Sessions 1-2: 3 + 4 = 7 readings; done 1:1, 2:1 and the extra.
    assert (bo['done'], bo['assigned']) == (3, 7) and abs(bo['completion'] - 3 / 7) < 1e-9, bo
    assert (bo['attendance_rate'], bo['behind']) == (1.0, True), bo
    # Cy: "reading" is not done.
    cy = people['Cy']
    assert (cy['next_done'], cy['next_assigned'], cy['ready']) == (0, 3, 0.0), cy
    assert (cy['done'], cy['assigned'], cy['completion']) == (0, 6, 0.0), cy
    assert (cy['present'], cy['absent'], cy['attendance_rate'], cy['behind']) == (0, 1, 0.0, True), cy
    assert shown['behind'] == ['Bo', 'Cy'], shown['behind']
    # Session 2 for everyone: 3 guide readings + Bo's, 8 + 14 + 20 minutes (Bo's
    # extra reading is his alone); pairs done: Ana 3 + Bo 2 of 3 + 3 + 4.
    session2 = shown['meetings'][1]
    assert (session2['readings'], session2['minutes']) == (4, 42), session2
    assert abs(session2['completion'] - 5 / 10) < 1e-9, session2

    human = home.run('group', 'show', GROUP, '--today', '2025-01-10', check=0).stdout
    assert 'Next meeting: Session 2  2025-01-14 at Union hall — Unions and strikes' in human, human
    assert re.search(r'Bo\s+ready 2/4 \(50%\)\s+completion 3/7 \(43%\)\s+attendance 100%', human), human
    assert re.search(r'Cy\s+ready 0/3 \(0%\)\s+completion 0/6 \(0%\)\s+attendance 0%', human), human
    assert 'Behind for session 2: Bo, Cy' in human, human
    assert human.index('Next meeting:') < human.index('Schedule:') < human.index('Members:'), human

    # A week later the next meeting is session 3, moved to 2025-01-23: its
    # two readings (13 min + an external one of 30) are nobody's done yet.
    later = home.json('group', 'show', group['id'], '--today', '2025-01-15')
    assert later['next_session'] == 3 and later['next_date'] == '2025-01-23', later
    people = by_name(later['members'])
    assert [(people[n]['next_done'], people[n]['next_assigned']) for n in ('Ana', 'Bo', 'Cy')] == \
        [(0, 2), (0, 2), (0, 2)], people
    assert (people['Ana']['done'], people['Ana']['assigned']) == (6, 8), people['Ana']
    assert later['behind'] == ['Ana', 'Bo', 'Cy'], later['behind']
    assert later['meetings'][2]['minutes'] == 43, later['meetings'][2]
    # After the last meeting there is no next one.
    done = home.json('group', 'show', GROUP, '--today', '2025-03-01')
    assert done['next_session'] is None and done['behind'] == [], done


@test
def progress_grid():
    home = story()[0]
    grid = home.json('progress', 'show', GROUP)
    assert grid['sessions'] == 8, grid
    cells = {m['name']: [(c['done'], c['total'], c['attendance'], c['questions_prepared'])
                         for c in m['sessions'][:3]] for m in grid['members']}
    assert cells == {
        'Ana': [(3, 3, 'present', True), (3, 3, None, False), (0, 2, None, False)],
        'Bo': [(1, 3, 'present', False), (2, 4, None, False), (0, 2, None, False)],
        'Cy': [(0, 3, 'absent', False), (0, 3, None, False), (0, 2, None, False)],
    }, cells
    human = home.run('progress', 'show', GROUP, check=0).stdout
    rows = {line.split()[0]: line.split()[1:] for line in human.splitlines()[1:4]}
    assert rows['Ana'][:4] == ['3/3', 'P?', '3/3', '0/2'], rows
    assert rows['Bo'][:4] == ['1/3', 'P', '2/4', '0/2'], rows
    assert rows['Cy'][:4] == ['0/3', 'A', '0/3', '0/2'], rows


@test
def report_csv_exact():
    home = story()[0]
    proc = home.run('report', GROUP, '--format', 'csv', check=0)
    # Sessions: 3, 3, 2, 2, 4, 4, 2, 2 readings; Bo has one more at session 2.
    header = 'Member,' + ','.join(f'Session {s} read,Session {s} attendance' for s in range(1, 9))
    rest = ',0/2,,0/2,,0/4,,0/4,,0/2,,0/2,'
    expected = [header,
                'Ana,3/3,present,3/3,' + rest,
                'Bo,1/3,present,2/4,' + rest,
                'Cy,0/3,absent,0/3,' + rest]
    raw = subprocess.run([CLI, 'report', GROUP], env=home.env, capture_output=True).stdout
    assert raw.split(b'\r\n')[:-1] == [line.encode() for line in expected], raw
    assert raw.endswith(b'\r\n') and proc.returncode == 0
    out = home.path('report.csv')
    written = home.json('report', GROUP, '--format', 'csv', '--output', out)
    assert written['file'] == out and written['format'] == 'csv', written
    with open(out, 'rb') as f:
        assert f.read() == raw


@test
def report_html_and_handout():
    home = story()[0]
    page = home.run('report', GROUP, '--format', 'html', check=0).stdout
    assert page.startswith('<!DOCTYPE html>'), page[:80]
    for needle in ('Tuesday readers', 'Ana', 'Bo', 'Cy', '2/4', 'present', 'absent', 'Session 8'):
        assert needle in page, needle
    out = home.path('handout.html')
    home.run('report', GROUP, '--format', 'html', '--session', '2', '--output', out, check=0)
    with open(out, encoding='utf-8') as f:
        handout = f.read()
    # Date and place, the readings with their sections and minutes, the
    # questions and the key terms of session 2.
    for needle in ('Session 2: Unions and strikes', '14 January 2025', 'Union hall',
                   'The Strike', 'Why workers strike – Lessons', '14 min',
                   'Value, Price and Profit', '20 min',
                   # 8 + 14 + 20: the guide's readings, for everyone (Bo's
                   # extra one is his alone), as group show counts them
                   'Reading time for everyone: 42 min',
                   # Bo's extra reading, with its note
                   'Famous strikes – Flint, 1936–1937', 'assigned to Bo',
                   'Compare Flint with your own workplace',
                   'What gives a strike its power?',
                   'Compare craft and industrial unions.',
                   '<dt>collective bargaining</dt>'):
        assert needle in handout, needle
    # By the guide's session id too, and the moved date of session 3.
    third = home.run('report', GROUP, '--format', 'html', '--session', 'session-3', check=0).stdout
    assert '23 January 2025' in third and 'Workers and politics' in third, third[:2000]
    assert 'Why did the Taff Vale judgment change the minds of so many British unions?' in third


@test
def export_import_round_trip():
    home, group, _, _ = story()
    other = Home()
    try:
        exported = home.path('tuesday.xml')
        result = home.json('export', GROUP, '--output', exported)
        assert result['group'] == group['id'] and os.path.getsize(exported) > 0, result
        imported = other.json('import', exported)
        # 1 group, 3 members, 2 meetings set by hand, 1 assignment,
        # 6 + 4 + 1 progress records, 3 attendance records.
        report = imported[0]
        assert report['added'] == 21 and report['updated'] == 0 and report['conflicts'] == 0, report
        assert report['unchanged'] == 0 and report['group_name'] == GROUP, report
        here = home.json('group', 'show', GROUP, '--today', '2025-01-10')
        there = other.json('group', 'show', GROUP, '--today', '2025-01-10')
        for key in ('members', 'behind', 'meetings', 'next_session', 'group'):
            assert here[key] == there[key], (key, here[key], there[key])
        assert home.run('report', GROUP, check=0).stdout == other.run('report', GROUP, check=0).stdout
        again = other.json('import', exported)[0]
        assert (again['added'], again['updated'], again['conflicts']) == (0, 0, 0), again
        assert again['unchanged'] == 21, again
        human = other.run('import', exported, check=0).stdout
        assert '0 added, 0 updated, 21 unchanged, 0 conflicts' in human, human
        assert other.json('group', 'show', GROUP, '--today', '2025-01-10') == there
        # Back home, nothing is news either.
        back = home.json('import', exported)[0]
        assert back['unchanged'] == 21 and back['added'] == back['updated'] == 0, back
    finally:
        other.close()


@test
def one_member_export_and_changes_travel():
    home = Home()
    other = Home()
    try:
        build_story(home)
        shared = home.path('group.xml')
        home.run('export', GROUP, '--output', shared, check=0)
        other.run('import', shared, check=0)
        # Cy, on her own computer, reads 1:1 and sends her progress back.
        other.json('progress', 'mark', GROUP, 'Cy', '1:1', '--status', 'done', '--date', '2025-01-08')
        mine = other.path('cy.xml')
        other.json('export', GROUP, '--member', 'Cy', '--output', mine)
        with open(mine, encoding='utf-8') as f:
            xml = f.read()
        assert 'name="Bo"' not in xml and 'name="Cy"' in xml, xml
        merged = home.json('import', mine)[0]
        # One record changed, on top of the version this side sent: an
        # update, not a conflict. The group, Cy and her attendance are as
        # they were sent.
        assert merged['added'] == 0 and merged['updated'] == 1 and merged['conflicts'] == 0, merged
        assert merged['conflict_lines'] == [], merged
        assert merged['unchanged'] == 3 and merged['from'] == 'Cy', merged
        cy = by_name(home.json('group', 'show', GROUP, '--today', '2025-01-10')['members'])['Cy']
        assert (cy['done'], cy['assigned']) == (1, 6), cy
        # Both sides change the same record: reported as a conflict, newer kept.
        home.json('progress', 'mark', GROUP, 'Cy', '1:2', '--status', 'reading')
        other.json('progress', 'mark', GROUP, 'Cy', '1:2', '--status', 'done', '--date', '2025-01-09')
        other.json('export', GROUP, '--member', 'Cy', '--output', mine)
        proc = home.run('import', mine, check=0)
        assert '1 conflict' in proc.stdout and '  conflict: ' in proc.stdout, proc.stdout
        cy = by_name(home.json('group', 'show', GROUP, '--today', '2025-01-10')['members'])['Cy']
        assert cy['done'] == 2, cy
        # A removed member travels as a removal.
        home.json('member', 'remove', GROUP, 'Bo')
        home.run('export', GROUP, '--output', shared, check=0)
        other.run('import', shared, check=0)
        assert [m['name'] for m in other.json('member', 'list', GROUP)] == ['Ana', 'Cy']
    finally:
        home.close()
        other.close()


@test
def import_rejects_a_bad_file_and_merges_the_rest():
    home, _, _, _ = story()
    other = Home()
    try:
        good = home.path('good.xml')
        home.run('export', GROUP, '--output', good, check=0)
        bad = other.path('bad.xml')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('<?xml version="1.0"?>\n<progress version="1">\n<group id="x"\n</progress>\n')
        proc = other.run('import', bad, good, check=1)
        assert re.search(r'bad\.xml:\d+:', proc.stderr), proc.stderr
        assert 'good.xml: ' in proc.stdout and '21 added' in proc.stdout, proc.stdout
        assert [g['name'] for g in other.json('group', 'list')] == [GROUP]
        other.fails(1, 'import', other.path('missing.xml'))
        notes = other.path('notes.xml')
        with open(notes, 'w', encoding='utf-8') as f:
            f.write('<?xml version="1.0"?>\n<notes/>\n')
        other.fails(1, 'import', notes, says='notes.xml')
    finally:
        other.close()


@test
def edit_archive_and_remove():
    home = Home()
    try:
        group = home.json('group', 'create', 'Reading club', '--cadence', 'fortnightly', '--start', '2025-03-03')
        assert [m['date'] for m in home.json('schedule', 'Reading club')] == [], 'no guide, no meetings'
        edited = home.json('group', 'edit', group['id'][:6], '--name', 'Thursday club', '--guide', GUIDE,
                           '--facilitator', 'Dee')
        assert edited['name'] == 'Thursday club' and edited['guide'] == GUIDE and edited['id'] == group['id']
        meetings = home.json('schedule', 'thursday club')
        assert [m['date'] for m in meetings][:3] == ['2025-03-03', '2025-03-17', '2025-03-31'], meetings
        cleared = home.json('group', 'edit', 'Thursday club', '--facilitator', '')
        assert cleared['facilitator'] is None and cleared['cadence'] == 'fortnightly', cleared
        # A date set by hand, then cleared: it follows the cadence again.
        home.json('schedule', 'Thursday club', '--session', '2', '--date', '2025-03-20', '--place', 'Library')
        again = home.json('schedule', 'Thursday club', '--session', '2', '--date', '')
        assert again['date'] == '2025-03-17' and again['place'] == 'Library' and not again['date_set'], again
        home.json('member', 'add', 'Thursday club', 'Eve')
        home.json('member', 'add', 'Thursday club', 'Fay', '--joined', '2025-03-01')
        members = home.json('member', 'list', 'Thursday club')
        assert members[0]['joined'] is not None and members[1]['joined'] == '2025-03-01', members
        extra = home.json('assign', 'add', 'Thursday club', 'the-strike', '--due', '2025-03-10')
        assert extra['due_date'] == '2025-03-10' and extra['due_session'] is None and extra['member'] is None
        # Due Monday 2025-03-10, it counts for the next meeting: session 2 on
        # 2025-03-17, after the guide's 3 readings of that session.
        fay = home.json('progress', 'show', 'Thursday club', '--member', 'Fay')['readings']
        due = [r for r in fay if r['key'] == 'assignment:' + extra['id']]
        assert len(due) == 1 and due[0]['session'] == 0 and due[0]['counts_for_session'] == 2, due
        assert due[0]['label'] == '2:4', due
        human = home.run('progress', 'show', 'Thursday club', '--member', 'Fay', check=0).stdout
        assert re.search(r'2:4\s+not started\s+the-strike \(\d+ min\), due on 2025-03-10', human), human
        whole = home.json('assign', 'add', 'Thursday club', 'the-strike', '--from', 'lessons',
                          '--session', '1')
        assert whole['from'] == 'lessons' and whole['to'] is None, whole
        removed = home.json('assign', 'remove', 'Thursday club', extra['id'][:8])
        assert removed['removed'] == extra['id'], removed
        assert [a['id'] for a in home.json('assign', 'list', 'Thursday club')] == [whole['id']]
        gone = home.json('member', 'remove', 'Thursday club', 'eve')
        assert gone['name'] == 'Eve', gone
        assert [m['name'] for m in home.json('member', 'list', 'Thursday club')] == ['Fay']
        archived = home.json('group', 'archive', 'Thursday club')
        assert archived['status'] == 'archived', archived
        assert home.json('group', 'list') == []
        assert [g['name'] for g in home.json('group', 'list', '--all')] == ['Thursday club']
        assert 'No study groups yet' in home.run('group', 'list', check=0).stdout
        # Attendance keeps prepared questions unless told otherwise.
        home.json('attend', 'Thursday club', '1', 'Fay', '--status', 'present', '--questions')
        kept = home.json('attend', 'Thursday club', '1', 'Fay', '--status', 'excused')
        assert kept[0]['questions_prepared'] is True and kept[0]['status'] == 'excused', kept
        dropped = home.json('attend', 'Thursday club', '1', 'Fay', '--status', 'present', '--no-questions')
        assert dropped[0]['questions_prepared'] is False, dropped
    finally:
        home.close()


@test
def errors_not_found_exit_1():
    home = story()[0]
    home.fails(1, 'group', 'show', 'No such group', says='No such group')
    home.fails(1, 'member', 'add', 'Nobody', 'Zed', says='Nobody')
    home.fails(1, 'member', 'remove', GROUP, 'Zed', says='Zed')
    home.fails(1, 'progress', 'mark', GROUP, 'Zed', '1:1', '--status', 'done', says='Zed')
    home.fails(1, 'group', 'create', 'Other', '--guide', 'no-such-guide', says='no-such-guide')
    home.fails(1, 'group', 'create', 'Other', '--guide', 'the-strike', says='not a guide')
    home.fails(1, 'group', 'create', GROUP, says=GROUP)  # a second group of that name
    home.fails(1, 'assign', 'add', GROUP, 'no-such-text', says='no-such-text')
    home.fails(1, 'assign', 'add', GROUP, GUIDE, says='not a text')
    home.fails(1, 'assign', 'add', GROUP, 'the-strike', '--from', 'no-such-section', says='no-such-section')
    home.fails(1, 'assign', 'add', GROUP, 'the-strike', '--from', 'lessons', '--to', 'kinds-of-strike',
               says='reading order')
    home.fails(1, 'assign', 'add', GROUP, 'the-strike', '--member', 'Zed', says='Zed')
    home.fails(1, 'assign', 'remove', GROUP, 'ffffffff', says='ffffffff')
    # A guide without that session.
    home.fails(1, 'schedule', GROUP, '--session', '9', '--place', 'Hall', says='no session 9')
    home.fails(1, 'assign', 'add', GROUP, 'the-strike', '--session', '12', says='no session 12')
    home.fails(1, 'attend', GROUP, '9', 'Ana', '--status', 'present', says='no session 9')
    home.fails(1, 'attend', GROUP, 'session-99', 'Ana', '--status', 'present', says='session-99')
    home.fails(1, 'report', GROUP, '--format', 'html', '--session', '12', says='no session 12')
    # Readings that do not exist, or are someone else's.
    home.fails(1, 'progress', 'mark', GROUP, 'Ana', '9:9', '--status', 'done', says='9:9')
    home.fails(1, 'progress', 'mark', GROUP, 'Ana', '2:4', '--status', 'done', says='another member')
    home.fails(1, 'export', GROUP, '--member', 'Zed', '--output', home.path('x.xml'), says='Zed')
    # One unknown member among known ones: reported, the others recorded.
    proc = home.run('attend', GROUP, '4', 'Ana', 'Zed', '--status', 'excused', '--json', check=1)
    assert 'Zed' in proc.stderr and [r['name'] for r in json.loads(proc.stdout)] == ['Ana'], proc
    grid = home.json('progress', 'show', GROUP)
    assert grid['members'][0]['sessions'][3]['attendance'] == 'excused', grid['members'][0]
    # Nothing above changed the story's numbers.
    shown = home.json('group', 'show', GROUP, '--today', '2025-01-10')
    assert shown['behind'] == ['Bo', 'Cy'] and len(home.json('assign', 'list', GROUP)) == 1


@test
def errors_usage_exit_2():
    home = story()[0]
    # Bad dates.
    home.fails(2, 'group', 'create', 'Other', '--start', '2025-02-30', says='2025-02-30')
    home.fails(2, 'group', 'show', GROUP, '--today', 'tomorrow', says='tomorrow')
    home.fails(2, 'schedule', GROUP, '--session', '1', '--date', '07/01/2025', says='07/01/2025')
    home.fails(2, 'member', 'add', GROUP, 'Dee', '--joined', '2025-1-2', says='2025-1-2')
    home.fails(2, 'assign', 'add', GROUP, 'the-strike', '--due', '2025-13-01')
    home.fails(2, 'progress', 'mark', GROUP, 'Ana', '1:1', '--status', 'done', '--date', 'x')
    # Bad enum values.
    home.fails(2, 'group', 'create', 'Other', '--cadence', 'monthly', says='monthly')
    home.fails(2, 'group', 'edit', GROUP, '--status', 'sleeping', says='sleeping')
    home.fails(2, 'member', 'add', GROUP, 'Dee', '--role', 'boss', says='boss')
    home.fails(2, 'attend', GROUP, '1', 'Ana', '--status', 'late', says='late')
    home.fails(2, 'progress', 'mark', GROUP, 'Ana', '1:1', '--status', 'finished', says='finished')
    home.fails(2, 'report', GROUP, '--format', 'pdf', says='pdf')
    # Missing or contradictory arguments.
    home.fails(2, 'group')
    home.fails(2, 'group', 'frobnicate', says='frobnicate')
    home.fails(2, 'group', 'create')
    home.fails(2, 'group', 'show')
    home.fails(2, 'member', 'add', GROUP)
    home.fails(2, 'attend', GROUP, '1', 'Ana')
    home.fails(2, 'attend', GROUP, '1', 'Ana', '--status', 'present', '--questions', '--no-questions')
    home.fails(2, 'progress', 'mark', GROUP, 'Ana', '1:1')
    home.fails(2, 'progress', 'mark', GROUP, 'Ana', '1:1', '--status', 'reading', '--date', '2025-01-01')
    home.fails(2, 'schedule', GROUP, '--date', '2025-01-01')
    home.fails(2, 'schedule', GROUP, '--session', '1')
    home.fails(2, 'assign', 'add', GROUP, 'the-strike', '--to', 'lessons')
    home.fails(2, 'assign', 'add', GROUP, 'the-strike', '--session', '1', '--due', '2025-01-01')
    home.fails(2, 'export', GROUP)
    home.fails(2, 'import')
    home.fails(2, 'report', GROUP, '--session', '1')
    home.fails(2, 'report', GROUP, '--no-such-option')
    help_ = home.run('group', '--help', check=0)
    assert 'group create' in help_.stdout and 'group archive' in help_.stdout, help_.stdout
    assert 'progress' in home.run('--help', check=0).stdout


@test
def texts_leaving_the_library_stay():
    home = Home()
    try:
        library = home.path('extra')
        os.makedirs(library)
        shutil.copy(os.path.join(DATADIR, 'texts', 'en', 'the-strike.xml'),
                    os.path.join(library, 'my-strike.xml'))
        with open(os.path.join(library, 'my-strike.xml'), encoding='utf-8') as f:
            xml = f.read().replace('id="the-strike"', 'id="my-strike"', 1)
        with open(os.path.join(library, 'my-strike.xml'), 'w', encoding='utf-8') as f:
            f.write(xml)
        home.json('group', 'create', 'Solo', '--start', '2025-01-06')
        home.json('member', 'add', 'Solo', 'Gil')
        home.json('assign', 'add', '--library', library, 'Solo', 'my-strike', '--session', '1')
        os.remove(os.path.join(library, 'my-strike.xml'))
        home.run('index', '--library', library, check=0)
        readings = home.json('progress', 'show', 'Solo', '--member', 'Gil')['readings']
        assert len(readings) == 1 and readings[0]['text'] == 'my-strike', readings
        assert readings[0]['in_library'] is False, readings
        assert 'missing from the library' in home.run('progress', 'show', 'Solo', '--member', 'Gil',
                                                        check=0).stdout
        home.json('progress', 'mark', 'Solo', 'Gil', '1:1', '--status', 'done')
    finally:
        home.close()


def spanish_translation(msgid):
    """The msgstr of @msgid in po/es.po (not fuzzy, not empty), or None."""
    po = os.path.join(SRCDIR, '..', 'po', 'es.po')
    if not os.path.exists(po):
        return None
    with open(po, encoding='utf-8') as f:
        entries = f.read().split('\n\n')
    for entry in entries:
        fields, current, fuzzy = {}, None, False
        for line in entry.splitlines():
            if line.startswith('#,') and 'fuzzy' in line:
                fuzzy = True
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = json.loads(match.group(2))
            elif line.startswith('"') and current is not None:
                fields[current] += json.loads(line)
        if fields.get('msgid') == msgid and 'msgctxt' not in fields and not fuzzy:
            return fields.get('msgstr') or None
    return None


def fill(template, *values):
    """printf for the %s / %u (or %1$s) of a translation."""
    values = list(values)
    return re.sub(r'%(\d\$)?[su]', lambda m: str(values[int(m.group(1)[0]) - 1] if m.group(1)
                                                    else values.pop(0)), template)


@test
def spanish_messages():
    created = spanish_translation('Created the group “%s”.\n')
    behind = spanish_translation('Behind for session %u: %s\n')
    unknown = spanish_translation('unknown attendance “%s”: use present, absent or excused')
    mo = os.path.join(LOCALEDIR, 'es', 'LC_MESSAGES', 'studycircle.mo')
    if created is None or behind is None or unknown is None or not os.path.exists(mo):
        return 'SKIP po/es.po has no Spanish for the study commands yet'
    home = Home()
    try:
        env = dict(home.env, LANGUAGE='es', LANG='es_ES.UTF-8')
        proc = home.run('group', 'create', 'Grupo', '--guide', GUIDE, '--start', '2025-01-07', check=0, env=env)
        assert fill(created, 'Grupo') in proc.stdout, (created, proc.stdout)
        home.run('member', 'add', 'Grupo', 'Ana', check=0, env=env)
        shown = home.run('group', 'show', 'Grupo', '--today', '2025-01-10', check=0, env=env)
        assert fill(behind, 2, 'Ana') in shown.stdout, (behind, shown.stdout)
        bad = home.run('attend', 'Grupo', '1', 'Ana', '--status', 'late', check=2, env=env)
        assert fill(unknown, 'late') in bad.stderr, (unknown, bad.stderr)
    finally:
        home.close()


def close_story():
    if _story is not None:
        _story[0].close()


if __name__ == '__main__':
    sys.exit(run_tests(close_story))
