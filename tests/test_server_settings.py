"""Settings from the environment: endpoints on when configured, clear errors when half done."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import VARIABLES, Settings, SettingsError

KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
SECRETS = {
    "WECHAT_TOKEN": "wechat-token-value",
    "WECHAT_AES_KEY": KEY,
    "WECHAT_APP_ID": "wx49f0ab532d5d035a",
    "BRIDGE_SECRET": "bridge-secret-value-123",
    "TELEGRAM_BOT_TOKEN": "123456:telegram-token-value",
    "TELEGRAM_WEBHOOK_SECRET": "telegram-secret-value",
    "OVERDUE_BOT_LOG_SALT": "salt-value",
}


def test_nothing_set_turns_everything_off() -> None:
    settings = Settings.from_environ({})
    assert settings.endpoints() == ["/healthz"]
    assert not settings.telegram


def test_everything_set() -> None:
    settings = Settings.from_environ({**SECRETS, "WECOM_CORP_ID": "ww123"})
    assert settings.endpoints() == [
        "/healthz", "/wechat", "/wecom", "/bridge", "/bridge/gewechat", "/bridge/wechatbot",
        "/telegram",
    ]
    assert settings.wecom is not None and settings.wecom.receive_id == "ww123"
    assert settings.wecom.token == "wechat-token-value"  # WECHAT_* is the fallback
    assert settings.log_salt == b"salt-value"


def test_plain_mode_needs_only_the_token() -> None:
    settings = Settings.from_environ({"WECHAT_TOKEN": " t0ken "})
    assert settings.wechat is not None
    assert (settings.wechat.token, settings.wechat.aes_key) == ("t0ken", None)


def test_wecom_has_its_own_token_and_key() -> None:
    env = {"WECOM_CORP_ID": "ww1", "WECOM_TOKEN": "wecom-token", "WECOM_AES_KEY": KEY}
    settings = Settings.from_environ(env)
    assert settings.wechat is None
    assert settings.wecom is not None and settings.wecom.token == "wecom-token"


def test_repr_shows_no_secret() -> None:
    text = repr(Settings.from_environ({**SECRETS, "WECOM_CORP_ID": "ww123"}))
    for name, value in SECRETS.items():
        if name != "WECHAT_APP_ID":
            assert value not in text, name


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"WECHAT_AES_KEY": KEY}, "WECHAT_TOKEN is not"),
        ({"WECHAT_APP_ID": "wx1"}, "WECHAT_TOKEN is not"),
        ({"WECHAT_TOKEN": "t", "WECHAT_AES_KEY": KEY}, "WECHAT_APP_ID is not"),
        ({"WECHAT_TOKEN": "t", "WECHAT_AES_KEY": "short", "WECHAT_APP_ID": "wx1"}, "43"),
        ({"WECHAT_TOKEN": "t", "WECHAT_AES_KEY": "!" * 43, "WECHAT_APP_ID": "wx1"}, "base64"),
        ({"WECOM_CORP_ID": "ww1"}, "WECOM_TOKEN and WECOM_AES_KEY"),
        ({"WECOM_CORP_ID": "ww1", "WECOM_TOKEN": "t"}, "WECOM_TOKEN and WECOM_AES_KEY"),
        ({"WECOM_TOKEN": "t", "WECOM_AES_KEY": KEY}, "WECOM_CORP_ID is not"),
        ({"BRIDGE_SECRET": "short"}, "too short"),
        ({"TELEGRAM_WEBHOOK_SECRET": "s"}, "both TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://x"}, "both"),
        (
            {**SECRETS, "TELEGRAM_WEBHOOK_URL": "http://example.org/telegram"},
            "must start with https",
        ),
    ],
)
def test_half_configured_endpoints_fail_with_a_clear_message(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.from_environ(environ)
    for value in environ.values():
        if len(value) > 8:
            assert value not in str(caught.value)  # the message names variables, not values


def test_a_telegram_token_alone_is_the_polling_bot_and_not_an_error() -> None:
    assert not Settings.from_environ({"TELEGRAM_BOT_TOKEN": "1:a"}).telegram


def test_every_variable_is_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "wechat.md").read_text(encoding="utf-8")
    missing = [name for name in VARIABLES if f"`{name}`" not in docs]
    assert missing == []


def test_redis_needs_a_fixed_salt_and_a_redis_url() -> None:
    with pytest.raises(SettingsError, match="OVERDUE_BOT_LOG_SALT is not"):
        Settings.from_environ({"WECHAT_TOKEN": "t", "REDIS_URL": "redis://127.0.0.1:6379/0"})
    with pytest.raises(SettingsError, match="must start with redis://"):
        Settings.from_environ({"REDIS_URL": "127.0.0.1:6379", "OVERDUE_BOT_LOG_SALT": "s"})
    settings = Settings.from_environ(
        {"REDIS_URL": "redis://:pw-secret@127.0.0.1:6379/0", "OVERDUE_BOT_LOG_SALT": "s"}
    )
    assert settings.redis_url == "redis://:pw-secret@127.0.0.1:6379/0"
    assert "pw-secret" not in repr(settings)
