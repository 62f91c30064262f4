"""The web server's settings, read once from the environment; secrets never shown."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field

from .privacy import PROCESS_SALT

# Every variable the server reads; docs/wechat.md documents each one.
VARIABLES = (
    "WECHAT_TOKEN",
    "WECHAT_AES_KEY",
    "WECHAT_APP_ID",
    "WECOM_CORP_ID",
    "WECOM_TOKEN",
    "WECOM_AES_KEY",
    "BRIDGE_SECRET",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_BASE_URL",
    "OVERDUE_BOT_LOG_SALT",
    "REDIS_URL",
)


class SettingsError(ValueError):
    """The environment configures an endpoint only half, or with a bad value."""


def aes_key_bytes(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key behind a 43-character EncodingAESKey."""
    if len(encoding_aes_key) != 43:
        raise ValueError("an EncodingAESKey has 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except binascii.Error:
        raise ValueError("an EncodingAESKey is letters and digits (base64)") from None
    if len(key) != 32:  # pragma: no cover - 43 valid base64 characters always give 32 bytes
        raise ValueError("an EncodingAESKey decodes to 32 bytes")
    return key


@dataclass(frozen=True)
class WeChatAccount:
    """An Official Account (公众号) or a WeCom app: the callback's credentials."""

    token: str = field(repr=False)
    aes_key: str | None = field(default=None, repr=False)  # None: plain mode only
    receive_id: str | None = None  # the AppID (公众号) or the CorpID (WeCom)


@dataclass(frozen=True)
class Settings:
    """Which endpoints are on and their secrets; `repr` names no secret."""

    wechat: WeChatAccount | None = None
    wecom: WeChatAccount | None = None
    bridge_secret: str | None = field(default=None, repr=False)
    telegram_bot_token: str | None = field(default=None, repr=False)
    telegram_webhook_secret: str | None = field(default=None, repr=False)
    telegram_webhook_url: str | None = None
    telegram_base_url: str | None = None  # a self-hosted Bot API server
    log_salt: bytes = field(default=PROCESS_SALT, repr=False)
    rate: float = 0.5  # messages a second per user, after the burst
    burst: int = 5
    max_body: int = 64 * 1024  # WeChat messages and bridges' JSON are a few KB at most
    max_bridge_body: int = 1024 * 1024  # wechatbot-webhook may forward an image in its form
    max_skew: int = 300  # seconds a signed timestamp may be off before it is refused
    redis_url: str | None = field(default=None, repr=False)  # may hold a password

    @property
    def telegram(self) -> bool:
        """Whether the Telegram webhook joins this app."""
        return bool(self.telegram_bot_token and self.telegram_webhook_secret)

    def endpoints(self) -> list[str]:
        """The paths this configuration turns on, for the start-up log line."""
        paths = ["/healthz"]
        if self.wechat:
            paths.append("/wechat")
        if self.wecom:
            paths.append("/wecom")
        if self.bridge_secret:
            paths += ["/bridge", "/bridge/gewechat", "/bridge/wechatbot"]
        if self.telegram:
            paths.append("/telegram")
        return paths

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Read the settings from `environ`; SettingsError names what is missing or wrong."""
        env = {k: environ[k].strip() for k in VARIABLES if environ.get(k, "").strip()}
        salt = env.get("OVERDUE_BOT_LOG_SALT")
        return cls(
            wechat=_wechat(env),
            wecom=_wecom(env),
            bridge_secret=_bridge(env),
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN"),
            telegram_webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET"),
            telegram_webhook_url=_telegram_url(env),
            telegram_base_url=env.get("TELEGRAM_BASE_URL"),
            log_salt=salt.encode() if salt else PROCESS_SALT,
            redis_url=_redis_url(env),
        )


def _check_aes_key(name: str, value: str) -> None:
    try:
        aes_key_bytes(value)
    except ValueError as exc:
        raise SettingsError(f"{name}: {exc} (copy it from the console again)") from None


def _wechat(env: dict[str, str]) -> WeChatAccount | None:
    token, key, app_id = (env.get(k) for k in ("WECHAT_TOKEN", "WECHAT_AES_KEY", "WECHAT_APP_ID"))
    if not token:
        if key or app_id:
            raise SettingsError(
                "WECHAT_AES_KEY or WECHAT_APP_ID is set but WECHAT_TOKEN is not: "
                "set the Token from the Official Account console too"
            )
        return None
    if key:
        _check_aes_key("WECHAT_AES_KEY", key)
        if not app_id:
            raise SettingsError(
                "WECHAT_AES_KEY is set but WECHAT_APP_ID is not: encrypted messages "
                "are checked against the AppID"
            )
    return WeChatAccount(token=token, aes_key=key, receive_id=app_id)


def _wecom(env: dict[str, str]) -> WeChatAccount | None:
    corp_id = env.get("WECOM_CORP_ID")
    # One process usually serves one of the two; the WECHAT_* pair is the fallback.
    token = env.get("WECOM_TOKEN") or env.get("WECHAT_TOKEN")
    key = env.get("WECOM_AES_KEY") or env.get("WECHAT_AES_KEY")
    if not corp_id:
        if env.get("WECOM_TOKEN") or env.get("WECOM_AES_KEY"):
            raise SettingsError("WECOM_TOKEN or WECOM_AES_KEY is set but WECOM_CORP_ID is not")
        return None
    if not token or not key:
        raise SettingsError(
            "WECOM_CORP_ID is set but the app's Token and EncodingAESKey are not: "
            "set WECOM_TOKEN and WECOM_AES_KEY (WeCom callbacks are always encrypted)"
        )
    _check_aes_key("WECOM_AES_KEY", key)
    return WeChatAccount(token=token, aes_key=key, receive_id=corp_id)


def _bridge(env: dict[str, str]) -> str | None:
    secret = env.get("BRIDGE_SECRET")
    if secret is not None and len(secret) < 16:
        raise SettingsError("BRIDGE_SECRET is too short: use at least 16 random characters")
    return secret


def _telegram_url(env: dict[str, str]) -> str | None:
    token, secret = env.get("TELEGRAM_BOT_TOKEN"), env.get("TELEGRAM_WEBHOOK_SECRET")
    if bool(token) != bool(secret) and (secret or "TELEGRAM_WEBHOOK_URL" in env):
        # A token alone is the polling bot's configuration (`overdue-bot telegram`): not ours.
        raise SettingsError(
            "the Telegram webhook needs both TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET"
        )
    url = env.get("TELEGRAM_WEBHOOK_URL")
    if url and not url.startswith("https://"):
        raise SettingsError("TELEGRAM_WEBHOOK_URL must start with https://")
    return url


def _redis_url(env: dict[str, str]) -> str | None:
    url = env.get("REDIS_URL")
    if url is None:
        return None
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://")
    if "OVERDUE_BOT_LOG_SALT" not in env:
        # The salt names users in Redis keys: a random one per process would share nothing.
        raise SettingsError(
            "REDIS_URL is set but OVERDUE_BOT_LOG_SALT is not: every worker, machine and "
            "restart must name a user the same way; set it to a long random secret "
            "(e.g. `openssl rand -hex 16`) and keep it"
        )
    return url
