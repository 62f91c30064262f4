"""👍 / 👎 on Telegram: the buttons under an answer, and a press counted once and thanked."""

from __future__ import annotations

import contextlib
import logging

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest

from .curator import Curator, votable
from .engine import Engine, Reply
from .telegram_format import parse_feedback, with_feedback

log = logging.getLogger("bot.telegram")


def vote_buttons(
    engine: Engine, reply: Reply, markup: InlineKeyboardMarkup | None
) -> InlineKeyboardMarkup | None:
    """`markup` with a 👍 / 👎 row if the reply is a real answer."""
    if not votable(reply):
        return markup
    labels = (
        engine.message("feedback_up", reply.traditional),
        engine.message("feedback_down", reply.traditional),
    )
    return with_feedback(markup, reply, labels)


async def take_vote(
    engine: Engine, curator: Curator, query: CallbackQuery, voter: str, log_tag: str
) -> bool:
    """Count a 👍 / 👎 press by `voter` (once per message) and thank with a toast; False when
    the button is not a vote."""
    vote = parse_feedback(query.data)
    if vote is None:
        return False
    helpful, intent, topic, traditional = vote
    known = engine.kb.intents.get(intent)
    if known is None:  # forged, or from a knowledge base since changed
        log.info("ignored vote user=%s: unknown intent", log_tag)
        with contextlib.suppress(BadRequest):
            await query.answer()
        return True
    if topic and topic.partition(".")[2] not in {t.id for t in known.topics}:
        topic = None  # a topic since removed: the vote still counts for the intent
    message = query.message
    ballot = f"{voter}:{message.message_id if message is not None else query.id}"
    await curator.vote(voter, helpful, intent, topic, ballot)
    thanks = engine.message("feedback_thanks" if helpful else "feedback_sorry", traditional)
    with contextlib.suppress(BadRequest):  # a query too old to answer: the vote still counts
        await query.answer(text=thanks)
    return True
