"""Print what the curator's loop costs: per answer (log off / on), the scrubber, a reload.

    python benchmarks/bench_curator.py [--questions FILE.tsv] [--rounds 20] [--reloads 10]

Per answer: `Curator.answered` after `engine.answer`, over every question of the file,
`--rounds` times, with the misses log off and on (a temporary file). The scrubber alone
runs on the same questions with personal details spliced in. A reload is `Reloader.reload`
(load and check faq/, build and warm a new engine, swap), `--reloads` times.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.curator import Curator  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.misses import MissLog  # noqa: E402
from bot.reload import Reloader  # noqa: E402
from bot.scrub import scrub  # noqa: E402

DEFAULT_QUESTIONS = ROOT / "tests" / "data" / "dev.tsv"
DETAILS = "我叫王建国，手机 +86 139-1234-5678，身份证11010119900307451X，欠了张三2万块，"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def per_call(call, items: list[str], rounds: int) -> list[float]:
    """Seconds per `call(item)`, every item `rounds` times."""
    timings = []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            call(item)
            timings.append(time.perf_counter() - started)
    return timings


def show(label: str, timings: list[float]) -> None:
    p50, p99 = percentile(timings, 0.5) * 1e6, percentile(timings, 0.99) * 1e6
    print(f"{label:<44} p50 {p50:8.1f} µs   p99 {p99:8.1f} µs   (n={len(timings)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reloads", type=int, default=10)
    args = parser.parse_args()
    with args.questions.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        questions = [row["query"] for row in rows]
    engine = Engine.from_faq()
    replies = {q: engine.answer(q) for q in questions}

    def answered(curator: Curator):
        return lambda q: curator.answered(engine, "wx:bench", q, replies[q])

    show("answered(), misses log off", per_call(answered(Curator()), questions, args.rounds))
    with tempfile.TemporaryDirectory() as folder:
        log = MissLog(Path(folder) / "misses.jsonl")
        timings = per_call(answered(Curator(misses=log)), questions, args.rounds)
        logged = sum(1 for _ in log.path.open(encoding="utf-8")) // args.rounds
    show(f"answered(), misses log on ({logged}/{len(questions)} logged)", timings)
    show("scrub(), question with personal details",
         per_call(scrub, [DETAILS + q for q in questions], args.rounds))
    show("engine.answer() for comparison",
         per_call(lambda q: engine.answer(q), questions, max(1, args.rounds // 4)))
    reloader = Reloader(engine)
    seconds = []
    for _ in range(args.reloads):
        started = time.perf_counter()
        ok, why = reloader.reload()
        seconds.append(time.perf_counter() - started)
        if not ok:
            print(f"reload failed: {why}", file=sys.stderr)
            return 1
    label = "reload (load, check, build, warm, swap)"
    print(f"{label:<44} median {statistics.median(seconds):.3f} s"
          f"   max {max(seconds):.3f} s   (n={len(seconds)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
