"""Print the engine's figures: per-question latency, cold start of `overdue-bot ask`, memory.

    python benchmarks/bench_engine.py [--questions FILE.tsv] [--rounds 20] [--starts 10]

Latency is measured in process over every question of the file, `--rounds` times, after
one warm-up round. Cold start is the wall time of a new `overdue-bot ask TEXT` process,
from spawn to exit, and its peak resident memory (ru_maxrss) as the kernel reports it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = ROOT / "tests" / "data" / "dev.tsv"  # a copy of ../shared/eval/dev.tsv
COLD_QUESTION = "逾期45天会联系家人吗"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def latency(questions: list[str], rounds: int) -> list[float]:
    """Seconds per `engine.answer` call, every question, `rounds` times (a warm-up first)."""
    from bot.engine import Engine

    engine = Engine.from_faq()
    for question in questions:
        engine.answer(question)
    timings = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            engine.answer(question, user="bench")
            timings.append(time.perf_counter() - start)
    return timings


def cold_start(starts: int) -> tuple[list[float], list[int]]:
    """Wall seconds and peak KiB of `overdue-bot ask TEXT` as new processes."""
    command = shutil.which("overdue-bot")
    argv = [command] if command else [sys.executable, "-m", "bot"]
    argv += ["ask", COLD_QUESTION]
    subprocess.run(argv, capture_output=True, check=True)  # jieba's dictionary cache is built
    walls, peaks = [], []
    for _ in range(starts):
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss)
        if status != 0:
            raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    return walls, peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--starts", type=int, default=10)
    args = parser.parse_args()
    walls, peaks = cold_start(args.starts)  # first, while this process is small
    from bot.evaluate import read_cases

    questions = [case.query for case in read_cases(args.questions)]
    timings = latency(questions, args.rounds)
    ms = [t * 1000 for t in timings]
    print(f"questions: {len(questions)} from {args.questions}, {args.rounds} rounds")
    print(
        f"latency in process: p50 {percentile(ms, 0.5):.3f} ms  p99 {percentile(ms, 0.99):.3f} ms"
        f"  max {max(ms):.3f} ms"
    )
    print(
        f"cold start of `overdue-bot ask TEXT` ({args.starts} runs): "
        f"median {statistics.median(walls):.3f} s  max {max(walls):.3f} s"
    )
    print(
        f"peak memory of that process: median {statistics.median(peaks) / 1024:.1f} MB"
        f"  max {max(peaks) / 1024:.1f} MB"
    )


if __name__ == "__main__":
    main()
