#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""studycircle-cli end to end, in a temporary XDG home.

Usage: test-cli.py PATH-TO-studycircle-cli
Prints TAP. Fixtures come from tests/fixtures (G_TEST_SRCDIR); the corpus
checks run when STUDYCIRCLE_CORPUS names a folder with tei-p5/ in it.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from taptest import run_tests, test

CLI = os.path.abspath(sys.argv[1])
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(SRCDIR, 'fixtures', 'library')
CORPUS = os.environ.get('STUDYCIRCLE_CORPUS', '')



class Home:
    """A temporary XDG home with its own (empty) bundled library."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='sc-test-cli-')
        self.library = os.path.join(self.dir, 'library')
        shutil.copytree(FIXTURES, self.library)
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

    def run(self, *args, library=True, check=None):
        argv = [CLI] + list(args)
        if library:
            argv[2:2] = ['--library', self.library]
        proc = subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=600)
        if check is not None and proc.returncode != check:
            raise AssertionError(f'{argv[1:]}: exit {proc.returncode}, expected {check}\n'
                                 f'stdout: {proc.stdout}\nstderr: {proc.stderr}')
        return proc

    def json(self, *args, **kwargs):
        proc = self.run(*args, '--json', **kwargs)
        return proc, json.loads(proc.stdout)

    def path(self, *parts):
        return os.path.join(self.library, *parts)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def line_of(path, needle):
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if needle in line:
                return number
    raise AssertionError(f'{needle!r} not in {path}')


@test
def index_then_noop():
    home = Home()
    try:
        proc, stats = home.json('index', check=0)
        assert stats['files'] == 6 and stats['parsed'] == 6, stats
        assert stats['documents'] == 6 and stats['problems'] == [], stats
        guide = home.path('en', 'guide-fixture.xml')
        expected = f'guide-fixture.xml:{line_of(guide, "not-in-this-library")}: reading names text'
        assert any(expected in w for w in stats['warnings']), stats['warnings']
        assert expected in proc.stderr, proc.stderr
        _, again = home.json('index', check=0)
        assert again['parsed'] == 0 and again['unchanged'] == 6, again
        human = home.run('index', check=0)
        assert '6 files' in human.stdout and '6 documents' in human.stdout, human.stdout
    finally:
        home.close()


@test
def index_reports_bad_files_and_goes_on():
    home = Home()
    try:
        bad = home.path('en', 'bad.xml')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('<?xml version="1.0"?>\n<text id="bad" lang="en" version="1">\n<meta>\n<title>Bad</titel>\n')
        proc, stats = home.json('index', check=1)
        assert stats['rejected'] == 1 and stats['documents'] == 6, stats
        assert 'bad.xml:4:' in proc.stderr, proc.stderr
        found = home.json('search', 'Seattle', check=1)[1]  # the bad file is reported again
        assert found['results'][0]['text'] == 'the-general-strike', found
    finally:
        home.close()


@test
def search_json_and_marks():
    home = Home()
    try:
        _, result = home.json('search', 'general', 'strike', check=0)
        first = result['results'][0]
        assert first['text'] == 'the-general-strike', result
        assert first['matches_in_text'] == 3, first
        assert len(first['more_sections']) == 2, first
        snippet = first['snippet']
        words = [snippet[a:b].lower() for a, b in first['marks']]
        assert words and set(words) <= {'general', 'strike'}, (snippet, first['marks'])
        assert result['total'] >= 1
    finally:
        home.close()


@test
def search_human_output():
    home = Home()
    try:
        proc = home.run('search', 'Seattle', check=0)
        assert '1. The General Strike' in proc.stdout, proc.stdout
        assert '[Seattle]' in proc.stdout, proc.stdout
        assert '§ Seattle, 1919  [seattle-1919]' in proc.stdout, proc.stdout
        none = home.run('search', 'zzzzqqq', check=0)
        assert 'No results' in none.stdout, none.stdout
    finally:
        home.close()


@test
def search_counts_say_when_estimated():
    """A prefix that begins frequent words is counted from their lists: an
    estimate, and the output says so; an exact count does not."""
    home = Home()
    home.env['SC_INDEX_FREQUENT_ROWS'] = '3'
    try:
        proc = home.run('search', 'str*', check=0)
        assert re.search(r'^About \d+ texts? match', proc.stdout, re.M), proc.stdout
        _, result = home.json('search', 'str*', check=0)
        assert result['total_is_estimate'] is True, result
        proc = home.run('search', 'Seattle', check=0)
        assert re.search(r'^2 texts match', proc.stdout, re.M), proc.stdout
        _, result = home.json('search', 'Seattle', check=0)
        assert result['total_is_estimate'] is False, result
    finally:
        home.close()


@test
def search_filters_and_sections():
    home = Home()
    try:
        _, es = home.json('search', 'solidarity OR solidaridad', '--lang', 'es', check=0)
        assert [r['text'] for r in es['results']] == ['la-huelga-general'], es
        _, sections = home.json('search', 'strike', '--text', 'the-general-strike', check=0)
        assert len(sections['results']) == 3, sections
        _, limited = home.json('search', 'strike', '--sections', '--limit', '2', check=0)
        assert len(limited['results']) == 2, limited
    finally:
        home.close()


@test
def search_odd_queries_never_fail():
    home = Home()
    try:
        home.run('index', check=0)
        for query in ['c++', 'U.S.A.', "don't", '50%', 'state-of-the-art', '"unbalanced', 'AND',
                      'col:x', '*', 'NEAR(a b)', 'x' * 10000, '"six nations" -treaty']:
            proc = home.run('search', '--', query, check=0)
            assert 'error' not in proc.stderr.lower(), (query, proc.stderr)
        home.run('search', '--', '-only', check=0)
    finally:
        home.close()


@test
def show_list_and_errors():
    home = Home()
    try:
        toc = home.run('show', 'the-general-strike', check=0)
        assert 'Contents:' in toc.stdout and '[seattle-1919]' in toc.stdout, toc.stdout
        section = home.run('show', 'the-general-strike', 'seattle-1919', check=0)
        assert 'essential services' in section.stdout, section.stdout
        guide = home.run('show', 'fixture-guide', check=0)
        assert 'not in library' in guide.stdout and 'Wage Labour and Capital' in guide.stdout, guide.stdout
        _, doc = home.json('show', 'wages-and-profit', check=0)
        assert doc['sections'][0]['sections'][0]['id'] == 'piece-rates', doc
        missing = home.run('show', 'no-such-text', check=1)
        assert 'no-such-text' in missing.stderr
        home.run('show', 'the-general-strike', 'no-such-section', check=1)
        _, listing = home.json('list', check=0)
        ids = [d['id'] for d in listing]
        assert ids.index('wages-and-profit') < ids.index('the-general-strike'), ids  # introductory first
        _, es = home.json('list', '--lang', 'es', check=0)
        assert [d['id'] for d in es] == ['la-huelga-general'], es
        home.run('list', '--level', 'expert', check=2)
        home.run('frobnicate', library=False, check=2)
        proc = subprocess.run([CLI], env=home.env, capture_output=True, text=True)
        assert proc.returncode == 2
        home.run('search', '--no-such-option', 'x', check=2)
        home.run('search', check=2)
    finally:
        home.close()


@test
def validate_files():
    home = Home()
    try:
        good = home.path('en', 'wages-and-profit.xml')
        ok = home.run('validate', good, check=0)
        assert 'valid' in ok.stdout, ok.stdout
        bad = os.path.join(home.dir, 'bad.xml')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('<?xml version="1.0"?>\n<text id="Bad Id" lang="en" version="1">\n'
                    '<meta><title>T</title></meta>\n<body/>\n</text>\n')
        proc = home.run('validate', good, bad, check=1)
        assert f'{bad}:2:' in proc.stderr or 'bad.xml:2:' in proc.stderr, proc.stderr
        guide = home.path('en', 'guide-fixture.xml')
        refs = home.run('validate', guide, check=1)
        assert f'guide-fixture.xml:{line_of(guide, "not-in-this-library")}:' in refs.stderr, refs.stderr
        _, report = home.json('validate', good, bad)
        assert report[0]['valid'] is True and report[1]['valid'] is False, report
    finally:
        home.close()


@test
def bundled_library_terms():
    """The bundled library through the CLI: each language finds its own words."""
    home = Home()
    try:
        home.env['STUDYCIRCLE_DATADIR'] = os.environ['STUDYCIRCLE_DATADIR']
        _, stats = home.json('index', library=False, check=0)
        assert stats['problems'] == [] and stats['warnings'] == [], stats
        for query, lang, first in [('strike', 'en', 'the-strike'), ('huelga', 'es', 'la-huelga'),
                                   ('"general strike"', 'en', None), ('"huelga general"', 'es', None)]:
            _, result = home.json('search', query, '--kind', 'text', library=False, check=0)
            texts = [r['text'] for r in result['results']]
            assert texts, (query, result)
            assert result['results'][0]['lang'] == lang, (query, texts)
            if first:
                assert texts[0] == first, (query, texts)
        _, listing = home.json('list', '--kind', 'text', library=False, check=0)
        levels = [d['level'] for d in listing]
        assert levels.index('intermediate') > levels.index('introductory'), levels
    finally:
        home.close()


@test
def corpus_tei_p5():
    tei = os.path.join(CORPUS, 'tei-p5')
    if not os.path.isdir(tei):
        return 'SKIP corpus not present (STUDYCIRCLE_CORPUS)'
    home = Home()
    try:
        start = time.monotonic()
        proc = subprocess.run([CLI, 'index', '--library', tei, '--json'], env=home.env,
                              capture_output=True, text=True, timeout=600)
        first = time.monotonic() - start
        stats = json.loads(proc.stdout)
        assert proc.returncode == 0 and stats['rejected'] == 0, (proc.stderr, stats)
        assert stats['documents'] == 62, stats
        start = time.monotonic()
        again = json.loads(subprocess.run([CLI, 'index', '--library', tei, '--json'], env=home.env,
                                          capture_output=True, text=True).stdout)
        second = time.monotonic() - start
        assert again['parsed'] == 0, again
        print(f'# corpus: first index {first:.2f} s, unchanged re-index {second:.3f} s')
        expectations = {
            '"stamp act"': {'n08073', 'n08249'},
            'Banneker': {'n18546'},
            'conſtitution': {'n20943', 'n18975', 'n12963', 'n18921'},
            'miscellaneous': {'n17785'},
            '"six nations"': {'n04381', 'n04232'},
        }
        for query, best in expectations.items():
            out = subprocess.run([CLI, 'search', query, '--json'], env=home.env,
                                 capture_output=True, text=True)
            result = json.loads(out.stdout)
            top = result['results'][0]
            print(f'# {query}: {[r["text"] for r in result["results"][:3]]}')
            assert top['text'] in best, (query, [r['text'] for r in result['results'][:5]])
            assert top['marks'], top
    finally:
        home.close()


if __name__ == '__main__':
    sys.exit(run_tests())
