"""Write faq/jieba_main.txt: jieba's main dictionary trimmed to its common words.

jieba's full dictionary (349k words) takes ~1.7 s and ~94 MB to load; the bot
needs the common vocabulary plus its own domain words (faq/userdict.txt). Every
single character is kept so no character loses its frequency, and every word
with a frequency of at least --min-freq. Run it again after upgrading jieba.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import jieba


def trim(source: Path, min_freq: int) -> list[str]:
    """Return the dictionary lines of `source` worth keeping."""
    kept = []
    for line in source.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if len(word) == 1 or int(freq) >= min_freq:
            kept.append(line)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-freq", type=int, default=300)
    default_out = Path(__file__).resolve().parent.parent / "faq" / "jieba_main.txt"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args()
    source = Path(jieba.__file__).parent / "dict.txt"
    lines = trim(source, args.min_freq)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {args.out}")


if __name__ == "__main__":
    main()
