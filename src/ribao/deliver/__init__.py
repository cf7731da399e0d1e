"""Delivery: the bulletin to e-mail, WeCom, Feishu, DingTalk and JSON webhooks, exactly once.

Each channel type has its module (renderer from the Bulletin model, byte-exact splitting,
signing, its platform's error codes); ``ledger`` plans, sends, retries and rate-limits them all
against the delivery log in the store.
"""
from __future__ import annotations

from ribao.deliver.base import DeliveryInput, Sender
from ribao.deliver.config import Channel, ChannelBase


def sender_for(config: ChannelBase) -> Sender:
    """The sender of a configured channel."""
    from ribao.deliver.dingtalk import DingTalkSender
    from ribao.deliver.email import EmailSender
    from ribao.deliver.feishu import FeishuSender
    from ribao.deliver.webhook import JsonWebhookSender
    from ribao.deliver.wecom import WeComSender

    kinds = {"email": EmailSender, "wecom": WeComSender, "feishu": FeishuSender, "dingtalk": DingTalkSender,
             "webhook": JsonWebhookSender}
    return kinds[config.type](config)


__all__ = ["Channel", "ChannelBase", "DeliveryInput", "Sender", "sender_for"]
