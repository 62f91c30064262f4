"""No personal detail reaches the misses log: a corpus of them in many spellings."""

from __future__ import annotations

import csv
import itertools
import json
import re
import unicodedata
from pathlib import Path

import pytest

from bot.engine import Reply
from bot.misses import MissLog
from bot.scrub import scrub

DATA = Path(__file__).parent / "data"
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
CHINESE = str.maketrans("0123456789", "零一二三四五六七八九")
ARABIC = str.maketrans("零一二三四五六七八九", "0123456789")

PHONES = ["13812345678", "15987654321", "18600001111", "19922334455", "17751239876"]
IDS = ["11010119900307451X", "440106198512240039", "31011519770101002x", "510722200002291234"]
CARDS = ["6222021234567890", "6217000010002000333", "4392250012345678", "6228480402564890018"]
EMAILS = ["zhang.san88@qq.com", "Li_Si-2024@163.com", "wangwu@gmail.com", "chen7.yi@outlook.cn"]
NAMES = ["张伟", "王秀英", "李娜", "刘洋", "陈建国", "杨静", "欧阳娜娜", "赵子龙", "黄晓明", "周杰"]


def phone_variants(number: str) -> list[str]:
    a, b, c = number[:3], number[3:7], number[7:]
    return [
        number,
        f"{a} {b} {c}",
        f"{a}-{b}-{c}",
        f"{a}.{b}.{c}",
        f"+86{number}",
        f"+86 {a} {b} {c}",
        f"+86-{a}-{b}-{c}",
        f"86{number}",
        f"0086 {number}",
        number.translate(FULL),
        f"+８６ {number.translate(FULL)}",
        f"{a}　{b}　{c}".translate(FULL),  # ideographic spaces
        number.translate(CHINESE),
        " ".join(number),
    ]


def id_variants(number: str) -> list[str]:
    return [
        number,
        number.upper(),
        f"{number[:6]} {number[6:14]} {number[14:]}",
        f"{number[:6]}-{number[6:14]}-{number[14:]}",
        number.translate(FULL).replace("X", "Ｘ").replace("x", "ｘ"),
    ]


def card_variants(number: str) -> list[str]:
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    return [number, " ".join(groups), "-".join(groups), number.translate(FULL)]


def email_variants(address: str) -> list[str]:
    local, domain = address.split("@")
    return [address, address.upper(), f"{local}＠{domain}", f"{local} @ {domain}",
            f"{local}@{domain.replace('.', '．')}"]


TEMPLATES = [
    "我的手机号是{}，逾期了会打给我家人吗",
    "{}这个号码天天打给我",
    "催收用{}给我打电话合法吗",
    "你好{}是我的号码",
    "逾期20天了，联系我：{}",
]
ID_TEMPLATES = ["我身份证号{}，会不会被起诉", "身份证：{} 逾期会上征信吗", "{}是我的身份证"]
CARD_TEMPLATES = ["银行卡{}被冻结了怎么办", "卡号 {} 逾期45天", "从{}扣款了"]
EMAIL_TEMPLATES = ["我的邮箱{}收到律师函了", "催收发邮件到{}", "联系{}"]
NAME_TEMPLATES = [
    "我叫{}，逾期了会坐牢吗",
    "我是{}，网贷逾期三个月",
    "我的名字是{}",
    "你好我叫{} 想问下征信",
    "我是{},欠了钱还不上",
    "本人{}，分期乐逾期了",
]
AMOUNT_TEMPLATES = [
    ("我欠{}5000元还不上", "5000"),
    ("借给{}的钱 20000块", "20000"),
    ("我欠{}3万8千块", "3万8千"),
    ("{}借了我12,500元不还", "12,500"),
    ("我还给{}８０００元了", "8000"),
    ("帮{}还了¥6600", "6600"),
]


def corpus() -> list[tuple[str, list[str]]]:
    """(question, the secrets in it) — every secret in every spelling and template."""
    items: list[tuple[str, list[str]]] = []
    kinds = [
        (PHONES, phone_variants, TEMPLATES),
        (IDS, id_variants, ID_TEMPLATES),
        (CARDS, card_variants, CARD_TEMPLATES),
        (EMAILS, email_variants, EMAIL_TEMPLATES),
    ]
    for secrets, spellings, templates in kinds:
        for secret in secrets:
            for variant, template in itertools.product(spellings(secret), templates):
                items.append((template.format(variant), [secret]))
    for name, template in itertools.product(NAMES, NAME_TEMPLATES):
        items.append((template.format(name), [name]))
    for name, (template, amount) in itertools.product(NAMES[:4], AMOUNT_TEMPLATES):
        items.append((template.format(name), [amount]))
    mixed = f"我叫{NAMES[0]}，电话{PHONES[0]}，身份证{IDS[0]}，卡号{CARDS[0]}，邮箱{EMAILS[0]}"
    items.append((mixed, [NAMES[0], PHONES[0], IDS[0], CARDS[0], EMAILS[0]]))
    return items


def _digits(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(ARABIC)
    return re.sub(r"[^0-9xX]", "", text).lower()


def leaks(secret: str, line: str) -> bool:
    """Whether `line` still shows `secret`: any 5 of its digits in a row, or its text."""
    line_plain = unicodedata.normalize("NFKC", line).lower()
    if "@" in secret:
        return secret.split("@")[0].lower() in line_plain
    digits = _digits(secret)
    if len(digits) >= 4:
        found = _digits(line)
        return any(digits[i : i + 5] in found for i in range(len(digits) - 4)) or digits in found
    return secret in line  # a name, or an amount in words


def test_the_corpus_is_large_and_every_question_has_its_secret() -> None:
    items = corpus()
    assert len(items) > 400
    assert all(any(not leaks(s, "") and (s in q or leaks(s, q)) for s in secrets)
               for q, secrets in items)


def test_no_personal_detail_reaches_the_misses_file(tmp_path: Path) -> None:
    log = MissLog(tmp_path / "misses.jsonl")
    missed = Reply(intent=None, score=0.2, days=None, platform=None, answer="…",
                   nearest=(("phone_calls", 0.2),))
    items = corpus()
    for question, _ in items:
        assert log.answered("wx", question, missed, threshold=0.42)
    lines = (tmp_path / "misses.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(items)
    leaked = [
        (question, secret, line)
        for (question, secrets), line in zip(items, lines, strict=True)
        for secret in secrets
        if leaks(secret, json.loads(line)["question"]) or leaks(secret, line)
    ]
    assert leaked == []
    # What is left is still a question a curator can read.
    first = json.loads(lines[0])["question"]
    assert first == "我的手机号是<电话>,逾期了会打给我家人吗"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("逾期45天会怎样", "逾期45天会怎样"),
        ("逾期1,000天会怎样", "逾期1,000天会怎样"),
        ("10月1号该还的，今天还能还吗", "10月1号该还的,今天还能还吗"),
        ("我是学生，逾期会坐牢吗", "我是学生,逾期会坐牢吗"),
        ("我是不是要被起诉了", "我是不是要被起诉了"),
        ("被暴力催收可以打12378吗", "被暴力催收可以打12378吗"),
        ("2024年的逾期记录什么时候消除", "2024年的逾期记录什么时候消除"),
        ("我叫张三，欠了5000元", "我叫<姓名>,欠了<金额>"),
        ("我欠王五2万块", "我欠<姓名><金额>"),
        ("微信号是abc_12345，qq 12345678", "微信号是<账号>,qq <账号>"),
    ],
)
def test_ordinary_questions_keep_their_words(question: str, expected: str) -> None:
    assert scrub(question) == expected


def test_day_counts_and_dates_of_the_evaluation_sets_survive() -> None:
    """Day counts and dates are what a curator needs; scrubbing must not eat them."""
    changed = total = 0
    for path in sorted(DATA.glob("heldout_*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                total += 1
                clean = scrub(row["query"])
                for days in re.findall(r"\d+(?=\s*(?:天|个月|年|周))", row["query"]):
                    assert days in clean, (row["query"], clean)
                changed += clean != unicodedata.normalize("NFKC", row["query"])
    assert total > 500 and changed / total < 0.05  # amounts, mostly
