"""Request-body compression: CPU per body and bytes saved, per encoding and body size.

Measures what `request_compression` costs and saves on the bodies it applies to (chat and text
completions): the JSON encode alone is the baseline of the same run; every other figure is the
extra CPU over it and the share of bytes saved. The break-even columns say how fast the uplink
must be for the compression to cost more time than sending the saved bytes would.

    python benchmarks/compression.py              # 200 KB chat and 331 KB token-id bodies, plus sizes
    python benchmarks/compression.py --repeat 50
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import time
from typing import Any, Callable, Dict, List, Tuple

from cerebras.cloud.sdk._compression import encode_compressed, parse_compression
from cerebras.cloud.sdk._request import encode_json

MODES = ("none", "gzip", "msgpack", "msgpack+gzip")


def prose(size: int, seed: int) -> str:
    """English-like text from a 5,000-word vocabulary with Zipf-like frequencies (compresses like prose)."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 10))) for _ in range(5000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    words: List[str] = []
    length = 0
    while length < size:
        chunk = rng.choices(vocabulary, weights, k=200)
        words.extend(chunk)
        length += sum(len(w) + 1 for w in chunk)
    text = " ".join(words)
    return text[:size]


def chat_body(size: int) -> Dict[str, Any]:
    return {
        "model": "gpt-oss-120b",
        "messages": [
            {"role": "system", "content": prose(size // 2, 1)},
            {"role": "user", "content": prose(size // 2, 2)},
        ],
        "max_completion_tokens": 400,
    }


def token_body(count: int) -> Dict[str, Any]:
    rng = random.Random(3)
    return {"model": "llama3.1-8b", "prompt": [rng.randrange(128_000) for _ in range(count)], "max_tokens": 16}


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times: List[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(body: Dict[str, Any], repeat: int) -> List[Tuple[str, int, float]]:
    rows: List[Tuple[str, int, float]] = []
    for mode in MODES:
        compression = parse_compression(mode)
        if mode == "none":
            size = len(encode_json(body))
            seconds = best_of(repeat, lambda: encode_json(body))
        else:
            size = len(encode_compressed(body, compression)[0])
            seconds = best_of(repeat, lambda c=compression: encode_compressed(body, c))  # type: ignore[misc]
        rows.append((mode, size, seconds))
    return rows


def report(name: str, rows: List[Tuple[str, int, float]]) -> None:
    base_size, base_time = rows[0][1], rows[0][2]
    print(f"\n{name} (JSON: {base_size:,} bytes, encoded in {base_time * 1000:.2f} ms)")
    print("| encoding | bytes | saved | CPU ms | extra CPU ms | x JSON encode | pays off below |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for mode, size, seconds in rows:
        saved = base_size - size
        extra = seconds - base_time
        # the uplink speed at which sending the saved bytes takes as long as the extra CPU
        breakeven = (saved * 8 / extra / 1e6) if extra > 0 and saved > 0 else float("inf")
        pays = (
            "always"
            if breakeven == float("inf") and saved > 0
            else ("never" if saved <= 0 else f"{breakeven:,.0f} Mbit/s")
        )
        print(
            f"| {mode} | {size:,} | {100 * saved / base_size:.1f}% | {seconds * 1000:.2f} | {extra * 1000:+.2f} "
            f"| {seconds / base_time:.2f} | {pays} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    report("chat, 200 KB of prose", measure(chat_body(200_000), args.repeat))
    report("completions, 50,000 token ids", measure(token_body(50_000), args.repeat))
    for size in (2_000, 8_000, 16_000, 64_000):
        report(f"chat, {size // 1000} KB", measure(chat_body(size), args.repeat * 4))


if __name__ == "__main__":
    main()
