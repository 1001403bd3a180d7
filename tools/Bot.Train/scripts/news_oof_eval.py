#!/usr/bin/env python3
"""The `bot eval` table of a whole-pipeline leave-one-article-out run, from its folds' dumps.

Usage: python3 tools/Bot.Train/scripts/news_oof_eval.py FOLDS_DIR
where FOLDS_DIR/ARTICLE/dump.jsonl and FOLDS_DIR/ARTICLE/eval.json are what news-oof-eval.sh had `bot eval --dump --json`
write for each fold (that article's questions and its share of the general off-topic questions, asked of the whole
news-dev index by the models trained without them). Every question is asked in exactly one fold, so the rows below are
the same figures `bot eval` computes (EvalMetrics.From), over the union of the folds' answers.
"""
import glob
import json
import math
import os
import sys

folds = sorted(glob.glob(os.path.join(sys.argv[1], "*", "dump.jsonl")))
if not folds:
    sys.exit(f"no FOLD/dump.jsonl under {sys.argv[1]}")
rows = []
for path in folds:
    with open(path, encoding="utf-8") as f:
        rows += [r for r in map(json.loads, f) if r["stage"] == "asking"]
with open(os.path.join(os.path.dirname(folds[0]), "eval.json"), encoding="utf-8") as f:
    report = json.load(f)
mean_sentence = report.get("CorpusMeanSentenceChars") or report.get("corpusMeanSentenceChars") or 0


def share(items, pred):
    return 0.0 if not items else round(sum(map(pred, items)) / len(items), 3)


def pct(times, p):
    if not times:
        return 0.0
    return round(times[min(max(math.ceil(p * len(times)) - 1, 0), len(times) - 1)], 1)


def metrics(name, items):
    ans = [r for r in items if r["Answerable"]]
    unans = [r for r in items if not r["Answerable"]]
    quoted = [r for r in ans if r["Answered"] and r["quote"] is not None]
    chars = round(sum(len(r["quote"]) for r in quoted) / len(quoted), 1) if quoted else 0.0
    times = sorted(r["ms"] for r in items)
    return [name, f"{len(items)} ({len(ans)} ans.)", f"{share(ans, lambda r: r['correct']):.3f}",
            f"{chars:.0f} ({chars / mean_sentence if mean_sentence else 0:.2f}x)",
            f"{share(ans, lambda r: 1 <= r['goldRank'] <= 5):.3f}",
            f"{(sum(1 / r['goldRank'] for r in ans if 1 <= r['goldRank'] <= 10) / len(ans)) if ans else 0:.3f}",
            f"{share(unans, lambda r: not r['Answered']):.3f}", f"{share(ans, lambda r: not r['Answered']):.3f}",
            f"{pct(times, 0.5):.1f}", f"{pct(times, 0.95):.1f}"]


table = [metrics("all", rows)]
for kind in dict.fromkeys(r["kind"] for r in rows if r["kind"]):
    table.append(metrics("kind:" + kind, [r for r in rows if r["kind"] == kind]))
header = ["subset", "questions", "quote@1", "1st quote chars", "recall@5", "MRR@10", "abstained unanswerable", "abstained answerable", "p50 ms", "p95 ms"]
widths = [max(len(str(x[i])) for x in table + [header]) for i in range(len(header))]
print(f"whole pipeline, leave one article out: {len(folds)} folds, {len(rows)} questions")
for line in [header] + table:
    print(" | ".join(str(c).rjust(w) for c, w in zip(line, widths)))
refused = [r for r in rows if r["Answerable"] and not r["Answered"]]
if refused:
    print("answerable questions refused:")
    for r in refused:
        print(f"  [{r['kind']}] p={r['Confidence']:.3f} {r['Question']}")
answered = [r for r in rows if not r["Answerable"] and r["Answered"]]
if answered:
    print("off-topic questions answered:")
    for r in answered:
        print(f"  p={r['Confidence']:.3f} {r['Question']} => {r['quote']}")
