# SPDX-License-Identifier: GPL-3.0-or-later
"""The TAP runner the Python tests share.

    from taptest import test, run_tests

    @test
    def something():
        ...           # raise to fail; return 'SKIP reason' to skip

    if __name__ == '__main__':
        sys.exit(run_tests())

Every test runs, in order, whatever the ones before it did; each line says
how long it took, and a failure prints its traceback as TAP comments.
"""
import sys
import time
import traceback

_tests = []


def test(func):
    _tests.append(func)
    return func


def run_tests(cleanup=None):
    """Runs the tests; calls cleanup() after them. Returns the exit status."""
    print(f'1..{len(_tests)}')
    failed = 0
    for number, func in enumerate(_tests, 1):
        name = func.__name__
        started = time.monotonic()
        try:
            outcome = func()
            took = f'{time.monotonic() - started:.1f} s'
            if isinstance(outcome, str) and outcome.startswith('SKIP'):
                print(f'ok {number} {name} # {outcome}')
            else:
                print(f'ok {number} {name} ({took})')
        except Exception:  # report every failure, go on with the rest
            failed += 1
            print(f'not ok {number} {name}')
            for line in traceback.format_exc().splitlines():
                print(f'# {line}')
        sys.stdout.flush()
    if cleanup is not None:
        cleanup()
    return 1 if failed else 0
