"""The shared responder: message kinds, rate limit, shortening with a pointer to the rest."""

from __future__ import annotations

import pytest

from bot.dedupe import Dedupe
from bot.engine import Engine
from bot.ratelimit import RateLimiter
from bot.responder import Inbound, Responder, shorten
from bot.state import MemoryState


@pytest.fixture()
def responder(fresh_engine: Engine) -> Responder:
    return Responder(fresh_engine, MemoryState(RateLimiter(rate=0.0001, burst=3)), Dedupe())


@pytest.mark.parametrize("limit", [40, 41, 42, 100, 2048])
def test_shorten_cuts_at_a_character_boundary(limit: int) -> None:
    text = "逾期" * 500 + "😀" * 100
    head, rest = shorten(text, limit, "…（更多）")
    assert len(head.encode()) <= limit
    assert head.endswith("…（更多）")
    body = head.removesuffix("…（更多）")
    assert text.startswith(body) and body + rest == text


def test_shorten_prefers_a_line_break() -> None:
    text = "第一段" * 20 + "\n" + "第二段" * 40
    head, rest = shorten(text, 250, "…")
    assert head == "第一段" * 20 + "…"
    assert rest == "第二段" * 40


def test_shorten_leaves_short_text_alone() -> None:
    assert shorten("短", 10, "…") == ("短", "")


async def test_kinds(responder: Responder) -> None:
    engine = responder.engine
    assert await responder.respond(Inbound("u1", "welcome")) == engine.message("welcome")
    assert await responder.respond(Inbound("u1", "non_text")) == engine.message("non_text")
    assert await responder.respond(Inbound("u1", "silent")) is None
    text = await responder.respond(Inbound("u1", "text", "逾期会联系我家人吗"))
    assert text is not None and text.startswith(engine.answer("逾期会联系我家人吗").answer)


async def test_related_questions_follow_the_answer(responder: Responder) -> None:
    reply = responder.engine.answer("逾期会联系我家人吗")
    text = await responder.respond(Inbound("u2", "text", "逾期会联系我家人吗"))
    assert reply.suggestions and text is not None
    assert responder.engine.message("also_asked") in text
    assert all(f"· {s}" in text for s in reply.suggestions)


async def test_rate_limit_answers_politely(responder: Responder) -> None:
    texts = [await responder.respond(Inbound("flood", "text", "你好")) for _ in range(5)]
    assert texts[3:] == [responder.engine.message("rate_limited")] * 2
    assert responder.engine.message("rate_limited") not in texts[:3]


async def test_a_long_reply_is_shortened_and_the_rest_follows(fresh_engine: Engine) -> None:
    responder = Responder(fresh_engine, MemoryState(RateLimiter(burst=100)), Dedupe())
    limit = 300
    full = responder.render(responder.engine.answer("逾期会联系我家人吗"))
    parts = [await responder.respond(Inbound("long", "text", "逾期会联系我家人吗"), limit)]
    while parts[-1] is not None and parts[-1].endswith(fresh_engine.message("more_pointer")):
        parts.append(await responder.respond(Inbound("long", "text", "更多"), limit))
    assert len(parts) > 2
    assert all(p is not None and len(p.encode()) <= limit for p in parts)
    # Nothing lost: the pieces, without pointers, are the answer (suggestions dropped to fit).
    joined = "".join(p.removesuffix(fresh_engine.message("more_pointer")) for p in parts if p)
    assert joined.replace("\n", "") == responder.engine.answer("逾期会联系我家人吗").answer.replace(
        "\n", ""
    )
    assert len(full.encode()) > limit


async def test_more_without_a_rest_is_an_ordinary_question(responder: Responder) -> None:
    assert "更多" in responder.engine.kb.messages["more_words"]
    text = await responder.respond(Inbound("nomore", "text", "更多"), 2048)
    assert text == responder.render(responder.engine.answer("更多"))


async def test_an_engine_failure_answers_with_the_error_text(
    responder: Responder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(responder.engine, "answer", broken)
    text = await responder.respond(Inbound("u3", "text", "你好", key="k1"))
    assert text == responder.engine.message("error")
    assert len(responder.dedupe) == 0  # a retry tries again
