#!/usr/bin/env python3
"""Other ranker kinds against the shipped linear one, leave one article out, from `ranker --rows` files.

Usage:
  python3 tools/Bot.Train/scripts/ranker_oof.py --train ROWS [--eval ROWS] [--models linear,boost,lin+boost]
         [--news-weight W] [--rounds N] [--rate R] [--lam L] [--min-leaf M] [--depth D]

ROWS is what `Bot.Train ranker ... --rerank --also-docs tests/data/news-dev/docs --also-questions
tests/data/news-dev/questions.jsonl --rows ROWS` wrote: every answerable question's candidates (squad-dev tuning half on
its 4-article index, news-dev on its 8-article index) with the second stage's features and gold labels. --train is the
gathering the models learn from (the shipped re-ranker learnt sentences read out of context:
Bot__Scoring__ReadInContext=false), --eval the one they are measured on (the bot reads in context, the default).

For each of the 12 articles (4 squad tuning + 8 news) a model is fitted without that article's questions and scores
them: top-1 = the best-scored candidate holds a gold answer. Printed: the mean over the squad tuning articles (as the
trainer's own check) and news-dev over its 120 answerable questions, by kind. Models:
  linear     the shipped kind: listwise softmax logistic over standardised features (Adam, 300 steps, L2 0.001), as
             LogisticTrainer.TrainRanker (without the top-1 sweeps, which the shipped recipe does not use);
  boost      listwise softmax gradient boosting of depth-D regression trees (Newton leaves, 32 quantile cuts a feature),
             the LambdaMART family with the linear ranker's own loss;
  lin+boost  the linear ranker plus boosted trees fitted to its residual (interactions the linear model cannot weigh);
  hand       the hand-weighted scorer alone.
News questions count W times in the fit (0: the models never see news-dev; the held-out article is always left out).
numpy only; the parsed rows are cached beside ROWS (ROWS.oof.pkl).
"""
import argparse
import collections
import os
import pickle

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--train", required=True)
ap.add_argument("--eval")
ap.add_argument("--models", default="linear")
ap.add_argument("--news-weight", type=float, default=0)
ap.add_argument("--rounds", type=int, default=20)
ap.add_argument("--rate", type=float, default=0.1)
ap.add_argument("--lam", type=float, default=10.0)
ap.add_argument("--min-leaf", type=int, default=100)
ap.add_argument("--depth", type=int, default=2)
args = ap.parse_args()


def load(path):
    cache = path + ".oof.pkl"
    if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(path):
        with open(cache, "rb") as f:
            return pickle.load(f)
    with open(path, encoding="utf-8") as f:
        f.readline()
        meta, rows = [], []
        for line in f:
            p = line.rstrip("\n").split("\t")
            meta.append(p[:5])
            rows.append([float(v) for v in p[5:]])
    x = np.array(rows)
    by_question = collections.OrderedDict()
    for i, m in enumerate(meta):
        by_question.setdefault((m[0], m[2]), []).append(i)
    groups = []
    for (kind_of_set, _), idx in by_question.items():
        idx = np.array(idx)
        first = meta[idx[0]]
        groups.append(dict(set=kind_of_set, doc=first[1], kind=first[3], idx=idx, y=np.array([meta[i][4] == "1" for i in idx])))
    with open(cache, "wb") as f:
        pickle.dump((x, groups), f)
    return x, groups


def flatten(groups):
    idx = np.concatenate([g["idx"] for g in groups])
    y = np.concatenate([g["y"] for g in groups]).astype(float)
    gid = np.concatenate([np.full(len(g["idx"]), k) for k, g in enumerate(groups)])
    starts = np.concatenate([[0], np.cumsum([len(g["idx"]) for g in groups])[:-1]])
    return idx, y, gid, starts


def softmax_gradient(scores, y, gid, starts, ng):
    """Gradient of -log(sum of the positives' softmax shares) per candidate, and the diagonal Hessian bound."""
    e = np.exp(scores - np.maximum.reduceat(scores, starts)[gid])
    p = e / np.bincount(gid, e, ng)[gid]
    q = y * e / np.maximum(np.bincount(gid, e * y, ng)[gid], 1e-300)
    return p - q, np.maximum(p * (1 - p), 1e-6)


def fit_linear(x, groups, weights, l2=0.001, iterations=300):
    idx, y, gid, starts = flatten(groups)
    d = x.shape[1]
    mu, sd = x[idx].mean(0), x[idx].std(0)
    sd[sd < 1e-6] = 1
    z = (x[idx] - mu) / sd
    gw = np.array(weights)
    w, m, v = np.zeros(d), np.zeros(d), np.zeros(d)
    for t in range(1, iterations + 1):
        g, _ = softmax_gradient(z @ w, y, gid, starts, len(groups))
        grad = z.T @ (g * gw[gid]) / gw.sum() + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= 0.05 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return lambda xq: ((xq - mu) / sd) @ w


def fit_boost(x, groups, weights, base, rounds, rate, lam, min_leaf, depth):
    idx, y, gid, starts = flatten(groups)
    xs, n, d, nb = x[idx], len(idx), x.shape[1], 33
    cuts = []
    for j in range(d):
        v = np.sort(xs[:, j])
        c = np.unique(v[[q * (n - 1) // 32 for q in range(1, 32)]])
        cuts.append(c[c > v[0]])
    ncut = np.array([len(c) for c in cuts])
    bins = np.stack([np.searchsorted(cuts[j], xs[:, j], side="right") for j in range(d)], 1) + np.arange(d)[None, :] * nb
    gw = np.array(weights)[gid]
    score = np.zeros(n) if base is None else base(xs)
    trees = []

    def best_split(rows, g, h):
        big_g, big_h = g[rows].sum(), h[rows].sum()
        o = bins[rows].ravel()
        gs = np.cumsum(np.bincount(o, np.repeat(g[rows], d), d * nb).reshape(d, nb), 1)
        hs = np.cumsum(np.bincount(o, np.repeat(h[rows], d), d * nb).reshape(d, nb), 1)
        ns = np.cumsum(np.bincount(o, minlength=d * nb).reshape(d, nb), 1)
        gain = gs * gs / (hs + lam) + (big_g - gs) ** 2 / (big_h - hs + lam) - big_g * big_g / (big_h + lam)
        gain[~((ns >= min_leaf) & (len(rows) - ns >= min_leaf) & (np.arange(nb)[None, :] < ncut[:, None]))] = -1
        j, b = divmod(int(np.argmax(gain)), nb)
        return (-1, 0.0) if gain[j, b] <= 1e-9 else (j, cuts[j][b])

    for _ in range(rounds):
        g, h = softmax_gradient(score, y, gid, starts, len(groups))
        g, h = g * gw, h * gw
        nodes, leaves = [(np.arange(n), 0, [])], []
        while nodes:
            rows, level, path = nodes.pop()
            j, t = best_split(rows, g, h) if level < depth and len(rows) >= 2 * min_leaf else (-1, 0.0)
            if j < 0:
                value = -g[rows].sum() / (h[rows].sum() + lam) * rate
                leaves.append((path, value))
                score[rows] += value
                continue
            nodes.append((rows[xs[rows, j] < t], level + 1, path + [(j, t, False)]))
            nodes.append((rows[xs[rows, j] >= t], level + 1, path + [(j, t, True)]))
        trees.append(leaves)

    def predict(xq):
        s = np.zeros(len(xq)) if base is None else base(xq)
        for leaves in trees:
            for path, value in leaves:
                mask = np.ones(len(xq), bool)
                for j, t, right in path:
                    mask &= (xq[:, j] >= t) if right else (xq[:, j] < t)
                s[mask] += value
        return s

    return predict


def fit(model, x, groups, weights):
    if model == "hand":
        return lambda xq: xq[:, 0]
    if model == "linear":
        return fit_linear(x, groups, weights)
    base = fit_linear(x, groups, weights) if model == "lin+boost" else None
    return fit_boost(x, groups, weights, base, args.rounds, args.rate, args.lam, args.min_leaf, args.depth)


x_train, g_train = load(args.train)
x_eval, g_eval = load(args.eval) if args.eval else (x_train, g_train)
articles = sorted({g["doc"] for g in g_train if g["set"] == "tuning"}) + sorted({g["doc"] for g in g_train if g["set"] == "extra"})
for model in args.models.split(","):
    squad, news = [], []
    for held in articles:
        train = [g for g in g_train if g["doc"] != held and g["y"].any() and (g["set"] == "tuning" or args.news_weight > 0)]
        predict = fit(model, x_train, train, [1.0 if g["set"] == "tuning" else args.news_weight for g in train])
        held_groups = [g for g in g_eval if g["doc"] == held]
        hits = [bool(g["y"][int(np.argmax(predict(x_eval[g["idx"]])))]) for g in held_groups]
        if held_groups and held_groups[0]["set"] == "tuning":
            squad.append(np.mean(hits))
        else:
            news += [(g["kind"], hit) for g, hit in zip(held_groups, hits)]
    by_kind = collections.defaultdict(list)
    for kind, hit in news:
        by_kind[kind].append(hit)
    print(f"{model} (news weight {args.news_weight:g}): squad tuning top-1 {np.mean(squad):.3f} | news top-1 {np.mean([h for _, h in news]):.3f} "
          f"({sum(h for _, h in news)}/{len(news)}); " + ", ".join(f"{k} {np.mean(v):.3f}" for k, v in sorted(by_kind.items())), flush=True)
