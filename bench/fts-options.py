#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measure FTS5 tokenizer and prefix-index options on a built index.

Usage: bench/fts-options.py INDEX.db [QUERY…]

Copies the sections of an existing Study Circle index (built with
`studycircle-cli index`) into FTS5 tables built with other options, in the
same run, and prints size, build time and query latency side by side with
the index as Study Circle builds it. Numbers only; nothing passes or fails.
"""
import os
import sqlite3
import statistics
import sys
import tempfile
import time

OPTIONS = [
    ('study circle (unicode61, no prefix)', "tokenize = 'unicode61 remove_diacritics 2'"),
    ('+ prefix 2 3', "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"),
    ('porter stemmer', "tokenize = 'porter unicode61 remove_diacritics 2'"),
    ('porter + prefix 2 3', "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'"),
]
QUERIES = ['the', 'liberty', 'constitution', '"stamp act"', 'const*', 'li*', 'slave trade',
           'huelga', 'strike', 'wages']


def build(rows, options, path):
    db = sqlite3.connect(path)
    db.execute('PRAGMA journal_mode=WAL')
    db.execute(f'CREATE VIRTUAL TABLE fts USING fts5(title, authors, heading, body, {options})')
    start = time.perf_counter()
    with db:
        db.executemany('INSERT INTO fts (rowid, title, authors, heading, body) VALUES (?,?,?,?,?)', rows)
    db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    db.commit()
    seconds = time.perf_counter() - start
    db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    return db, seconds, os.path.getsize(path)


def latency(db, query, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        db.execute("SELECT rowid, snippet(fts, 3, '[', ']', '…', 24) FROM fts WHERE fts MATCH ? "
                   "ORDER BY bm25(fts, 10, 6, 4, 1) LIMIT 20", (query,)).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    count = db.execute('SELECT count(*) FROM fts WHERE fts MATCH ?', (query,)).fetchone()[0]
    return statistics.median(times), count


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    source = sqlite3.connect(sys.argv[1])
    rows = source.execute('SELECT rowid, title, authors, heading, body FROM fts').fetchall()
    text_bytes = sum(len((b or '').encode()) for *_, b in rows)
    queries = sys.argv[2:] or QUERIES
    print(f'{len(rows)} sections, {text_bytes / 1e6:.1f} MB of body text')
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, options) in enumerate(OPTIONS):
            db, seconds, size = build(rows, options, os.path.join(tmp, f'{n}.db'))
            lat = {q: latency(db, q) for q in queries}
            results.append((name, seconds, size, lat))
            db.close()
    print(f'{"options":38} {"build s":>8} {"size MB":>8}')
    for name, seconds, size, _ in results:
        print(f'{name:38} {seconds:8.2f} {size / 1e6:8.2f}')
    print()
    print(f'{"query (ms, matches)":22}' + ''.join(f'{r[0][:24]:>26}' for r in results))
    for q in queries:
        print(f'{q:22}' + ''.join(f'{r[3][q][0]:>17.2f} ({r[3][q][1]:>5})' for r in results))
    return 0


if __name__ == '__main__':
    sys.exit(main())
