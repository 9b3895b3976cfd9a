#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print one 'N passed, N failed, N skipped' line from meson's testlog.json.

TAP tests count one per subtest ('ok N', 'not ok N', '# SKIP'); other tests
count one each. A TAP test that failed after its last 'ok' (a crash, a
timeout) adds one failure. Exit status 1 on any failure or on no tests.
"""
import json
import re
import sys

TAP_LINE = re.compile(r'^(not )?ok\b(.*)$')


def count_tap(stdout):
    passed = failed = skipped = 0
    for line in stdout.splitlines():
        m = TAP_LINE.match(line.strip())
        if not m:
            continue
        directive = m.group(2)
        if re.search(r'#\s*skip', directive, re.I):
            skipped += 1
        elif m.group(1):
            if re.search(r'#\s*todo', directive, re.I):
                skipped += 1
            else:
                failed += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(paths):
    passed = failed = skipped = 0
    for path in paths:
        with open(path, encoding='utf-8', errors='replace') as log:
            for line in log:
                line = line.strip()
                if not line:
                    continue
                test = json.loads(line)
                result = test.get('result', '')
                stdout = test.get('stdout') or ''
                p, f, s = count_tap(stdout)
                if p + f + s == 0:
                    if result in ('OK', 'EXPECTEDFAIL'):
                        p = 1
                    elif result == 'SKIP':
                        s = 1
                    else:
                        f = 1
                elif result not in ('OK', 'SKIP', 'EXPECTEDFAIL') and f == 0:
                    f = 1
                    print(f"{test.get('name')}: {result} after its last subtest",
                          file=sys.stderr)
                passed += p
                failed += f
                skipped += s
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 1 if failed or passed + failed == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
