#!/usr/bin/env python3
"""News-dev figures out of fold, from the trainer's leave-one-article-out probabilities.

Usage: python3 tools/Bot.Train/scripts/news_oof.py "PREFIX.trees_(200_rounds).tsv" [tests/data/news-dev/questions.jsonl]
where PREFIX is what `abstainer ... --oof-dump PREFIX` was given. Each row of that file is one training row of a
leave-one-article-out run: label, its probability from the model trained without the row's article, the out-of-fold
threshold, the article and "question => best sentence". A question asked in several runs with the same best sentence
counts once. "Best sentence answers" checks the news-dev `expect` substrings against the best sentence alone (the bot's
first quote may also span a neighbouring sentence, so this slightly understates it).
"""
import collections
import json
import sys

questions_path = sys.argv[2] if len(sys.argv) > 2 else "tests/data/news-dev/questions.jsonl"
questions = {}
with open(questions_path, encoding="utf-8") as f:
    for line in f:
        q = json.loads(line)
        questions[q["q"]] = q

with open(sys.argv[1], encoding="utf-8") as f:
    rows = [line.rstrip("\n").split("\t") for line in f]
threshold = float(rows[0][2])
seen, groups = set(), collections.defaultdict(list)
for label, p, _, doc, described in rows:
    if (label, doc, described) in seen:
        continue
    seen.add((label, doc, described))
    question, _, top = described.partition(" => ")
    corpus = "news" if question in questions else "squad"
    groups[(corpus, label)].append((float(p), question, top))

print(f"out-of-fold threshold {threshold:.4f}")
for (corpus, label), items in sorted(groups.items()):
    kind = "answerable refused" if label == "1" else "not answerable, abstained"
    print(f"{corpus} {kind}: {sum(p < threshold for p, _, _ in items) / len(items):.3f} of {len(items)}")

def right(question, top):
    return any(e in top for e in questions[question]["expect"])

positives = groups[("news", "1")]
print(f"news best sentence answers and is not refused: {sum(p >= threshold and right(q, t) for p, q, t in positives) / len(positives):.3f}")
by_kind = collections.defaultdict(list)
for p, q, t in positives:
    by_kind[questions[q]["kind"]].append(p >= threshold and right(q, t))
for kind, outcomes in sorted(by_kind.items()):
    print(f"  {kind}: {sum(outcomes) / len(outcomes):.3f} of {len(outcomes)}")
negatives = groups[("news", "0")]
for name, keep in [("near misses", lambda q: q.get("abstain") and q.get("doc")),
                   ("general off-topic", lambda q: q.get("abstain") and not q.get("doc")),
                   ("questions about the held-out article", lambda q: not q.get("abstain"))]:
    chosen = [p for p, q, _ in negatives if keep(questions[q])]
    print(f"news {name} abstained: {sum(p < threshold for p in chosen) / max(1, len(chosen)):.3f} of {len(chosen)}")
