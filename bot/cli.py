"""The overdue-bot command: REPL, ask, eval, faq lint/crossval, and the front ends."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from datetime import date
from pathlib import Path

from .knowledge import KnowledgeError, default_faq_dir

FRONT_ENDS = {
    "telegram": ("bot.telegram_bot", "telegram"),
    "serve": ("bot.server", "wechat"),
}


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `overdue-bot`."""
    parser = argparse.ArgumentParser(
        prog="overdue-bot",
        description="Answers questions about overdue loans and credit cards (逾期). "
        "With no command it starts an interactive chat.",
    )
    parser.add_argument("--faq", type=Path, default=None, help="knowledge base folder")
    sub = parser.add_subparsers(dest="command")

    ask = sub.add_parser("ask", help="answer TEXT, or one question a line from standard input")
    ask.add_argument("text", nargs="*", help="the question (omit to read standard input)")
    ask.add_argument("--json", action="store_true", help="print the JSON contract")
    ask.add_argument("--today", type=_date, default=None, help="today's date, YYYY-MM-DD")

    ev = sub.add_parser("eval", help="evaluate against a TSV file, beside two baselines")
    ev.add_argument("file", type=Path)
    ev.add_argument("--today", type=_date, default=None, help="today's date, YYYY-MM-DD")
    ev.add_argument("--no-baselines", action="store_true", help="evaluate the engine only")

    faq = sub.add_parser("faq", help="knowledge base tools")
    faq_sub = faq.add_subparsers(dest="faq_command", required=True)
    faq_sub.add_parser("lint", help="load and validate the knowledge base")
    misses = faq_sub.add_parser(
        "misses", help="group the questions logged by OVERDUE_BOT_MISSES, most frequent first"
    )
    misses.add_argument("files", type=Path, nargs="+", metavar="FILE", help="the misses log(s)")
    misses.add_argument(
        "--tsv", type=Path, default=None, metavar="OUT",
        help="write the questions in the evaluation format instead ('-': standard output)",
    )
    cv = faq_sub.add_parser(
        "crossval", help="k-fold cross-validation over the gathered real questions (faq/asked)"
    )
    cv.add_argument("-k", type=int, default=5, help="number of folds (default 5)")
    cv.add_argument("--quiet", action="store_true", help="figures only, no list of misses")

    sub.add_parser("repl", help="the interactive chat (the default)")
    for name in FRONT_ENDS:
        front = sub.add_parser(
            name,
            help=f"run the {name} front end (see `overdue-bot {name} --help`)",
            add_help=False,
        )
        front.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _engine(args: argparse.Namespace):
    from .engine import Engine

    today = args.today if getattr(args, "today", None) else None
    options = {"today": (lambda: today)} if today else {}
    return Engine.from_faq(args.faq, **options)


def _ask(args: argparse.Namespace) -> int:
    engine = _engine(args)

    def show(question: str) -> None:
        reply = engine.answer(question)
        if args.json:
            print(json.dumps(reply.to_json(), ensure_ascii=False), flush=True)
        else:
            print(reply.answer)
            if reply.suggestions and reply.intent is not None:  # a fallback lists them itself
                print("\n" + "\n".join(f"· {s}" for s in reply.suggestions))
            print(flush=True)

    if args.text:
        show(" ".join(args.text))
        return 0
    sys.stdin.reconfigure(errors="replace")  # undecodable bytes must not end the batch
    for line in sys.stdin:
        show(line.rstrip("\r\n"))
    return 0


def _lint(args: argparse.Namespace) -> int:
    from .engine import Engine
    from .kbcheck import check_all, topic_warnings

    engine = Engine.from_faq(args.faq)
    kb = engine.kb
    for warning in topic_warnings(engine):
        print(f"warning: {warning}")
    problems = check_all(engine)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the knowledge base", file=sys.stderr)
        return 1
    phrasings = sum(len(i.phrasings) for i in kb.intents.values())
    print(
        f"ok: {args.faq or default_faq_dir()}: {len(kb.intents)} intents, {phrasings} phrasings, "
        f"{len(kb.stages)} timeline stages, {len(kb.synonyms)} synonyms, "
        f"{len(set(kb.platforms.values()))} platforms"
    )
    return 0


def _front_end(name: str, argv: list[str], faq: Path | None) -> int:
    module_name, extra = FRONT_ENDS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("bot"):
            raise
        print(
            f"overdue-bot {name} needs extra packages ({exc.name} is missing): "
            f"pip install 'overdue-bot[{extra}]'",
            file=sys.stderr,
        )
        return 2
    return int(module.main(argv, faq=faq) or 0)


def _split_front_end(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split a front end's own arguments ('telegram --base-url X') off before parsing.

    argparse cannot hand options after a sub-command name to a REMAINDER. Only the command
    word itself counts: `ask 逾期30天 serve 会上门吗` is a question, not the server.
    """
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--faq":
            index += 2
            continue
        if word.startswith("-"):
            index += 1
            continue
        if word in FRONT_ENDS:
            return argv[: index + 1], argv[index + 1 :]
        break
    return argv, []


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `overdue-bot` console script."""
    argv = sys.argv[1:] if argv is None else argv
    argv, front_argv = _split_front_end(argv)
    args = build_parser().parse_args(argv)
    if args.command in FRONT_ENDS:
        args.args = front_argv
    if args.faq is not None and not args.faq.is_dir():
        print(f"overdue-bot: --faq {args.faq}: no such folder", file=sys.stderr)
        return 2
    try:
        if args.command == "ask":
            return _ask(args)
        if args.command == "eval":
            from .evaluate import run_eval

            return run_eval(args.file, _engine(args), baselines=not args.no_baselines)
        if args.command == "faq" and args.faq_command == "misses":
            from .misses_report import run as report

            return report(args.files, _engine(args), args.tsv, os.environ.get("REDIS_URL"))
        if args.command == "faq" and args.faq_command == "crossval":
            from .crossval import run_crossval
            from .knowledge import load

            return run_crossval(load(args.faq), max(2, args.k), show_misses=not args.quiet)
        if args.command == "faq":
            return _lint(args)
        if args.command in FRONT_ENDS:
            return _front_end(args.command, args.args, args.faq)
        from .curator import Curator
        from .misses import MissLog
        from .repl import run

        try:
            misses = MissLog.from_env(os.environ)
        except ValueError as exc:
            print(f"overdue-bot: {exc}", file=sys.stderr)
            return 2
        return run(_engine(args), curator=Curator(misses=misses))
    except KnowledgeError as exc:
        print(f"knowledge base error in {args.faq or default_faq_dir()}: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"overdue-bot: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
