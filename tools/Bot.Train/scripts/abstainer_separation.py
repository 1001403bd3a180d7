#!/usr/bin/env python3
"""Do candidate abstainer slots separate what the abstainer confuses? (docs/eval.md, "Absent words weighed by general-English rarity")

    python3 tools/Bot.Train/scripts/abstainer_separation.py ROWS.tsv slotA,slotB,...

ROWS.tsv is `Bot.Train abstainer ... --also-docs ... --rows ROWS.tsv`. Groups: the second set's answerable rows (runs >= 1000)
and the first set's out-of-corpus rows (label 0, runs < 1000). Prints each slot's AUC between them, fits gradient-boosted
depth-2 trees (9 folds by article) without and with the named slots, and compares them where 3/5/8 % of the out-of-corpus
rows pass; then, at 5 %, each slot's means and AUC on the hard rows: the answerable ones refused against the out-of-corpus
ones let through by the trees without the slots.
"""
import csv, sys
import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

csv.field_size_limit(10**9)
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
header, rows = rows[0], rows[1:]
feat = header[3:-1]
new = sys.argv[2].split(",")
X = np.array([[float(v) for v in r[3:-1]] for r in rows])
y = np.array([int(r[0]) for r in rows])
news = np.array([int(r[1]) >= 1000 for r in rows])
doc = np.array([r[2] for r in rows])
pos, ooc = (y == 1) & news, (y == 0) & ~news


def auc(a, b, j):
    return roc_auc_score(np.r_[np.ones(a.sum()), np.zeros(b.sum())], np.r_[X[a, j], X[b, j]])


base = ["missingFromCorpus", "missingCount", "missingNames", "topMaxMissingIdf", "topCoverage", "topVecCos", "topTokMatch"]
shown = [n for n in base if n in feat] + new
print(f"rows {len(y)}: second-set answerable {pos.sum()}, first-set out of corpus {ooc.sum()}")
for n in shown:
    print(f"  {n:24s} AUC answerable vs out of corpus {auc(pos, ooc, feat.index(n)):.3f}")
probs = {}
for name, cols in [("without", [i for i, n in enumerate(feat) if n not in new]), ("with", list(range(len(feat))))]:
    p = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=9).split(X, y, doc):
        m = GradientBoostingClassifier(n_estimators=200, max_depth=2, learning_rate=0.1, random_state=0).fit(X[tr][:, cols], y[tr])
        p[te] = m.predict_proba(X[te][:, cols])[:, 1]
    probs[name] = p
    print(f"trees {name} the slots: AUC {roc_auc_score(np.r_[np.ones(pos.sum()), np.zeros(ooc.sum())], np.r_[p[pos], p[ooc]]):.4f}")
    for rate in (0.03, 0.05, 0.08):
        t = np.quantile(p[ooc], 1 - rate)
        print(f"  out of corpus passing {rate:.2f}: answerable refused {(p[pos] < t).mean():.3f}")
p = probs["without"]
t = np.quantile(p[ooc], 0.95)
refused, accepted, passing = pos & (p < t), pos & (p >= t), ooc & (p >= t)
print(f"hard rows at {t:.3f}: refused {refused.sum()}, accepted {accepted.sum()}, out of corpus passing {passing.sum()}")
for n in shown:
    j = feat.index(n)
    print(f"  {n:24s} {X[refused, j].mean():.3f} / {X[accepted, j].mean():.3f} / {X[passing, j].mean():.3f}  AUC refused vs passing {auc(refused, passing, j):.3f}")
