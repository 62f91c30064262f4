"""The README stays honest: its commands exist and CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_subcommand_is_documented() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        if name != "repl":
            assert f"`overdue-bot {name}" in README, name


def test_ci_runs_the_readme_test_command() -> None:
    match = re.search(r"<!-- ci:test-command -->\n```sh\n(.+)\n```", README)
    assert match and "pytest" in match.group(1)
    assert "ci:test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
