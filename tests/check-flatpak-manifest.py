#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the Flatpak manifest against what the build installs and what
# Flathub asks of a GNOME app. TAP on stdout.
#
# Usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND

import json
import sys

manifest_path, app_id, command = sys.argv[1:4]
checks = []


def check(what, condition, detail=''):
    checks.append((what, bool(condition), detail))


try:
    with open(manifest_path, encoding='utf-8') as f:
        manifest = json.load(f)
except (OSError, ValueError) as error:
    print('1..1')
    print(f'not ok 1 - manifest is JSON # {error}')
    sys.exit(1)

check('manifest is JSON', True)
check('id is the application id', manifest.get('id') == app_id, manifest.get('id'))
check('command is the installed program', manifest.get('command') == command, manifest.get('command'))
check('GNOME runtime and SDK',
      manifest.get('runtime') == 'org.gnome.Platform' and manifest.get('sdk') == 'org.gnome.Sdk')
check('runtime version is a GNOME release number',
      str(manifest.get('runtime-version', '')).isdigit(), manifest.get('runtime-version'))

args = manifest.get('finish-args', [])
for needed in ('--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri'):
    check(f'finish-args has {needed}', needed in args)
check('no X11 socket beside fallback-x11', '--socket=x11' not in args)
# Library folders come through the file chooser portal: no broad access.
broad = [a for a in args if a.startswith('--filesystem=') and
         a.split('=', 1)[1].split(':')[0] in ('host', 'home', 'host-os', 'host-etc')]
check('no broad filesystem access', not broad, ' '.join(broad))
check('no network', '--share=network' not in args)

modules = manifest.get('modules', [])
check('one module', len(modules) == 1, len(modules))
if modules:
    module = modules[0]
    sources = module.get('sources', [])
    check('the module is built with meson', module.get('buildsystem') == 'meson')
    check('the module comes from the git repository',
          len(sources) == 1 and sources[0].get('type') == 'git' and
          sources[0].get('url', '').startswith('https://'), sources)

print(f'1..{len(checks)}')
failed = False
for number, (what, passed, detail) in enumerate(checks, 1):
    if passed:
        print(f'ok {number} - {what}')
    else:
        failed = True
        print(f'not ok {number} - {what} # got {detail!r}')
sys.exit(1 if failed else 0)
