"""Delivery channels as configuration (``channels:`` of a line in the home's ``run.yaml``).

Secrets never sit in a file: a channel names the environment variables that hold its webhook
URL (whose key or token *is* the credential), its signing secret or its SMTP password, and they
are read when a message is sent. Limits default to what each platform documents (see
docs/operations.md for the sources).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import Field

from ribao.config import StrictModel
from ribao.errors import ConfigError

CHANNEL_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$"
ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"


class ChannelBase(StrictModel):
    id: str = Field(pattern=CHANNEL_ID)
    enabled: bool = True
    retries: int = Field(3, ge=0, le=10)             # further attempts per message after a retryable failure
    backoff_s: float = Field(2.0, ge=0)              # first wait; doubles per attempt
    max_backoff_s: float = Field(60.0, ge=0)         # a longer Retry-After is not waited for in this run
    timeout_s: float = Field(20.0, gt=0)
    per_minute: int | None = Field(None, ge=1)       # messages per rolling minute (the platform's default if None)
    per_second: int | None = Field(None, ge=1)

    def secret(self, env: str | None, what: str) -> str:
        """The value of the environment variable ``env``; a ``ConfigError`` naming it when unset."""
        if not env:
            return ""
        value = os.environ.get(env, "")
        if not value:
            raise ConfigError(f"channel {self.id}: the environment variable {env} ({what}) is not set")
        return value


class EmailChannel(ChannelBase):
    type: Literal["email"]
    host: str
    port: int | None = Field(None, ge=1, le=65535)   # 465 for ssl, 587 for starttls, 25 for none
    security: Literal["ssl", "starttls", "none"] = "ssl"
    username_env: str | None = Field(None, pattern=ENV_NAME)
    password_env: str | None = Field(None, pattern=ENV_NAME)
    sender: str
    to: list[str] = Field(min_length=1)
    cc: list[str] = Field(default_factory=list)
    attach_pdf: bool = True
    ca_file: Path | None = None                      # trust this CA (a private mail relay); else the system's
    max_html_bytes: int = Field(100_000, ge=10_000)  # Gmail clips messages past ~102 KB

    @property
    def smtp_port(self) -> int:
        return self.port or {"ssl": 465, "starttls": 587, "none": 25}[self.security]


class WeComChannel(ChannelBase):
    type: Literal["wecom"]
    url_env: str = Field(pattern=ENV_NAME)           # https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
    format: Literal["markdown", "markdown_v2"] = "markdown"
    max_bytes: int = Field(4096, ge=512, le=4096)    # of markdown.content, UTF-8 bytes
    attach_pdf: bool = False                         # upload_media, then a file message (≤ 20 MB)
    per_minute: int | None = Field(20, ge=1)


class FeishuChannel(ChannelBase):
    type: Literal["feishu"]
    url_env: str = Field(pattern=ENV_NAME)           # https://open.feishu.cn/open-apis/bot/v2/hook/…
    secret_env: str | None = Field(None, pattern=ENV_NAME)   # signature verification (签名校验)
    keyword: str = ""                                # keyword security: put in every card's title
    max_bytes: int = Field(20_000, ge=2_000, le=20_000)      # the whole request body
    per_minute: int | None = Field(100, ge=1)
    per_second: int | None = Field(5, ge=1)


class DingTalkChannel(ChannelBase):
    type: Literal["dingtalk"]
    url_env: str = Field(pattern=ENV_NAME)           # https://oapi.dingtalk.com/robot/send?access_token=…
    secret_env: str | None = Field(None, pattern=ENV_NAME)   # 加签 (SEC…)
    keyword: str = ""
    format: Literal["markdown", "actionCard"] = "markdown"
    max_bytes: int = Field(20_000, ge=2_000, le=20_000)      # the whole request body
    per_minute: int | None = Field(20, ge=1)         # past 20/min the robot is throttled for 10 minutes


class WebhookChannel(ChannelBase):
    type: Literal["webhook"]
    url_env: str = Field(pattern=ENV_NAME)
    secret_env: str | None = Field(None, pattern=ENV_NAME)   # X-Ribao-Signature: sha256=HMAC(secret, body)
    max_bytes: int = Field(1_000_000, ge=1_000)


Channel = Annotated[Union[EmailChannel, WeComChannel, FeishuChannel, DingTalkChannel, WebhookChannel],
                    Field(discriminator="type")]
