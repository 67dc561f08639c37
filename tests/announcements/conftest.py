"""The delivery tests' fixtures: the fake Bot API in its own thread, an app on the real clock."""

from tests.bot.telegram.test_delivery import fake, live_app  # noqa: F401
