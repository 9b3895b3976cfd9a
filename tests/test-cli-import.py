#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""studycircle-cli import end to end, in a temporary XDG home.

Usage: test-cli-import.py PATH-TO-studycircle-cli
Prints TAP. Fixtures come from tests/fixtures/import (G_TEST_SRCDIR); the
corpus check runs when STUDYCIRCLE_CORPUS names a folder with gutenberg-html/.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

from taptest import run_tests, test

CLI = os.path.abspath(sys.argv[1])
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(SRCDIR, 'fixtures', 'import')
CORPUS = os.environ.get('STUDYCIRCLE_CORPUS', '')



class Home:
    """A temporary XDG home with an empty bundled library."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='sc-test-cli-import-')
        os.makedirs(os.path.join(self.dir, 'bundled', 'texts'))
        self.texts = os.path.join(self.dir, 'data', 'studycircle', 'texts')
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

    def run(self, *args, check=None):
        argv = [CLI] + list(args)
        proc = subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=600)
        if check is not None and proc.returncode != check:
            raise AssertionError(f'{argv[1:]}: exit {proc.returncode}, expected {check}\n'
                                 f'stdout: {proc.stdout}\nstderr: {proc.stderr}')
        return proc

    def json(self, *args, **kwargs):
        proc = self.run(*args, '--json', **kwargs)
        return proc, json.loads(proc.stdout)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def fixture(*parts):
    return os.path.join(FIXTURES, *parts)


def build_epub(path, skip=None):
    """The fixture book as an EPUB: mimetype first and stored, then the rest."""
    root = fixture('epub')
    with zipfile.ZipFile(path, 'w') as book:
        book.writestr('mimetype', 'application/epub+zip', compress_type=zipfile.ZIP_STORED)
        for folder, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                full = os.path.join(folder, name)
                arcname = os.path.relpath(full, root).replace(os.sep, '/')
                if arcname != skip:
                    book.write(full, arcname, compress_type=zipfile.ZIP_DEFLATED)


def found_texts(home, word):
    proc = home.run('search', '--json', '--', word, check=0)
    return [r['text'] for r in json.loads(proc.stdout)['results']]


def body_text(path):
    """Headings and blocks of a native text, as plain words."""
    root = ET.parse(path).getroot()
    return ' '.join(''.join(element.itertext()) for element in root.find('body').iter()
                    if element.tag in ('head', 'p', 'item', 'note'))


@test
def import_folder_into():
    home = Home()
    try:
        into = home.path('imports')
        proc, report = home.json('import', fixture('good'), '--into', into, check=0)
        names = sorted(os.listdir(fixture('good')))
        assert report['imported'] == len(names) and report['rejected'] == 0, report
        assert [os.path.basename(r['input']) for r in report['results']] == names, report
        for result in report['results']:
            assert result['error'] is None and result['indexed'] is True, result
            assert os.path.dirname(result['path']) == into, result
            assert os.path.basename(result['path']) == result['id'] + '.xml', result
            assert result['sections'] >= 1 and result['words'] > 0, result
        formats = {os.path.basename(r['input']): r['format'] for r in report['results']}
        assert formats['chapters.txt'] == 'text' and formats['article.html'] == 'html', formats
        # What was written is valid, and found at once: no "index" run needed.
        home.run('validate', *[r['path'] for r in report['results']], check=0)
        assert found_texts(home, 'quilliferous') == ['the-mill-strike-of-1912']
        assert found_texts(home, 'brumbleton') == ['the-cooperative-mill']
        assert found_texts(home, 'carderian') == ['bread-and-roses']
        # Project Gutenberg's header and license were left out.
        assert found_texts(home, 'whatsoever') == []
        _, listing = home.json('list', check=0)
        levels = {d['id']: d['level'] for d in listing}
        assert levels['a-spinners-diary'] == 'intermediate', levels
        assert 'Unknown author' not in proc.stdout
    finally:
        home.close()


@test
def default_folder_and_human_output():
    home = Home()
    try:
        source = fixture('good', 'gutenberg.txt')
        proc = home.run('import', source, '--level', 'introductory', check=0)
        written = os.path.join(home.texts, 'a-spinners-diary.xml')
        assert os.path.isfile(written), os.listdir(home.dir)
        assert f'{source} → a-spinners-diary ({written})' in proc.stdout, proc.stdout
        assert '1 text imported' in proc.stdout, proc.stdout
        _, doc = home.json('show', 'a-spinners-diary', check=0)
        assert [s['id'] for s in doc['sections']][-2:] == ['monday', 'tuesday'], doc
        _, listing = home.json('list', check=0)
        entry = [d for d in listing if d['id'] == 'a-spinners-diary'][0]
        assert entry['level'] == 'introductory', entry
        assert entry['license'] == 'Public domain in the USA (Project Gutenberg), eBook #77777', entry
        assert found_texts(home, 'spindlewright') == ['a-spinners-diary']
    finally:
        home.close()


@test
def import_twice_never_overwrites():
    home = Home()
    try:
        source = fixture('good', 'article.html')
        home.run('import', source, check=0)
        first = os.path.join(home.texts, 'the-mill-strike-of-1912.xml')
        with open(first, encoding='utf-8') as f:
            before = f.read()
        proc = home.run('import', source, check=0)
        second = os.path.join(home.texts, 'the-mill-strike-of-1912-2.xml')
        assert os.path.isfile(second), os.listdir(home.texts)
        assert f'→ the-mill-strike-of-1912-2 ({second})' in proc.stdout, proc.stdout
        assert '“the-mill-strike-of-1912” was taken' in proc.stdout, proc.stdout
        with open(first, encoding='utf-8') as f:
            assert f.read() == before
        _, report = home.json('import', source, check=0)
        assert report['results'][0]['id'] == 'the-mill-strike-of-1912-3', report
        assert report['results'][0]['renamed_from'] == 'the-mill-strike-of-1912', report
        assert sorted(found_texts(home, 'quilliferous')) == [
            'the-mill-strike-of-1912', 'the-mill-strike-of-1912-2', 'the-mill-strike-of-1912-3']
    finally:
        home.close()


@test
def bad_inputs_rejected_rest_imported():
    home = Home()
    try:
        junk = home.path('junk.txt')
        with open(junk, 'wb') as f:
            f.write(bytes((i * 7919) % 256 for i in range(4096)))
        huge = home.path('huge.html')
        with open(huge, 'wb') as f:
            f.truncate(100 * 1000 * 1000)
        missing = home.path('missing.html')
        not_html = fixture('bad', 'not-html.html')
        broken_epub = home.path('no-opf.epub')
        build_epub(broken_epub, skip='OEBPS/content.opf')
        good = fixture('good', 'article.html')
        proc, report = home.json('import', not_html, junk, good, huge, missing, broken_epub, check=1)
        assert report['imported'] == 1 and report['rejected'] == 5, report
        errors = proc.stderr.splitlines()
        for expected in [f'{not_html}:1: not HTML', f'{junk}:1: binary data',
                         f'{huge}:1: the file is larger than 64 MiB', f'{missing}:1: ',
                         f'{broken_epub}:1: the package file OEBPS/content.opf']:
            assert any(line.startswith(expected) for line in errors), (expected, errors)
        assert os.listdir(home.texts) == ['the-mill-strike-of-1912.xml'], os.listdir(home.texts)
        assert found_texts(home, 'quilliferous') == ['the-mill-strike-of-1912']
    finally:
        home.close()


@test
def epub_book():
    home = Home()
    try:
        book = home.path('cuentos.epub')
        build_epub(book)
        _, report = home.json('import', book, check=0)
        result = report['results'][0]
        assert result['id'] == 'cuentos-de-la-fabrica' and result['format'] == 'epub', result
        assert result['sections'] == 3, result
        _, doc = home.json('show', 'cuentos-de-la-fabrica', check=0)
        info = doc['document']
        assert info['lang'] == 'es' and info['authors'] == ['Lucía Telar'], doc
        assert info['date'] == '1911' and info['year'] == 1911, doc
        assert [s['id'] for s in doc['sections']] == ['la-sirena', 'la-asamblea', 'el-acuerdo'], doc
        assert found_texts(home, 'telarañoso') == ['cuentos-de-la-fabrica']
    finally:
        home.close()


@test
def progress_files_beside_texts():
    """A progress file (.xml) given with texts is merged into the study records."""
    home = Home()
    try:
        bad = home.path('progress.xml')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('<?xml version="1.0"?>\n<progress version="1">\n<group id="x"\n</progress>\n')
        proc, report = home.json('import', fixture('good', 'article.html'), bad, check=1)
        assert report['imported'] == 1 and report['results'][0]['id'] == 'the-mill-strike-of-1912', report
        assert report['progress'] == [], report
        assert any(line.startswith(f'{bad}:') for line in proc.stderr.splitlines()), proc.stderr
        assert not os.path.exists(os.path.join(home.texts, 'progress.xml'))
    finally:
        home.close()


@test
def usage_errors():
    home = Home()
    try:
        home.run('import', check=2)
        home.run('import', fixture('good', 'article.html'), '--level', 'expert', check=2)
        home.run('import', '--no-such-option', fixture('good', 'article.html'), check=2)

        assert not os.path.exists(home.texts) or os.listdir(home.texts) == []
        usage = home.run('--help', check=0)
        assert 'import' in usage.stdout, usage.stdout
    finally:
        home.close()


@test
def corpus_gutenberg_html():
    html = os.path.join(CORPUS, 'gutenberg-html')
    if not os.path.isdir(html):
        return 'SKIP corpus not present (STUDYCIRCLE_CORPUS has no gutenberg-html/)'
    home = Home()
    try:
        _, report = home.json('import', html, check=0)
        assert report['rejected'] == 0 and report['imported'] >= 1, report
        vocabulary = {}
        for result in report['results']:
            body = body_text(result['path'])
            for gone in ('Project Gutenberg', 'PROJECT GUTENBERG', 'Gutenberg-tm', 'FULL LICENSE'):
                assert gone not in body, (result['path'], gone)
            vocabulary[result['id']] = collections.Counter(
                w for w in re.findall(r'[a-z]+', body.lower()) if len(w) >= 7)
        for text_id, words in vocabulary.items():
            others = set().union(*[set(v) for k, v in vocabulary.items() if k != text_id])
            own = [w for w, _ in words.most_common() if w not in others][:5]
            assert own, text_id
            for word in own:
                assert found_texts(home, word) == [text_id], (word, text_id)
            print(f'# {text_id}: {own}')
    finally:
        home.close()


if __name__ == '__main__':
    sys.exit(run_tests())
