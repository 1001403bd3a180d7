#!/usr/bin/env bash
# news-dev out of fold, whole pipeline (issue 14), for the FORMER recipe: the vector abstainers shipped until branch n14ship
# learnt news-dev (SQuAD tuning half + news-dev at weight 3), so their news-dev figures needed folds. The shipped ones now
# learn news-train instead and never see news-dev, so a plain `bot eval` on news-dev is already held out; this script
# stays to reproduce the former recipe's out-of-fold figures (docs/eval.md, "The whole pipeline out of fold").
# For each of news-dev's 8 articles, the vector abstainers are trained as that recipe did
# but without that article's questions and its share of the general off-topic questions (the k-th general question in
# file order belongs to the k-th article in path order: one near miss and one general question per article), written
# with copies of the shipped rankers to OUT/folds/ARTICLE; then `bot eval` asks that fold's questions of the whole news-dev
# index with Bot__Scoring__ModelsPath=OUT/folds/ARTICLE (every post-ranking rule of the composer included). Each question
# is asked in exactly one fold, by models that never learned it; the folds' answers are pooled into the `bot eval` table.
#
# Usage: [NEWS_WEIGHT=3] tools/Bot.Train/scripts/news-oof-eval.sh [OUT] [further abstainer options, e.g. --threshold-folds article]
# About 15-20 minutes on this 2-core machine (one abstainer run that gathers the rows once and fits the 8 folds, 8 short
# evals). OUT (default /tmp/news-oof) also gets all/: the abstainers of the whole former recipe (no longer the shipped ones).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
OUT=$(realpath -m "${1:-/tmp/news-oof}"); shift || true
MODELS=src/Bot.Core/Answering/Ranking/Models
rm -rf "$OUT"; mkdir -p "$OUT"
unset Bot__Scoring__ReadInContext Bot__Scoring__ModelsPath Bot__Scoring__AbstainThreshold Bot__Scoring__NewsAbstainThreshold   # the bot's defaults, as the former recipe learned them ...
export Bot__Scoring__RerankMargin=0   # ... except the re-ranker's margin: trained with all 10 first-stage candidates re-ranked (the README's recipe); the evals below unset it
# TRAIN_BIN / CLI_BIN: already built output folders to use instead of building here.
TRAIN_BIN=${TRAIN_BIN:-}; CLI_BIN=${CLI_BIN:-}
[ -n "$TRAIN_BIN" ] || { dotnet build tools/Bot.Train -c Release -v q -nologo >/dev/null; TRAIN_BIN=tools/Bot.Train/bin/Release/net10.0; }
[ -n "$CLI_BIN" ] || { dotnet build src/Bot.Cli -c Release -v q -nologo >/dev/null; CLI_BIN=src/Bot.Cli/bin/Release/net10.0; }
start=$(date +%s)
dotnet "$TRAIN_BIN/Bot.Train.dll" abstainer \
  --docs tests/data/squad-dev/docs --questions tests/data/squad-dev/questions.jsonl --lost-target 0.05 \
  --embedding-model all-MiniLM-L6-v2 --rerank --models "$MODELS" --ranker "$MODELS/reranker-tokens.json" \
  --also-docs tests/data/news-dev/docs --also-questions tests/data/news-dev/questions.jsonl --also-half all --also-weight "${NEWS_WEIGHT:-3}" \
  --out "$OUT/all" --fold-models "$OUT/folds" "$@" > "$OUT/train.log"
echo "trained in $(( $(date +%s) - start )) s (log: $OUT/train.log)"
# The fold models' trees carry no news threshold (no --news-threshold), so the evals below hold every document to one
# threshold, as the former recipe did; they are not compared with the shipped files, which come from another recipe.
unset Bot__Scoring__RerankMargin
for dir in "$OUT"/folds/*/; do
  Bot__Scoring__ModelsPath="$dir" dotnet "$CLI_BIN/bot.dll" eval --docs tests/data/news-dev/docs \
    --questions "$dir/questions.jsonl" --no-out-of-corpus --json "$dir/eval.json" --dump "$dir/dump.jsonl" > "$dir/eval.txt" 2>&1
done
python3 tools/Bot.Train/scripts/news_oof_eval.py "$OUT/folds"
echo "total $(( $(date +%s) - start )) s"
