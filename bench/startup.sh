#!/usr/bin/env bash
# Where a one-shot `bot ask` spends its time (issue 18, item 3). Each row adds one piece of work to the one above, all
# measured in the same run with hyperfine (warm-up 2, medians of --runs), so the differences are the pieces' costs:
#   version         runtime start (`bot --version`)
#   services        + configuration and services (`bot ask ""`: refused after the services are built, exit 2)
#   lexical         + a lexical answer, no index refresh (Bot__Embeddings__Provider=none, AskRefreshSeconds=0)
#   lexical+fresh   + the freshness check (the refresh before answering, nothing changed)
#   default         the default model, no refresh (model load, question and token vectors)
#   default+fresh   `bot ask "…"` as a user runs it
# usage: bench/startup.sh [--bot PATH] [--peer PATH] [--seeds DIR] [--data DIR] [--runs N] [--json OUT] [--question Q]
#   peer            `bot ask "…"` of another build (--peer, e.g. main's), on the same index, in the same run
# Without --bot it builds src/Bot.Cli in Release; without --seeds it indexes tests/data/squad-dev/docs into a temp folder.
# BOT_TRACE_STARTUP=1 bot ask "…" prints the marks (wall and CPU since the process started) of one run on stderr.
# bench/startup-folder.py DIR N writes N small generated seed files under DIR (the 20 000-file case of docs/benchmarks.md).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bot="" peer="" seeds="" data="" runs=10 json="" q="What is the capital of Poland?"
while [ $# -gt 0 ]; do
  case "$1" in
    --bot) bot=$2; shift 2 ;;
    --peer) peer=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    --question) q=$2; shift 2 ;;
    *) echo "usage: $0 [--bot PATH] [--peer PATH] [--seeds DIR] [--data DIR] [--runs N] [--json OUT] [--question Q]" >&2; exit 2 ;;
  esac
done
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
if [ -z "$bot" ]; then
  dotnet build "$repo/src/Bot.Cli" -c Release -v q -nologo >/dev/null
  bot="$repo/src/Bot.Cli/bin/Release/net10.0/bot"
fi
work=$(mktemp -d /tmp/bot-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "$seeds" ]; then seeds="$work/seeds"; cp -r "$repo/tests/data/squad-dev/docs" "$seeds"; fi
[ -z "$data" ] && data="$work/data" # an existing index in --data is brought up to date and reused
echo "indexing $seeds (once) ..." >&2
"$bot" --seeds "$seeds" --data "$data" index >/dev/null 2>&1
"$bot" --seeds "$seeds" --data "$data" ask "$q" >/dev/null # warm: the model is unpacked, the index is current
args=(--seeds "$seeds" --data "$data")
lex="env Bot__Embeddings__Provider=none"
off="Bot__Index__AskRefreshSeconds=0"
export_args=() peer_args=()
[ -n "$peer" ] && peer_args=(-n peer "$peer ${args[*]} ask '$q'")
[ -n "$json" ] && export_args=(--export-json "$json")
hyperfine -N --warmup 2 --runs "$runs" -i --style basic "${export_args[@]}" \
  -n version "$bot --version" \
  -n services "$bot ${args[*]} ask ''" \
  -n lexical "$lex $off $bot ${args[*]} ask '$q'" \
  -n lexical+fresh "$lex $bot ${args[*]} ask '$q'" \
  -n default "env $off $bot ${args[*]} ask '$q'" \
  -n default+fresh "$bot ${args[*]} ask '$q'" \
  "${peer_args[@]}"
