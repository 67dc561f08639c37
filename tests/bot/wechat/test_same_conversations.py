"""The shared conversation suite through WeChat (plain and safe mode): numbered options."""

from tests.bot.telegram.test_same_conversations import *  # noqa: F403
