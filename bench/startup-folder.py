#!/usr/bin/env python3
"""A large seeds folder for bench/startup.sh: squad-dev's 8 articles plus N one-line notes (default 20 000), 100 to a
subfolder, each a unique title over a WordNet 3.0 gloss (3 000 distinct glosses, so the default model embeds ~3 500
passages once, not N). usage: bench/startup-folder.py OUT_DIR [N]  (needs /usr/share/wordnet: apt-get install wordnet-base)"""
import os, shutil, sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shutil.rmtree(out, ignore_errors=True)
shutil.copytree(os.path.join(repo, 'tests', 'data', 'squad-dev', 'docs'), out)
glosses = []
for name in ['data.noun', 'data.verb']:
    for line in open('/usr/share/wordnet/' + name, errors='ignore'):
        if line.startswith(' ') or '|' not in line:
            continue
        g = line.split('|', 1)[1].split(';')[0].strip()
        if 20 < len(g) < 120 and '"' not in g:
            glosses.append(g[0].upper() + g[1:] + '.')
pool = glosses[:3000]
for i in range(n):
    d = os.path.join(out, 'filler', f'd{i // 100:03d}')
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f'note{i:05d}.txt'), 'w') as fh:
        fh.write(f'Filler note {i}\n\n{pool[i % len(pool)]}\n')
print(f'{n + 8} seed files in {out}')
