#!/usr/bin/env bash
# news out of sample / out of fold, whole pipeline (issue 14). The shipped vector abstainers learn squad-dev's tuning half
# and news-train (src/Bot.Core/Answering/Ranking/Models/README.md, the fifth command), never news-dev. This script
#  1. trains that fifth command again into OUT/all (with --fold-models when FOLDS=1) and checks that it reproduces the
#     shipped files byte for byte;
#  2. asks news-dev of the whole 8-article index with Bot__Scoring__ModelsPath=OUT/all (`bot eval --dump`): news-dev was
#     never learned, so this table is out of sample (and equals plain `bot eval` when step 1 reproduced the files);
#  3. with FOLDS=1, also measures news-train out of fold: for each of its articles, the abstainers trained without that
#     article's questions and its share of the general off-topic questions (the k-th general question in file order
#     belongs to the k-th article in path order) are written with copies of the shipped rankers to OUT/folds/ARTICLE,
#     `bot eval` asks that fold's questions of the whole news-train index with those models, and the folds' answers are
#     pooled into the `bot eval` table (scripts/news_oof_eval.py). Each question is asked in exactly one fold.
#
# Usage: [FOLDS=1] tools/Bot.Train/scripts/news-oof-eval.sh [OUT] [further abstainer options, e.g. --threshold-set all]
# About 15-25 minutes on this shared 2-core machine (the abstainer run gathers its rows once; one news-dev eval of
# about 3 minutes); FOLDS=1 adds the 35 folds' fits and evals. OUT defaults to /tmp/news-oof.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
OUT=$(realpath -m "${1:-/tmp/news-oof}"); shift || true
MODELS=src/Bot.Core/Answering/Ranking/Models
TRAIN=tests/data/news-train
rm -rf "$OUT"; mkdir -p "$OUT"
# The bot's defaults (sentences read in context, the re-ranker's margin), as the shipped vector abstainers learned them.
unset Bot__Scoring__ReadInContext Bot__Scoring__RerankMargin Bot__Scoring__ModelsPath Bot__Scoring__AbstainThreshold
# TRAIN_BIN / CLI_BIN: already built output folders to use instead of building here.
TRAIN_BIN=${TRAIN_BIN:-}; CLI_BIN=${CLI_BIN:-}
[ -n "$TRAIN_BIN" ] || { dotnet build tools/Bot.Train -c Release -v q -nologo >/dev/null; TRAIN_BIN=tools/Bot.Train/bin/Release/net10.0; }
[ -n "$CLI_BIN" ] || { dotnet build src/Bot.Cli -c Release -v q -nologo >/dev/null; CLI_BIN=src/Bot.Cli/bin/Release/net10.0; }
FOLD_ARGS=(); [ "${FOLDS:-0}" = 1 ] && FOLD_ARGS=(--fold-models "$OUT/folds")
start=$(date +%s)
dotnet "$TRAIN_BIN/Bot.Train.dll" abstainer \
  --docs tests/data/squad-dev/docs --questions tests/data/squad-dev/questions.jsonl --lost-target 0.05 \
  --embedding-model all-MiniLM-L6-v2 --rerank --models "$MODELS" --ranker "$MODELS/reranker-tokens.json" \
  --also-docs $TRAIN/docs --also-questions $TRAIN/questions.jsonl --also-questions $TRAIN/questions-2.jsonl \
  --also-half all --also-weight 1 --also-runs 5 --threshold-set first \
  --out "$OUT/all" "${FOLD_ARGS[@]}" "$@" > "$OUT/train.log"
echo "trained in $(( $(date +%s) - start )) s (log: $OUT/train.log)"
for f in abstainer-vectors.json abstainer-trees-vectors.json; do
  cmp -s "$OUT/all/$f" "$MODELS/$f" && echo "$f: the recipe reproduces the shipped file" || echo "$f: differs from the shipped file (other options, or not reproduced)"
done
for f in "$MODELS"/*.json; do [ -e "$OUT/all/$(basename "$f")" ] || cp "$f" "$OUT/all/"; done
echo "news-dev, never learned (out of sample):"
Bot__Scoring__ModelsPath="$OUT/all" dotnet "$CLI_BIN/bot.dll" eval --docs tests/data/news-dev/docs --questions tests/data/news-dev/questions.jsonl \
  --baseline --no-out-of-corpus --dump "$OUT/news-dev.dump.jsonl" | tee "$OUT/news-dev.txt" | grep -v '^eval:'
if [ "${FOLDS:-0}" = 1 ]; then
  for dir in "$OUT"/folds/*/; do
    Bot__Scoring__ModelsPath="$dir" dotnet "$CLI_BIN/bot.dll" eval --docs $TRAIN/docs \
      --questions "$dir/questions.jsonl" --no-out-of-corpus --json "$dir/eval.json" --dump "$dir/dump.jsonl" > "$dir/eval.txt" 2>&1
  done
  echo "news-train, leave one article out:"
  python3 tools/Bot.Train/scripts/news_oof_eval.py "$OUT/folds"
fi
echo "total $(( $(date +%s) - start )) s"
