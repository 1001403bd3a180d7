#!/usr/bin/env python3
"""Leave-one-news-article-out figures of abstainer variants, from the trainer's rows (issue 14, branch n14abs).

Usage:
  python3 tools/Bot.Train/scripts/abstainer_loao.py ROWS [--variants base,drop-raw,...] [--folds N] [--check-shipped FILE]

ROWS is what `abstainer ... --rows ROWS` wrote (the Models README's fifth command): label, run, article, the 39
`AbstentionFeature.Set` values, "question => best sentence". Runs >= 1000 are the second set's (news-train's).
Every news-train article is held out in turn: every row of its questions (its answerable questions in the runs
that index it, their out-of-corpus rows in the run that does not, its near misses) and of the general off-topic
questions assigned to it (the k-th general question, in file order, belongs to the k-th article in path order, as
`ExtraCorpus.Folds`) is dropped, the variant is fitted on everything else (SQuAD's tuning-half rows included) and
the held-out rows are scored. Pooled over the folds:
  - refused: answerable rows below the threshold;
  - off-topic abstained: the near misses (in runs that index their article) and the general off-topic questions;
  - out-of-corpus abstained: answerable questions asked while their article is not indexed.
Reported at the 5 % refused operating point of the pooled held-out rows, the refusals at the shipped recipe's
off-topic rate (--base: its saved scores), and with --rule each group's refusals at the q-quantile of the OTHER
groups' held-out positives (a deployable threshold rule: how many news-dev-sized groups exceed 5 %, and the pooled
off-topic abstention it costs). --folds 8 makes groups of 7-8 articles, news-dev's size.

The booster is the trainer's (`BoostedTrainer`: Newton boosting, depth-2 trees, class-balanced logistic loss, splits
at 31 feature quantiles, lambda 1, min leaf 20, leaf values rounded to 5 decimals) re-written in numpy.
"""
import argparse
import collections
import glob
import json
import os
import sys

import numpy as np

NAMES = ["topScore", "topProbability", "gap", "topCoverage", "topExactIdf", "missingFromCorpus", "logTerms",
         "topTitleCoverage", "topParagraphCoverage", "maxCoverage", "topSentBm25Share", "topTypeMatch", "matchedAnywhere",
         "topWindowCoverage", "topDocVote", "topExactFraction", "topBigrams", "topMaxMissingIdf", "topDocCoverage",
         "missingCount", "missingNames", "rareFraction", "logMinDf", "topDocNames", "rarestInTopDoc", "rarestInTopParagraph",
         "wholeDocShare", "wholeDocFoundShare", "maxDocShare", "wholeDocGap", "wholeDocRare", "wholeDocNames",
         "wholeDocMaxMissingIdf", "topVecCos", "maxVecCos", "topVecParagraph", "topTokMatch", "maxTokMatch", "topTokWorstCovered"]
IDX = {n: i for i, n in enumerate(NAMES)}
EXTRA = 1000


def load_rows(path):
    labels, runs, docs, X, described = [], [], [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] not in ("0", "1"):
                continue  # header
            labels.append(parts[0] == "1")
            runs.append(int(parts[1]))
            docs.append(parts[2])
            X.append([float(v) for v in parts[3:3 + len(NAMES)]])
            described.append(parts[3 + len(NAMES)] if len(parts) > 3 + len(NAMES) else "")
    return np.array(labels), np.array(runs), np.array(docs), np.array(X), described


def news_questions(folder="tests/data/news-train", articles=None):
    """Every news-train question in the trainer's order, with its fold (ExtraCorpus.Folds) over ARTICLES (default: the
    folder's; pass the articles the rows were gathered over when the folder has grown since)."""
    qs = []
    for path in [f"{folder}/questions.jsonl"] + sorted(glob.glob(f"{folder}/questions-*.jsonl")):
        with open(path, encoding="utf-8") as f:
            qs.extend(json.loads(line) for line in f if line.strip())
    articles = sorted(articles) if articles is not None else sorted(os.listdir(f"{folder}/docs"))
    general = 0
    for q in qs:
        if q.get("doc"):
            q["fold"] = q["doc"]
        else:
            q["fold"] = articles[general % len(articles)]
            general += 1
    return qs, articles


# ---------------------------------------------------------------- the trainer's booster, in numpy
class Trees:
    def __init__(self, trees, bias=0.0):
        self.trees, self.bias = trees, bias

    def score(self, X):
        s = np.full(len(X), self.bias)
        for (f0, f1, f2), (t0, t1, t2), v in self.trees:
            right = X[:, f0] >= t0
            leaf = np.where(right, 2 + (X[:, f2] >= t2), X[:, f1] >= t1).astype(int)
            s += np.asarray(v)[leaf]
        return s


def fit_trees(X, y, rounds=200, rate=0.1, lam=1.0, min_leaf=20, sample_weight=None, allowed=None, depth=2):
    n, d = X.shape
    nb = 32
    B = np.zeros((d, n), dtype=np.int64)
    cuts = []
    for j in range(d):
        v = np.sort(X[:, j])
        c = np.unique(v[(np.arange(1, 32) * (n - 1)) // 32])
        c = c[c > v[0]]
        if allowed is not None and j not in allowed:
            c = c[:0]
        cuts.append(c)
        B[j] = np.searchsorted(c, X[:, j], side="right")
    ncut = np.array([len(c) for c in cuts])
    flat = B + (np.arange(d) * nb)[:, None]
    pos = y.sum()
    w = np.where(y, 0.5 * n / max(1, pos), 0.5 * n / max(1, n - pos))
    if sample_weight is not None:
        w = w * sample_weight
    yy = y.astype(float)
    score = np.zeros(n)
    trees = []
    valid = np.arange(nb)[None, :] < ncut[:, None]

    def best_split(idx, g, h):
        G, H = g[idx].sum(), h[idx].sum()
        fl = flat[:, idx].ravel()
        gs = np.bincount(fl, np.tile(g[idx], d), minlength=d * nb).reshape(d, nb)
        hs = np.bincount(fl, np.tile(h[idx], d), minlength=d * nb).reshape(d, nb)
        cs = np.bincount(fl, minlength=d * nb).reshape(d, nb)
        gl, hl, nl = np.cumsum(gs, 1), np.cumsum(hs, 1), np.cumsum(cs, 1)
        gain = gl ** 2 / (hl + lam) + (G - gl) ** 2 / (H - hl + lam) - G * G / (H + lam)
        ok = valid & (nl >= min_leaf) & (len(idx) - nl >= min_leaf)
        gain = np.where(ok, gain, -np.inf)
        k = int(np.argmax(gain))
        if not gain.flat[k] > 1e-9:
            return -1, 0.0
        j, b = divmod(k, nb)
        return j, cuts[j][b]

    def leaf(mask, g, h):
        return -g[mask].sum() / (h[mask].sum() + lam)

    all_idx = np.arange(n)
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-score))
        g = w * (p - yy)
        h = w * np.maximum(1e-6, p * (1 - p))
        f0, t0 = best_split(all_idx, g, h)
        if f0 < 0:
            break
        left = X[:, f0] < t0
        if depth == 1:
            f1, t1, f2, t2 = f0, np.inf, f0, np.inf
        else:
            f1, t1 = best_split(all_idx[left], g, h)
            f2, t2 = best_split(all_idx[~left], g, h)
            if f1 < 0:
                f1, t1 = f0, np.inf
            if f2 < 0:
                f2, t2 = f0, np.inf
        masks = [left & (X[:, f1] < t1), left & (X[:, f1] >= t1), ~left & (X[:, f2] < t2), ~left & (X[:, f2] >= t2)]
        v = [round(leaf(m, g, h) * rate, 5) for m in masks]
        tree = ((f0, f1, f2), (t0, t1, t2), v)
        trees.append(tree)
        score += Trees([tree]).score(X)
    return Trees(trees)


def fit_logistic(X, y, C=1.0, sample_weight=None):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    sc = StandardScaler().fit(X)
    m = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(sc.transform(X), y, sample_weight=sample_weight)
    return lambda Z: m.decision_function(sc.transform(Z))


# ---------------------------------------------------------------- features
def transform(X, name):
    """Per-question relative / rank-free variants of the raw columns, computable from the row alone."""
    if name == "raw":
        return X
    Z = X.copy()
    if name in ("rel", "rel-drop"):
        # cosines relative to the question's best (the scale drifts between corpora, models and int8)
        Z[:, IDX["topVecCos"]] = X[:, IDX["topVecCos"]] - X[:, IDX["maxVecCos"]]
        Z[:, IDX["topVecParagraph"]] = X[:, IDX["topVecParagraph"]] - X[:, IDX["maxVecCos"]]
        Z[:, IDX["topTokMatch"]] = X[:, IDX["topTokMatch"]] - X[:, IDX["maxTokMatch"]]
        Z[:, IDX["topScore"]] = 0.0
        if name == "rel-drop":
            Z[:, IDX["maxVecCos"]] = 0.0
            Z[:, IDX["maxTokMatch"]] = 0.0
        return Z
    raise ValueError(name)


def drop(X, names):
    Z = X.copy()
    for n in names:
        Z[:, IDX[n]] = 0.0
    return Z


DRIFT = ["topScore", "topVecCos", "maxVecCos", "topVecParagraph", "topTokMatch", "maxTokMatch"]
CORPUS = ["missingFromCorpus", "missingCount", "missingNames", "rareFraction", "logMinDf", "matchedAnywhere"]


# Extra weight of news rows by kind (near misses, general off-topic questions) for the weighting variants.
KIND_WEIGHTS = {"near-w3": {"near": 3.0}, "near-w6": {"near": 6.0}, "off-w3": {"near": 3.0, "general": 3.0},
                "near-w3-lam20": {"near": 3.0}, "ooc-w0.3": {"ooc": 0.3}}


def blend(s1, s2):
    """The mean of two scores: what the trainer's --tree-blend-without writes (both tree sets, leaf values halved)."""
    return lambda Z: 0.5 * (s1(Z) + s2(drop(Z, DRIFT)))


FOCUS = np.zeros(0)
STOP = set("the a an of is was were are did does do has have had will would can could to in on for by with at from".split())


def focus_present(described):
    """1 unless the question asks "what / which / how many / how much X" and the best sentence has no word starting like X."""
    import re
    question, _, sentence = described.partition(" => ")
    m = re.search(r"\b(?:what|which|how many|how much)\s+(\w+)", question.lower())
    if not m or m.group(1) in STOP:
        return 1.0
    w = m.group(1)
    return 1.0 if re.search(r"\b" + re.escape(w[:max(4, len(w) - 2)]), sentence.lower()) else 0.0


def variants():
    """name -> (fit(X, y, sw) -> scorer, feature transform, news weight)."""
    T = lambda **k: (lambda X, y, sw: fit_trees(X, y, sample_weight=sw, **k).score)
    v = {
        "shipped": (T(), lambda X: X, 1.0),
        "trees-100": (T(rounds=100), lambda X: X, 1.0),
        "trees-400-r05": (T(rounds=400, rate=0.05), lambda X: X, 1.0),
        "trees-d1-300": (T(rounds=300, depth=1), lambda X: X, 1.0),
        "trees-leaf80": (T(min_leaf=80), lambda X: X, 1.0),
        "trees-lam20": (T(lam=20.0), lambda X: X, 1.0),
        "news-w2": (T(), lambda X: X, 2.0),
        "news-w0.5": (T(), lambda X: X, 0.5),
        "drop-drift": (T(), lambda X: drop(X, DRIFT), 1.0),
        "drop-cos": (T(), lambda X: drop(X, ["topVecCos", "maxVecCos", "topVecParagraph"]), 1.0),
        "drop-topScore": (T(), lambda X: drop(X, ["topScore"]), 1.0),
        "drop-corpus": (T(), lambda X: drop(X, CORPUS), 1.0),
        "rel": (T(), lambda X: transform(X, "rel"), 1.0),
        "rel-drop": (T(), lambda X: transform(X, "rel-drop"), 1.0),
        "near-w3": (T(), lambda X: X, 1.0),
        "near-w6": (T(), lambda X: X, 1.0),
        "off-w3": (T(), lambda X: X, 1.0),
        "near-w3-lam20": (T(lam=20.0), lambda X: X, 1.0),
        "ooc-w0.3": (T(), lambda X: X, 1.0),
        "blend-drift": ((lambda X, y, sw: blend(fit_trees(X, y, sample_weight=sw).score,
                                                fit_trees(drop(X, DRIFT), y, sample_weight=sw).score)), lambda X: X, 1.0),
        "focus": (T(), lambda X: np.c_[X, FOCUS], 1.0),
        "logistic": ((lambda X, y, sw: fit_logistic(X, y, 1.0, sw)), lambda X: X, 1.0),
        "logistic-C0.1": ((lambda X, y, sw: fit_logistic(X, y, 0.1, sw)), lambda X: X, 1.0),
    }
    return v


# ---------------------------------------------------------------- evaluation
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows")
    ap.add_argument("--variants", default="shipped")
    ap.add_argument("--folds", type=int, default=0, help="hold out this many groups of articles (0: one article at a time)")
    ap.add_argument("--out", default=None, help="write each variant's held-out scores to OUT.VARIANT.npz")
    ap.add_argument("--base", default=None, help="the shipped recipe's held-out scores (an --out .npz) to compare with")
    ap.add_argument("--rule", action="store_true", help="per-group refusals of the q-quantile threshold rule")
    args = ap.parse_args()

    labels, runs, docs, X, described = load_rows(args.rows)
    global FOCUS
    FOCUS = np.array([focus_present(d) for d in described])
    news = runs >= EXTRA
    # The articles the rows were gathered over (every news-train article has questions), not the folder's today.
    qs, articles = news_questions(articles={d for d in docs[news] if d})
    by_text = collections.defaultdict(list)
    for q in qs:
        by_text[q["q"]].append(q)
    n = len(labels)
    fold = np.array([""] * n, dtype=object)
    kind = np.array([""] * n, dtype=object)  # pos / near / general / ooc (answerable question, article not indexed)
    for i in np.where(news)[0]:
        question = described[i].split(" => ")[0]
        cands = by_text.get(question)
        if not cands:
            sys.exit(f"row {i}: question not in news-train: {question!r}")
        q = cands[0]
        fold[i] = q["fold"]
        if labels[i]:
            kind[i] = "pos"
        elif q.get("abstain"):
            kind[i] = "near" if q.get("doc") else "general"
        else:
            kind[i] = "ooc"
    # A near miss asked while its own article is not indexed is out of corpus, not a near miss.
    indexed_in_run = {}
    for r in set(runs[news]):
        h = r - EXTRA
        indexed_in_run[r] = {a for k, a in enumerate(articles) if k % 5 != h}
    for i in np.where(kind == "near")[0]:
        if fold[i] not in indexed_in_run[runs[i]]:
            kind[i] = "near-ooc"
    print(f"rows {n}: squad {int((~news).sum())}, news {int(news.sum())}: " +
          ", ".join(f"{k} {int((kind == k).sum())}" for k in ["pos", "near", "near-ooc", "general", "ooc"]))

    groups = articles if args.folds == 0 else [articles[k::args.folds] for k in range(args.folds)]
    allv = variants()
    results = {}
    if args.base:
        results["shipped"] = np.load(args.base, allow_pickle=True)["oof"]
    for name in args.variants.split(","):
        fit, tf, nw = allv[name]
        Z = tf(X)
        sw = np.where(news, nw, 1.0)
        for k, kw in KIND_WEIGHTS.get(name, {}).items():
            sw = np.where(kind == k, kw, sw)
        oof = np.full(n, np.nan)
        thr = {}
        for g in groups:
            g = {g} if isinstance(g, str) else set(g)
            held = news & np.isin(fold, list(g))
            train = ~held
            s = fit(Z[train], labels[train], sw[train])
            oof[held] = s(Z[held])
        results[name] = oof
        if args.out:
            np.savez(f"{args.out}.{name}.npz", oof=oof, kind=kind, fold=fold)
        report(name, oof, kind, results.get("shipped"))
        if args.rule:
            threshold_rule(oof, kind, fold, groups)


def threshold_rule(oof, kind, fold, groups):
    """Each group's refusals at the q-quantile of the OTHER groups' held-out positives (a deployable threshold)."""
    for q in [0.05, 0.04, 0.03, 0.025, 0.02]:
        refused, offs = [], []
        for g in groups:
            g = {g} if isinstance(g, str) else set(g)
            inside = np.isin(fold, list(g))
            other = np.sort(oof[(kind == "pos") & ~inside])
            t = other[int(np.floor(q * len(other)))]
            refused.append(np.mean(oof[(kind == "pos") & inside] < t))
            off = inside & np.isin(kind, ["near", "general"])
            offs.append((np.sum(oof[off] < t), np.sum(off)))
        refused = np.array(refused)
        print(f"    rule q={q:.3f}: held-out groups refused mean {refused.mean():.3f}, max {refused.max():.3f}, "
              f"groups > 5 % {int((refused > 0.05).sum())} of {len(groups)}; off-topic abstained "
              f"{sum(a for a, _ in offs) / sum(b for _, b in offs):.3f}", flush=True)


def at(oof, kind, t):
    ref = np.mean(oof[kind == "pos"] < t)
    off = np.isin(kind, ["near", "general"])
    return ref, np.mean(oof[off] < t), np.mean(oof[kind == "near"] < t), np.mean(oof[kind == "general"] < t), np.mean(oof[kind == "ooc"] < t)


def report(name, oof, kind, base):
    pos = np.sort(oof[kind == "pos"])
    t5 = pos[int(np.floor(0.05 * len(pos)))]
    r = at(oof, kind, t5)
    line = f"{name:16s} at 5% refused: off-topic {r[1]:.3f} (near {r[2]:.3f}, general {r[3]:.3f}), ooc {r[4]:.3f}"
    if base is not None:
        bpos = np.sort(base[kind == "pos"])
        bt = bpos[int(np.floor(0.05 * len(bpos)))]
        boff = at(base, kind, bt)[1]
        # refusals at the shipped recipe's off-topic rate
        off = np.sort(oof[np.isin(kind, ["near", "general"])])
        t = off[min(len(off) - 1, int(np.ceil(boff * len(off))) - 1)]
        t = np.nextafter(t, np.inf)
        line += f"; refused at off-topic {at(oof, kind, t)[1]:.3f}: {at(oof, kind, t)[0]:.3f}"
    auc = auc_of(oof[kind == "pos"], oof[np.isin(kind, ["near", "general"])])
    line += f"; AUC pos/off {auc:.3f}"
    print(line, flush=True)


def auc_of(p, q):
    from sklearn.metrics import roc_auc_score
    return roc_auc_score(np.r_[np.ones(len(p)), np.zeros(len(q))], np.r_[p, q])


if __name__ == "__main__":
    main()
