"""Latency of the Telegram bot: update queued at a stand-in Bot API → its sendMessage arriving back.

    python benchmarks/bench_telegram.py              # production limits, each user every 2 s
    python benchmarks/bench_telegram.py --no-limits  # limits lifted, each user as fast as it can

The stand-in server, the bot and the simulated users share one event loop and one process,
so the figures include the stand-in's own work: an upper bound on the bot's share.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_bot_api import FakeBotApi, running_bot  # noqa: E402

from bot.engine import Engine  # noqa: E402

QUESTIONS = [
    "逾期会联系我家人吗",
    "逾期會聯繫我家人嗎",
    "逾期45天会怎样",
    "分期乐逾期20天",
    "那会上门吗",
    "信用卡逾期三个月会被起诉吗",
    "催收天天打电话骚扰怎么办",
    "还不上钱怎么协商",
    "逾期会上征信吗",
    "今天天气真不错",
]
TARGET_P99_MS = 50.0


async def user(
    api: FakeBotApi, chat_id: int, count: int, pacing: tuple[float, float] | None
) -> None:
    """Send `count` questions: paced (delay, interval), else each once the last is answered."""
    if pacing is not None:
        await asyncio.sleep(pacing[0])
    for k in range(count):
        api.send_text(QUESTIONS[(chat_id + k) % len(QUESTIONS)], chat_id=chat_id)
        if pacing is not None:
            await asyncio.sleep(pacing[1])
        else:
            await api.wait_sent(chat_id, k + 1, timeout=60)


def latencies(api: FakeBotApi, chats: range) -> list[float]:
    """Milliseconds from each update's arrival to the first reply to its chat after it."""
    found = []
    for chat_id in chats:
        replies = iter(call.at for call in api.sent(chat_id))
        for update in api.updates:
            if update["message"]["chat"]["id"] == chat_id:
                arrived = api.arrived[update["update_id"]]
                reply = next(at for at in replies if at >= arrived)
                found.append((reply - arrived) * 1000)
    return found


async def run(users: int, updates: int, interval: float, limits: bool) -> list[float]:
    """Run the bot against the stand-in and return the latencies of all updates."""
    engine = Engine.from_faq()
    per_user = updates // users
    settings = {} if limits else {"user_rate": 1e6, "user_burst": 10**6, "outgoing_rate": 0}
    async with FakeBotApi() as api, running_bot(api, engine, **settings):
        api.send_text("逾期会怎样", chat_id=10**9)  # warm-up: first connection, first answer
        await api.wait_sent(10**9)
        chats = range(1, users + 1)
        await asyncio.gather(
            *(
                user(api, chat, per_user, (interval * i / users, interval) if limits else None)
                for i, chat in enumerate(chats)
            )
        )
        for chat in chats:
            await api.wait_sent(chat, per_user, timeout=60)
        return latencies(api, chats)


def main() -> int:
    """Run the benchmark and print p50/p99; exit 1 if p99 misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument(
        "--interval", type=float, default=2.0, help="seconds between one user's messages"
    )
    parser.add_argument("--no-limits", action="store_true", help="lift both rate limits; no pacing")
    args = parser.parse_args()
    started = time.perf_counter()
    found = asyncio.run(run(args.users, args.updates, args.interval, not args.no_limits))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(found, n=100)
    mode = "limits lifted, unpaced" if args.no_limits else f"production limits, {args.interval}s"
    print(f"telegram bot ({mode}): {len(found)} updates from {args.users} users in {elapsed:.1f}s")
    print(f"update at server -> sendMessage back: p50 {cuts[49]:.1f} ms, p99 {cuts[98]:.1f} ms, "
          f"max {max(found):.1f} ms (target p99 <= {TARGET_P99_MS:.0f} ms)")
    return 0 if cuts[98] <= TARGET_P99_MS else 1


if __name__ == "__main__":
    sys.exit(main())
