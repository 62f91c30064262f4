"""Find what a text cites (《…》第N条, 银发〔2003〕251号) and whether a sources list covers it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .days import parse_number

_ART_NUM = r"[零〇一二两三四五六七八九十百千\d]+"
# 《名称》, then optionally an interpretation suffix and an article: 《民事诉讼法》司法解释第十八条.
_DOC = re.compile(rf"《(?P<doc>[^《》]+)》(?:[^，。；、,;《》\s]{{0,8}}?第(?P<art>{_ART_NUM})条)?")
_BARE_ART = re.compile(rf"第(?P<art>{_ART_NUM})(?:至(?P<to>{_ART_NUM}))?条")
# The two characters before the year are enough to tell 银发〔2003〕251号 from 法释〔2020〕17号.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")
_BRACKETS = str.maketrans("[［(（]］)）", "〔〔〔〔〕〕〕〕")


@dataclass(frozen=True)
class Citation:
    """One thing a text cites: a document (with an article number if given) or a document
    number such as 银发〔2003〕251号."""

    text: str  # as written
    doc: str | None  # the name inside 《》; None for a document number or a bare article
    article: int | None = None

    def covered_by(self, source: str) -> bool:
        """Whether the source string cites the same document (and article). A bare '第N条'
        ('同一解释第六条') is covered by any source naming that article."""
        if self.doc is None:
            if self.article is not None:
                return self.article in articles(source)
            return _canon(self.text) in _canon(source)
        if f"《{self.doc}》" not in source and self.doc not in source:
            return False
        return self.article is None or self.article in articles(source)


def _canon(text: str) -> str:
    return text.translate(_BRACKETS).replace(" ", "")


def articles(text: str) -> set[int]:
    """Every article number a text names, ranges ('第六至九条') expanded."""
    found: set[int] = set()
    for match in _BARE_ART.finditer(text):
        start = parse_number(match.group("art"))
        end = parse_number(match.group("to")) if match.group("to") else start
        if start is not None and end is not None and end - start < 50:
            found.update(range(start, end + 1))
    return found


def cited(text: str) -> list[Citation]:
    """The citations in `text`, in order; a bare '第N条' after a named document counts as an
    article of some cited document ('同一解释第六条')."""
    result: list[Citation] = []
    spans: list[tuple[int, int]] = []
    for match in _DOC.finditer(text):
        art = parse_number(match.group("art")) if match.group("art") else None
        result.append(Citation(match.group(), match.group("doc"), art))
        spans.append(match.span())
    for match in _BARE_ART.finditer(text):
        if not spans or match.start() < spans[0][0]:
            continue  # '第3天' is no citation; an article needs a document named before it
        if any(a <= match.start() < b for a, b in spans):
            continue
        for number in sorted(articles(match.group())):
            result.append(Citation(match.group(), None, number))
    result.extend(Citation(m.group(), None) for m in _DOC_NUMBER.finditer(text))
    return result


def uncovered(text: str, sources: tuple[str, ...] | list[str]) -> list[Citation]:
    """Citations in `text` that no entry of `sources` covers."""
    return [c for c in cited(text) if not any(c.covered_by(s) for s in sources)]


def sources_for(text: str, candidates: tuple[str, ...] | list[str]) -> list[str]:
    """The entries of `candidates` that `text` cites, then any citation none of them covers
    (as written), so a sources line lists everything the text cites."""
    result: list[str] = []
    for citation in cited(text):
        match = next((s for s in candidates if citation.covered_by(s)), None)
        entry = match if match is not None else citation.text
        if entry not in result:
            result.append(entry)
    return result
