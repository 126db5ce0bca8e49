#!/bin/sh
# libfamfs's folders by layer: a folder includes internal headers only from
# itself or the folders below it, and no two folders include each other.
#   write -> check, alloc, layout -> fs -> format, dev -> util
. "$top_srcdir/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 missing"
NTESTS=$((NTESTS + 1))
python3 - "$top_srcdir/libfamfs" <<'PY' || fail "layering broken (above)"
import glob, re, sys
rank = {'util': 0, 'format': 1, 'dev': 1, 'fs': 2, 'alloc': 3, 'check': 3, 'layout': 3,
        'write': 4}
root = sys.argv[1]
bad, pairs = [], set()
loose = [p for p in glob.glob(root + '/*.[ch]')]
if loose:
    bad.append('files outside any layer folder: ' + ' '.join(loose))
for p in glob.glob(root + '/*/*.[ch]'):
    layer = p.split('/')[-2]
    if layer not in rank:
        bad.append('%s: unknown layer folder' % p)
        continue
    for m in re.finditer(r'#include "([^"]+)"', open(p).read()):
        inc = m.group(1)
        if '/' not in inc:
            continue
        other = inc.split('/')[0]
        if other not in rank:
            continue
        if other != layer:
            pairs.add((layer, other))
        if rank[other] > rank[layer]:
            bad.append('%s includes %s, a layer above it' % (p, inc))
for a, b in sorted(pairs):
    if (b, a) in pairs and a < b:
        bad.append('%s and %s include each other' % (a, b))
if bad:
    print('\n'.join(bad))
sys.exit(1 if bad else 0)
PY
done_ok
