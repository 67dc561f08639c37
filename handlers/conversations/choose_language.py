"""/language: answer in English or Chinese, whatever the client's language says."""

from __future__ import annotations

from dataclasses import dataclass

from domain.services.profiles import Profiles

from ..engine.context import Context, StaleButton
from ..engine.contract import Reply, rows
from ..engine.presses import Press
from ..engine.router import Replies, Router

NAMES = {"en": "English", "zh": "简体中文"}


class LangPress(Press, prefix="lang"):
    """The language buttons: `lang:zh`."""


@dataclass(frozen=True)
class Choose(LangPress, tag=""):
    code: str


async def ask(ctx: Context) -> Replies:
    buttons = rows([Choose(code).button(name) for code, name in NAMES.items()])
    return Reply(ctx.t("language.ask"), buttons)


async def choose(ctx: Context, press: LangPress) -> Replies:
    assert isinstance(press, Choose)
    if press.code not in NAMES:
        raise StaleButton()
    await ctx.use(Profiles).set_language(ctx.actor, press.code)
    ctx.lang = press.code
    return [Reply(ctx.t("language.set", name=NAMES[press.code]), replace=True),
            *await ctx.reprompt()]


def register(router: Router) -> None:
    router.command("language", ask, help_key="help.cmd.language", keeps_state=True)
    router.press(LangPress, choose)
