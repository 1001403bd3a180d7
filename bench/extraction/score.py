#!/usr/bin/env python3
"""Scores the bot's .html extractor on scrapinghub/article-extraction-benchmark (181 news pages, MIT).

Usage (from the repository root, after `dotnet build src/Bot.Cli -c Release`):

    python3 bench/extraction/score.py BENCH_GIT_DIR [--name anglesharp] [--env KEY=VALUE ...] [--keep DIR]

BENCH_GIT_DIR is a git directory of the benchmark (a bare mirror works: files are read with `git show`). Each page
is written to a seeds folder as <id>.html, `bot index` stores the text (lexical only, no model), and `bot text
<id>.html` gives the text scored — exactly what quote offsets index. A page the bot does not index scores as empty.
The benchmark's own evaluate.py then prints F1, precision, recall and accuracy for output/<name>.json.
"""
import argparse
import concurrent.futures
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / 'src' / 'Bot.Cli' / 'bin' / 'Release' / 'net10.0' / 'bot.dll'


def git_show(git_dir: str, path: str) -> bytes:
    return subprocess.run(['git', '--git-dir', git_dir, 'show', f'HEAD:{path}'], check=True, capture_output=True).stdout


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument('git_dir')
    ap.add_argument('--name', default='bot')
    ap.add_argument('--env', action='append', default=[], help='extra Bot__X__Y=value settings')
    ap.add_argument('--keep', help='keep the work folder here')
    args = ap.parse_args()
    if not BOT.exists():
        print(f'{BOT} is missing: run dotnet build src/Bot.Cli -c Release first', file=sys.stderr)
        return 2

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix='bot-extraction-'))
    seeds, data, bench = work / 'seeds', work / 'data', work / 'bench'
    for d in (seeds, data, bench / 'output'):
        d.mkdir(parents=True, exist_ok=True)
    truth = json.loads(git_show(args.git_dir, 'ground-truth.json'))
    (bench / 'ground-truth.json').write_bytes(git_show(args.git_dir, 'ground-truth.json'))
    (bench / 'evaluate.py').write_bytes(git_show(args.git_dir, 'evaluate.py'))
    for key in truth:
        (seeds / f'{key}.html').write_bytes(gzip.decompress(git_show(args.git_dir, f'html/{key}.html.gz')))

    env = {k: v for k, v in os.environ.items() if not k.startswith('Bot__')}
    env['Bot__Embeddings__Provider'] = 'none'
    for kv in args.env:
        k, v = kv.split('=', 1)
        env[k] = v
    common = ['--seeds', str(seeds), '--data', str(data)]
    subprocess.run(['dotnet', str(BOT), 'index', *common], env=env, check=False, capture_output=True)

    def text(key: str) -> str:
        r = subprocess.run(['dotnet', str(BOT), 'text', f'{key}.html', *common], env=env, capture_output=True)
        return r.stdout.decode('utf-8') if r.returncode == 0 else ''

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        texts = dict(zip(truth, pool.map(text, truth)))
    empty = sum(1 for t in texts.values() if not t)
    (bench / 'output' / f'{args.name}.json').write_text(
        json.dumps({k: {'articleBody': v} for k, v in texts.items()}, ensure_ascii=False, indent=1))
    print(f'{len(texts)} pages, {empty} without text', file=sys.stderr)
    r = subprocess.run([sys.executable, 'evaluate.py', '--n-bootstrap', '200'], cwd=bench)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return r.returncode


if __name__ == '__main__':
    sys.exit(main())
