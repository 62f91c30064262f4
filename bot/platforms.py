"""Find the lender or product a question names, by its canonical name."""

from __future__ import annotations

import re

# A kind of credit rather than a lender: when a question names both ('信用卡借呗逾期…'),
# the lender it names is the more telling answer.
GENERIC = frozenset({"信用卡"})


class PlatformFinder:
    """Longest-alias-first lookup of platform names in simplified, lower-cased text."""

    def __init__(self, aliases: dict[str, str], generic: frozenset[str] = GENERIC) -> None:
        self._aliases = {alias.lower(): name for alias, name in aliases.items()}
        self._generic = generic
        ordered = sorted(self._aliases, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(a) for a in ordered)) if ordered else None

    def find(self, text: str) -> str | None:
        """The canonical name of the first lender named in `text`, else the first kind of
        credit named ('信用卡'), or None."""
        if self._pattern is None:
            return None
        names = [self._aliases[m.group()] for m in self._pattern.finditer(text)]
        lenders = [n for n in names if n not in self._generic]
        return (lenders or names or [None])[0]
