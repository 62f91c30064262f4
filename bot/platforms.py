"""Find the lender or product a question names, by its canonical name."""

from __future__ import annotations

import re


class PlatformFinder:
    """Longest-alias-first lookup of platform names in simplified, lower-cased text."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self._aliases = {alias.lower(): name for alias, name in aliases.items()}
        ordered = sorted(self._aliases, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(a) for a in ordered)) if ordered else None

    def find(self, text: str) -> str | None:
        """The canonical name of the first platform named in `text`, or None."""
        if self._pattern is None:
            return None
        match = self._pattern.search(text)
        return self._aliases[match.group()] if match else None
