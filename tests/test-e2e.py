#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, as a person would: the real studycircle through AT-SPI.

Runs the installed-style binary on a temporary copy of tests/fixtures/library
(--library DIR, an empty bundled library, private XDG folders, in-memory
settings), finds the search entry by its accessible name, types "Seattle",
waits for the result, opens it with Down and Return, checks that the reader
shows the text, goes back and quits with Ctrl+Q. TAP on stdout.

Usage (under tests/xvfb-wrap.sh): test-e2e.py STUDYCIRCLE FIXTURES_LIBRARY
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import pyatspi
    from gi.repository import GLib
except ImportError as error:
    print(f'1..0 # SKIP pyatspi is missing ({error}): install python3-pyatspi and at-spi2-core')
    sys.exit(0)

PLAN = 9
TIMEOUT = 60   # generous: the sanitizer build starts slowly
number = 0


def ok(what):
    global number
    number += 1
    print(f'ok {number} - {what}', flush=True)


def bail(what, detail=''):
    global number
    number += 1
    print(f'not ok {number} - {what}', flush=True)
    if detail:
        for line in str(detail).splitlines():
            print(f'# {line}', flush=True)
    print(f'Bail out! {what}', flush=True)
    raise SystemExit(1)


def pump(seconds):
    """Lets libatspi hear about new windows and children (D-Bus signals)."""
    end = time.monotonic() + seconds
    context = GLib.MainContext.default()
    while time.monotonic() < end:
        while context.iteration(False):
            pass
        time.sleep(0.02)


def wait_for(find, seconds=TIMEOUT):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            found = find()
        except Exception:   # an accessible that went away while we looked
            found = None
        if found:
            return found
        pump(0.1)
    return None


def showing(accessible):
    try:
        extents = accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:
        return False
    return extents.width > 0 and extents.height > 0


def find_showing(root, predicate):
    for found in pyatspi.findAllDescendants(root, predicate):
        if showing(found):
            return found
    return None


def text_of(accessible):
    # getText (0, -1) returns '' on GTK 4.8: ask for the length.
    text = accessible.queryText()
    return text.getText(0, text.characterCount)


def press(keysym, modifiers=()):
    """Real key events (XTest through the registry), as a keyboard would."""
    for modifier in modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifier, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    for modifier in reversed(modifiers):
        pyatspi.Registry.generateKeyboardEvent(modifier, None, pyatspi.KEY_RELEASE)
    pump(0.3)


# X keysyms and keycodes (modifiers are pressed by keycode).
KEY_DOWN = 0xff54
KEY_RETURN = 0xff0d
KEY_LEFT = 0xff51
KEY_Q = ord('q')


def keycode(name):
    """The keycode of a modifier: from the X server's own map when xmodmap is
    there, else Xvfb's default (evdev) map."""
    out = ''
    if shutil.which('xmodmap'):
        out = subprocess.run(['xmodmap', '-pke'], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[3] == name:
            return int(parts[1])
    return {'Control_L': 37, 'Alt_L': 64}[name]


def main():
    app_path, fixtures = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix='sc-e2e-')
    process = None
    print(f'1..{PLAN}', flush=True)
    try:
        library = os.path.join(tmp, 'library')
        shutil.copytree(fixtures, library)
        bundled = os.path.join(tmp, 'bundled')
        os.makedirs(bundled)
        env = dict(os.environ)
        env.update({
            'STUDYCIRCLE_DATADIR': bundled,
            'XDG_DATA_HOME': os.path.join(tmp, 'data'),
            'XDG_CACHE_HOME': os.path.join(tmp, 'cache'),
            'XDG_CONFIG_HOME': os.path.join(tmp, 'config'),
            'GSETTINGS_BACKEND': 'memory',
            'GTK_A11Y': 'atspi',
            'GDK_BACKEND': 'x11',
            'GSK_RENDERER': 'cairo',
        })
        # Under AddressSanitizer: full stacks, so that the suppressions
        # (tests/lsan.supp) can tell GLib's deliberate leaks from ours.
        if 'ASAN_OPTIONS' in env:
            env['ASAN_OPTIONS'] += ':fast_unwind_on_malloc=0:malloc_context_size=10'
        # The app's own output is not TAP.
        process = subprocess.Popen([app_path, '--library', library], env=env,
                                   stdout=sys.stderr, stderr=sys.stderr)

        app = wait_for(lambda: next((a for a in pyatspi.Registry.getDesktop(0)
                                     if a is not None and a.name == 'studycircle'), None))
        if app is None:
            bail('the app is on the accessibility bus', f'exit status {process.poll()}')
        ok('the app is on the accessibility bus')

        frame = wait_for(lambda: next((w for w in app if w is not None and w.getRole() == pyatspi.ROLE_FRAME
                                       and w.name == 'Study Circle'), None))
        if frame is None:
            bail('the main window “Study Circle”')
        ok('the main window “Study Circle”')

        # Ctrl+F: the search page, its entry focused.
        control = keycode('Control_L')
        press(ord('f'), (control,))
        entry = wait_for(lambda: find_showing(frame, lambda a: a.getRole() == pyatspi.ROLE_ENTRY
                                              and a.name == 'Search the library'))
        if entry is None:
            bail('Ctrl+F shows the entry “Search the library”')
        ok('Ctrl+F shows the entry “Search the library”')

        entry.queryEditableText().setTextContents('Seattle')
        if wait_for(lambda: text_of(entry) == 'Seattle', 5) is None:
            bail('typed “Seattle”', repr(text_of(entry)))
        ok('typed “Seattle”')

        result = wait_for(lambda: find_showing(frame, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                               and a.name == 'The General Strike'))
        if result is None:
            bail('the result “The General Strike” is shown')
        ok('the result “The General Strike” is shown')

        # Down to the result, Return to open it: the reader at that section.
        press(KEY_DOWN)
        press(KEY_RETURN)
        reader_text = wait_for(lambda: find_showing(frame, lambda a: a.getRole() == pyatspi.ROLE_TEXT
                                                    and a.name == 'The General Strike'
                                                    and 'Seattle' in text_of(a)))
        if reader_text is None:
            bail('Down, Return: the reader shows the text, with “Seattle”')
        ok('Down, Return: the reader shows the text, with “Seattle”')
        if 'the workers of Seattle ran the city' not in text_of(reader_text):
            bail('the reader shows the section', text_of(reader_text)[:400])
        ok('the reader shows the section')

        # Back (Alt+Left): the search page again, the query kept.
        press(KEY_LEFT, (keycode('Alt_L'),))
        back = wait_for(lambda: find_showing(frame, lambda a: a.getRole() == pyatspi.ROLE_ENTRY
                                             and a.name == 'Search the library'), 10)
        if back is None or text_of(back) != 'Seattle':
            bail('Alt+Left goes back to the results', repr(text_of(back)) if back else 'no entry')
        ok('Alt+Left goes back to the results')

        press(KEY_Q, (control,))
        try:
            status = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            bail('Ctrl+Q quits', 'still running after 10 s')
        if status != 0:
            bail('Ctrl+Q quits', f'exit status {status}')
        ok('Ctrl+Q quits')
        process = None
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
