#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the large hostile inputs of tests/bad/ so that none is committed.

Usage: generate.py OUTDIR
Writes each file into OUTDIR and prints "NAME LINE" for each, LINE being the
line of the problem a reader must report. tests/test-bad-inputs.py imports
generate() instead.
"""
import os
import sys

DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
TEI_HEADER = ('  <teiHeader><fileDesc>\n'
              '    <titleStmt><title>{title}</title></titleStmt>\n'
              '    <publicationStmt><p>Test.</p></publicationStmt>\n'
              '    <sourceDesc><p>Test.</p></sourceDesc>\n'
              '  </fileDesc></teiHeader>\n')

# Lines enough to take an error past line 65,535, the most libxml2 2.9 keeps
# in a node without XML_PARSE_BIG_LINES.
FILLER_LINES = 70000
NESTING = 100000
TEXT_NODE_BYTES = 12 * 1024 * 1024


class Doc:
    """Lines of a document, counted as they are added."""

    def __init__(self):
        self.parts = []
        self.lines = 0

    def add(self, text):
        self.parts.append(text)
        self.lines += text.count('\n')

    def next_line(self):
        return self.lines + 1

    def write(self, path):
        with open(path, 'w', encoding='utf-8') as f:
            f.write(''.join(self.parts))


def native_start(doc, name, comment, title):
    doc.add(DECL)
    doc.add(f'<!-- {comment} -->\n')
    doc.add(f'<text id="bad-{name}" lang="en" version="1">\n')
    doc.add(f'  <meta><title>{title}</title><author>Tester</author></meta>\n  <body>\n    <section id="one">\n      <head>{title}</head>\n')


def native_end(doc):
    doc.add('    </section>\n  </body>\n</text>\n')


def tei_start(doc, comment, title):
    doc.add(DECL)
    doc.add(f'<!-- {comment} -->\n')
    doc.add('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n')
    doc.add(TEI_HEADER.format(title=title))
    doc.add('  <text><body><div>\n')


def tei_end(doc):
    doc.add('  </div></body></text>\n</TEI>\n')


BIG_REFS = '&big;' * 100000


def quadratic_blowup(doc, root, comment):
    """One 64 KB entity, to be referenced 100,000 times: 6.4 GB if expanded."""
    doc.add(DECL)
    doc.add(f'<!-- {comment} -->\n')
    line = doc.next_line() + 1   # the declaration's
    doc.add(f'<!DOCTYPE {root} [\n  <!ENTITY big "{"ha" * 32768}">\n]>\n')
    return line


def gen_quadratic_native(doc):
    line = quadratic_blowup(doc, 'text', 'bad input: quadratic blowup, one 64 KB entity referenced 100,000 '
                            'times in a paragraph')
    doc.add('<text id="bad-quadratic-native" lang="en" version="1">\n'
            '  <meta><title>Quadratic</title><author>Tester</author></meta>\n'
            '  <body><section id="one"><head>Quadratic</head>\n')
    doc.add(f'<p>{BIG_REFS}</p>\n')
    doc.add('  </section></body>\n</text>\n')
    return line


def gen_quadratic_tei(doc):
    # In an attribute of the root, which even sniffing the kind of file reads.
    line = quadratic_blowup(doc, 'TEI', 'bad input: quadratic blowup, one 64 KB entity referenced 100,000 '
                            'times in an attribute of the root, in TEI')
    doc.add(f'<TEI xmlns="http://www.tei-c.org/ns/1.0" n="{BIG_REFS}">\n')
    doc.add(TEI_HEADER.format(title='Quadratic'))
    doc.add('  <text><body><div><p>Quadratic.</p></div></body></text>\n</TEI>\n')
    return line


# Study Circle refuses an element with this many open ancestors (libxml2
# alone would go on to 256).
MAX_DEPTH = 200


def nesting(doc, open_tag, close_tag):
    """NESTING elements, one start tag a line."""
    first = doc.next_line()
    doc.add(''.join(f'{open_tag}\n' for _ in range(NESTING)))
    doc.add(close_tag * NESTING + '\n')
    return first


def gen_nesting_native(doc):
    native_start(doc, 'deep-nesting-native', 'bad input: 100,000 nested <em> in a paragraph', 'Deep')
    doc.add('      <p>\n')
    first = nesting(doc, '<em>', '</em>')
    doc.add('      </p>\n')
    native_end(doc)
    # Under text, body, section and p: the first <em> has 4 ancestors.
    return first + MAX_DEPTH - 4


def gen_nesting_tei(doc):
    tei_start(doc, 'bad input: 100,000 nested <div>, in TEI', 'Deep')
    first = nesting(doc, '<div>', '</div>')
    tei_end(doc)
    # Under TEI, text, body and div: the first nested <div> has 4 ancestors.
    return first + MAX_DEPTH - 4


def huge_text(doc):
    """TEXT_NODE_BYTES of words in short lines, one text node."""
    first = doc.next_line()
    line = 'solidarity forever, for the union makes us strong\n'
    doc.add(line * (TEXT_NODE_BYTES // len(line)))
    return first


def gen_huge_text_native(doc):
    native_start(doc, 'huge-text-native', 'bad input: one 12 MB text node', 'Huge')
    doc.add('      <p>')
    first = huge_text(doc)
    doc.add('</p>\n')
    native_end(doc)
    return first


def gen_huge_text_tei(doc):
    tei_start(doc, 'bad input: one 12 MB text node, in TEI', 'Huge')
    doc.add('    <p>')
    first = huge_text(doc)
    doc.add('</p>\n')
    tei_end(doc)
    return first


def filler(doc, indent):
    for i in range(FILLER_LINES):
        doc.add(f'{indent}<p>Paragraph {i} of a long text.</p>\n')


def gen_far_malformed_native(doc):
    native_start(doc, 'far-malformed-native', 'bad input: a mismatched end tag past line 65,535', 'Far')
    filler(doc, '      ')
    line = doc.next_line()
    doc.add('      <p>This paragraph ends badly.</para>\n')
    native_end(doc)
    return line


def gen_far_malformed_tei(doc):
    tei_start(doc, 'bad input: a mismatched end tag past line 65,535, in TEI', 'Far')
    filler(doc, '    ')
    line = doc.next_line()
    doc.add('    <p>This paragraph ends <hi>badly.</p></hi>\n')
    tei_end(doc)
    return line


def gen_far_invalid_native(doc):
    native_start(doc, 'far-invalid-native', 'bad input: an element the schema does not allow, past line 65,535',
                 'Far')
    filler(doc, '      ')
    line = doc.next_line()
    doc.add('      <paragraph>Not an element of the format.</paragraph>\n')
    native_end(doc)
    return line


def gen_far_nesting_tei(doc):
    tei_start(doc, 'bad input: divs nested deeper than Study Circle reads, past line 65,535, in TEI', 'Far')
    filler(doc, '    ')
    line = doc.next_line()
    # 210 levels: within libxml2's own bound of 256, past Study Circle's.
    doc.add(''.join('<div>\n' for _ in range(210)) + '<p>Deep.</p>' + '</div>' * 210 + '\n')
    tei_end(doc)
    return line + MAX_DEPTH - 4


GENERATED = {
    'quadratic-blowup-native.xml': gen_quadratic_native,
    'quadratic-blowup-tei.xml': gen_quadratic_tei,
    'deep-nesting-native.xml': gen_nesting_native,
    'deep-nesting-tei.xml': gen_nesting_tei,
    'huge-text-native.xml': gen_huge_text_native,
    'huge-text-tei.xml': gen_huge_text_tei,
    'far-malformed-native.xml': gen_far_malformed_native,
    'far-malformed-tei.xml': gen_far_malformed_tei,
    'far-invalid-native.xml': gen_far_invalid_native,
    'far-nesting-tei.xml': gen_far_nesting_tei,
}


def generate(outdir, names=None):
    """Writes the generated files (all, or those in names) into outdir.

    Returns: {file name: line of the problem}
    """
    lines = {}
    for name, func in GENERATED.items():
        if names is not None and name not in names:
            continue
        doc = Doc()
        lines[name] = func(doc)
        doc.write(os.path.join(outdir, name))
    return lines


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, line in generate(sys.argv[1]).items():
        print(name, line)
