#!/usr/bin/env python3
"""Derive the compact WordNet relation file the answerer ships (src/Bot.Core/Text/Data/wordnet-relations.txt.gz).

Usage: python3 tools/wordnet/derive.py [/usr/share/wordnet] [OUT]

Reads WordNet 3.0 as Debian's wordnet-base installs it and keeps, for single-word lemmas (lower-case letters only),
the relations that let a question word meet a sentence word: synonyms (members of the same synset), derivations
(WordNet's "derivationally related form" pointers, e.g. negotiate ~ negotiation) and hypernyms of nouns (two levels)
and verbs (one level), e.g. van -> truck -> motor vehicle. Only a lemma's most frequent senses count (its tagged senses,
at most three; its first sense when none is tagged), which keeps rare senses ("bank" as a flight manoeuvre) out.
Output: gzip'd UTF-8 lines "word<TAB>related related ...", each undirected pair written once (under the smaller word),
sorted, with a header naming the source and licence. The output is deterministic (gzip mtime 0).
"""
import gzip
import io
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
out = sys.argv[2] if len(sys.argv) > 2 else "src/Bot.Core/Text/Data/wordnet-relations.txt.gz"
WORD = re.compile(r"^[a-z]{3,}$")
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
MAX_SENSES = 3

synsets = {}  # (pos, offset) -> (words, pointers)
for name, pos in POS.items():
    with open(os.path.join(root, f"data.{name}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            head = line.split(" | ")[0].split()
            offset, ss_type = head[0], head[2]
            w_cnt = int(head[3], 16)
            words = [head[4 + 2 * i].lower() for i in range(w_cnt)]
            words = [re.sub(r"\(.*\)$", "", w) for w in words]  # adjective markers: "galore(ip)"
            k = 4 + 2 * w_cnt
            p_cnt = int(head[k])
            pointers = []
            for i in range(p_cnt):
                sym, target, tpos, st = head[k + 1 + 4 * i: k + 5 + 4 * i]
                tpos = "a" if tpos == "s" else tpos
                pointers.append((sym, tpos, target, int(st[:2], 16), int(st[2:], 16)))
            synsets[(pos, offset)] = (words, pointers)

edges = set()


def add(a, b):
    if a != b and WORD.match(a) and WORD.match(b):
        edges.add((min(a, b), max(a, b)))


def hypernyms(key):
    return [(tpos, t) for sym, tpos, t, _, _ in synsets[key][1] if sym in ("@", "@i")]


for name, pos in POS.items():
    with open(os.path.join(root, f"index.{name}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split()
            lemma = parts[0]
            if not WORD.match(lemma):
                continue
            p_cnt = int(parts[3])
            tagged = int(parts[5 + p_cnt])
            offsets = parts[6 + p_cnt:]
            for offset in offsets[: max(1, min(MAX_SENSES, tagged))]:
                key = (pos, offset)
                words, pointers = synsets[key]
                for w in words:
                    add(lemma, w)
                mine = [i + 1 for i, w in enumerate(words) if w == lemma]
                for sym, tpos, target, src, dst in pointers:
                    if sym == "+" and src in mine and (tpos, target) in synsets:
                        add(lemma, synsets[(tpos, target)][0][dst - 1])
                if pos in ("n", "v"):
                    level = hypernyms(key)
                    for depth in range(2 if pos == "n" else 1):
                        for h in level:
                            for w in synsets[h][0]:
                                add(lemma, w)
                        level = [g for h in level for g in hypernyms(h)]

by_word = {}
for a, b in edges:
    by_word.setdefault(a, []).append(b)
text = io.StringIO()
text.write("# Derived from WordNet 3.0 (Princeton University) by tools/wordnet/derive.py; licence: WORDNET-LICENSE.txt beside this file.\n")
for word in sorted(by_word):
    text.write(f"{word}\t{' '.join(sorted(by_word[word]))}\n")
with open(out, "wb") as raw:
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as z:
        z.write(text.getvalue().encode("utf-8"))
print(f"{len(edges)} pairs over {len(by_word)} words -> {out} ({os.path.getsize(out)} bytes)")
