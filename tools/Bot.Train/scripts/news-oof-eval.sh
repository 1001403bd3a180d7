#!/usr/bin/env bash
# news-dev out of fold, whole pipeline (issue 14): for each of news-dev's 8 articles, the vector abstainers are trained
# exactly as the shipped ones (src/Bot.Core/Answering/Ranking/Models/README.md: SQuAD tuning half + news-dev at weight 3)
# but without that article's questions and its share of the general off-topic questions (the k-th general question in
# file order belongs to the k-th article in path order: one near miss and one general question per article), written
# with copies of the shipped rankers to OUT/folds/ARTICLE; then `bot eval` asks that fold's questions of the whole news-dev
# index with Bot__Scoring__ModelsPath=OUT/folds/ARTICLE (every post-ranking rule of the composer included). Each question
# is asked in exactly one fold, by models that never learned it; the folds' answers are pooled into the `bot eval` table.
#
# Usage: [NEWS_WEIGHT=3] tools/Bot.Train/scripts/news-oof-eval.sh [OUT] [further abstainer options, e.g. --threshold-folds article]
# About 15-20 minutes on this 2-core machine (one abstainer run that gathers the rows once and fits the 8 folds, 8 short
# evals). OUT (default /tmp/news-oof) also gets all/: the abstainers of the whole recipe, compared with the shipped ones.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
OUT=$(realpath -m "${1:-/tmp/news-oof}"); shift || true
MODELS=src/Bot.Core/Answering/Ranking/Models
rm -rf "$OUT"; mkdir -p "$OUT"
unset Bot__Scoring__ReadInContext Bot__Scoring__ModelsPath Bot__Scoring__AbstainThreshold   # the bot's defaults, as the shipped vector abstainers learned them
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
for f in abstainer-vectors.json abstainer-trees-vectors.json; do
  cmp -s "$OUT/all/$f" "$MODELS/$f" && echo "$f: the whole recipe reproduces the shipped file" || echo "$f: differs from the shipped file (other options, or not reproduced)"
done
for dir in "$OUT"/folds/*/; do
  Bot__Scoring__ModelsPath="$dir" dotnet "$CLI_BIN/bot.dll" eval --docs tests/data/news-dev/docs \
    --questions "$dir/questions.jsonl" --no-out-of-corpus --json "$dir/eval.json" --dump "$dir/dump.jsonl" > "$dir/eval.txt" 2>&1
done
python3 tools/Bot.Train/scripts/news_oof_eval.py "$OUT/folds"
echo "total $(( $(date +%s) - start )) s"
