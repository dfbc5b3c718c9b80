"""Pre-publish content checks: precision/recall per category on the labelled corpus, and speed.

    .venv/bin/python bench/content_checks.py [--mb 4] [--terms 20000] [--rounds 3]

Prints (never asserts):
  - precision and recall per category on review/corpus/cases.yaml;
  - throughput in MB/s (UTF-8 bytes) on one core for plain text with a 20,000-term lexicon, for the whole
    check pipeline (normalisation and every category) beside two references on the same text and lexicon:
    a bare ahocorasick-rs scan (the ceiling) and a pyahocorasick scan;
  - latency per 5 KB article (p50/p95/p99), plain text and HTML.
The synthetic terms are generated deterministically (seeded) from GB 2312 level-1 characters. The checks
run without Django settings; the corpus needs no database either.
"""

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ahocorasick_rs  # noqa: E402

from review.checks import CATEGORIES, Checker  # noqa: E402
from review.checks.base import PROHIBITED  # noqa: E402
from review.checks.lexicon import Lexicon, Term  # noqa: E402
from review.checks.typos import common_chars as common_char_set  # noqa: E402
from review.corpus import evaluate, load_cases, precision_recall  # noqa: E402

ARTICLE_BYTES = 5 * 1024


def common_chars():
    return sorted(common_char_set())


def synthetic_terms(n, seed=20240510):
    rng = random.Random(seed)
    chars = common_chars()
    terms = set()
    while len(terms) < n:
        terms.add("".join(rng.choice(chars) for _ in range(rng.randint(3, 6))))
    return sorted(terms)


def articles(total_mb, html=False, hard=False, seed=7):
    """5 KB articles, `total_mb` in all. Default: realistic government prose — the corpus's clean texts
    (notices, news, policy, tenders, statistics, replies), shuffled, with one text that has findings (spam,
    a 密级标志, a misspelt name …) in every tenth article. `hard`: every text of the corpus that must produce
    no finding, hard negatives included (crackdown news, prose about secrecy, look-alike numbers …) — far
    denser in near hits than real prose."""
    rng = random.Random(seed)
    cases = [case for case in load_cases() if "<" not in case["text"] and not case.get("site")]
    clean = [case["text"] for case in cases if not case["expect"] and (hard or case["id"].startswith("clean-"))]
    dirty = [case["text"] for case in cases if case["expect"]]
    out, size, current, current_size = [], 0, [], 0

    def wrap(piece):
        if html:
            return "".join(f'<p style="font-family:宋体;font-size:14px">{line}</p>' for line in piece.split("\n"))
        return piece

    while size < total_mb * 1_000_000:
        piece = wrap(rng.choice(clean))
        piece_size = len(piece.encode("utf-8")) + 1
        if current_size + piece_size > ARTICLE_BYTES and current:
            if len(out) % 10 == 0:
                current[rng.randrange(len(current))] = wrap(rng.choice(dirty))
            text = "\n".join(current)
            out.append(text)
            size += len(text.encode("utf-8"))
            current, current_size = [], 0
        current.append(piece)
        current_size += piece_size
    return out


def fresh(texts):
    """New string objects with the same text: a str caches its UTF-8 form once a C extension asked for it, and
    a text arriving from a request has no such cache."""
    return [(text + ".")[:-1] for text in texts]


def throughput(fn, texts, rounds):
    total = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    best = float("inf")
    for _ in range(rounds):
        batch = fresh(texts)
        gc.collect()
        start = time.perf_counter()
        for text in batch:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return total / best


def latencies(fn, texts, rounds):
    times = []
    for _ in range(rounds):
        for text in fresh(texts):
            start = time.perf_counter_ns()
            fn(text)
            times.append((time.perf_counter_ns() - start) / 1e6)
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]  # noqa: E731
    return statistics.median(times), pick(0.95), pick(0.99)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="MB of plain text for the throughput runs")
    parser.add_argument("--terms", type=int, default=20000, help="synthetic lexicon size")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    print("== precision / recall on review/corpus/cases.yaml ==")
    platform = Checker()
    cases = load_cases()
    scores, failures = evaluate(platform, cases)
    print(f"{len(cases)} cases, {sum(1 for c in cases if not c['expect'])} without any finding")
    print(f"{'category':<16} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for category in CATEGORIES:
        score = scores.get(category)
        if not score:
            print(f"{category:<16} {'-':>4} {'-':>4} {'-':>4} {'n/a':>10} {'n/a':>8}")
            continue
        precision, recall = precision_recall(score)
        print(f"{category:<16} {score['tp']:>4} {score['fp']:>4} {score['fn']:>4} {precision:>10.1%} {recall:>8.1%}")
    for failure in failures:
        print("  !", failure)

    print(f"\n== speed: plain text, {args.terms:,}-term lexicon, one core ==")
    terms = synthetic_terms(args.terms)
    start = time.perf_counter()
    checker = Checker(lexicon=Lexicon.platform(extra_terms=[Term(t, PROHIBITED, "synthetic") for t in terms]))
    build = time.perf_counter() - start
    texts = articles(args.mb)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"text: {len(texts)} articles of ~5 KB, {size:.1f} MB; pipeline automaton: {checker.pattern_count:,} patterns, built in {build:.2f} s")

    bare = ahocorasick_rs.AhoCorasick(terms)
    try:
        import ahocorasick

        pyac = ahocorasick.Automaton()
        for i, term in enumerate(terms):
            pyac.add_word(term, i)
        pyac.make_automaton()
    except ImportError:
        pyac = None

    results = [
        ("pipeline (check_text: normalise + all categories)", throughput(checker.check, texts, args.rounds)),
        ("bare ahocorasick-rs scan (ceiling)", throughput(bare.find_matches_as_indexes, texts, args.rounds)),
    ]
    if pyac is not None:
        results.append(("pyahocorasick scan", throughput(lambda t: list(pyac.iter(t)), texts, args.rounds)))
    for name, mbps in results:
        print(f"{name:<52} {mbps:8.1f} MB/s")
    hard = articles(min(args.mb, 2.0), hard=True)
    print(f"{'pipeline on hard negatives only (dense near hits)':<52} {throughput(checker.check, hard, args.rounds):8.1f} MB/s")

    sample = texts[: min(len(texts), 400)]
    p50, p95, p99 = latencies(checker.check, sample, args.rounds)
    print(f"\nlatency per 5 KB article, plain text:    p50 {p50:.2f} ms  p95 {p95:.2f} ms  p99 {p99:.2f} ms")
    p50, p95, p99 = latencies(checker.check, hard[:400], args.rounds)
    print(f"latency per 5 KB article, hard negatives: p50 {p50:.2f} ms  p95 {p95:.2f} ms  p99 {p99:.2f} ms")
    html = articles(min(args.mb, 1.0), html=True)[:400]
    p50, p95, p99 = latencies(checker.check, html, args.rounds)
    print(f"latency per 5 KB article, HTML:          p50 {p50:.2f} ms  p95 {p95:.2f} ms  p99 {p99:.2f} ms")
    print(f"HTML throughput: {throughput(checker.check, html, args.rounds):.1f} MB/s")


if __name__ == "__main__":
    main()
