#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The screenshots the metainfo shows are in data/screenshots/: each one a
# PNG of the size the metainfo says, small enough to download quickly, with
# a caption; one is the default. TAP on stdout.
#
# Usage: check-screenshots.py METAINFO_IN SCREENSHOTS_DIR

import os
import struct
import sys
import xml.etree.ElementTree as ET

PREFIX = 'https://raw.githubusercontent.com/studycircle/studycircle/main/data/screenshots/'
MAX_BYTES = 200 * 1024

metainfo, folder = sys.argv[1:3]
checks = []
screenshots = ET.parse(metainfo).getroot().findall('./screenshots/screenshot')
checks.append(('the metainfo has screenshots', len(screenshots) > 0, len(screenshots)))
defaults = [s for s in screenshots if s.get('type') == 'default']
checks.append(('exactly one default screenshot', len(defaults) == 1, len(defaults)))

for shot in screenshots:
    image = shot.find('image')
    url = image.text.strip() if image is not None and image.text else ''
    name = url[len(PREFIX):] if url.startswith(PREFIX) else url
    checks.append((f'{name}: a caption', (shot.findtext('caption') or '').strip() != '', None))
    checks.append((f'{name}: its URL is in the repository', url.startswith(PREFIX), url))
    path = os.path.join(folder, name)
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError as error:
        checks.append((f'{name}: the file exists', False, error))
        continue
    is_png = data[:8] == b'\x89PNG\r\n\x1a\n' and data[12:16] == b'IHDR'
    checks.append((f'{name}: a PNG', is_png, data[:16]))
    if is_png:
        width, height = struct.unpack('>II', data[16:24])
        said = (int(image.get('width', 0)), int(image.get('height', 0)))
        checks.append((f'{name}: {width}×{height} as the metainfo says', (width, height) == said, said))
        checks.append((f'{name}: at most 1200×800', width <= 1200 and height <= 800, (width, height)))
    checks.append((f'{name}: at most {MAX_BYTES // 1024} KiB', len(data) <= MAX_BYTES, len(data)))

print(f'1..{len(checks)}')
failed = False
for number, (what, passed, detail) in enumerate(checks, 1):
    if passed:
        print(f'ok {number} - {what}')
    else:
        failed = True
        print(f'not ok {number} - {what} # got {detail!r}')
sys.exit(1 if failed else 0)
