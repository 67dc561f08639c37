"""/language: answer in English or Chinese, whatever the client's language says."""

from __future__ import annotations

from domain.services.profiles import Profiles

from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router

NAMES = {"en": "English", "zh": "简体中文"}


async def ask(ctx: Context) -> Replies:
    buttons = rows([Button(name, f"lang:{code}") for code, name in NAMES.items()])
    return Reply(ctx.t("language.ask"), buttons)


async def choose(ctx: Context, code: str) -> Replies:
    if code not in NAMES:
        raise StaleButton()
    await ctx.use(Profiles).set_language(ctx.actor, code)
    ctx.lang = code
    return [Reply(ctx.t("language.set", name=NAMES[code]), replace=True), *await ctx.reprompt()]


def register(router: Router) -> None:
    router.command("language", ask, help_key="help.cmd.language", keeps_state=True)
    router.button("lang", choose)
