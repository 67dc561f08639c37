"""Following announcements: bad input keeps the form; WeChat follow and unfollow events."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from domain.actor import Actor
from domain.models import Subscription
from domain.services.followers import Followers
from tests import factories
from tests.scripts import STALE
from tests.transcript import Transcript


async def test_done_without_a_category_asks_again(chat: Transcript) -> None:
    await chat.say("gina", "/subscribe")
    said = await chat.press("gina", "Done")
    assert said[0].text == "Choose at least one category, or press All categories."
    assert said.last.text.startswith("Which service categories")


async def test_no_kind_at_all_is_refused_and_the_form_stays(chat: Transcript) -> None:
    await chat.run("gina", "/subscribe", "> All categories",
                   "> ✓ Newly certified providers (weekly digest)",
                   "> ✓ Featured providers (monthly spotlight)")
    said = await chat.press("gina", "Done")
    assert said[0].text == "Choose at least one kind of announcement."
    said = await chat.say("gina", "/subscriptions")  # the form stays: leaving it is asked
    assert said.labels == ["Continue the form", "Leave"]
    said = await chat.press("gina", "Leave")
    assert said.text == "You do not follow any announcements. Send /subscribe to start."


async def test_forged_categories_and_kinds_are_stale(chat: Transcript) -> None:
    await chat.say("gina", "/subscribe")
    assert (await chat.forge("gina", "follow:t:casino")).text == STALE
    assert (await chat.forge("gina", "followk:t:everything")).text == STALE
    assert (await chat.forge("gina", "followk:done")).text == STALE  # not on that step


async def test_changing_keeps_the_earlier_choices_ticked(chat: Transcript) -> None:
    await chat.run("gina", "/subscribe", "> Advertising agency", "> Done", "> Done")
    said = await chat.run("gina", "/subscriptions", "> Change")
    assert "✓ Advertising agency" in said.last.labels


async def test_wechat_follow_follows_everything_and_unfollow_stops_it(app: App) -> None:
    account = await factories.account(app, "oWx1")
    actor = Actor(account_id=account.id, identity="console:oWx1")
    async with app.unit_of_work() as uow:
        await Followers(uow).subscribe(actor, ["logistics"], ["spotlight"])
        await Followers(uow).unfollow("console", "oWx1")
        assert await Followers(uow).is_following("console", "oWx1") is False
        await Followers(uow).follow("console", "oWx1")  # following again: everything
        await Followers(uow).follow("console", "nobody")  # no such account: nothing
        await uow.commit()
    async with app.unit_of_work() as uow:
        following = await Followers(uow).current(actor)
        assert following is not None
        assert following.categories == () and following.kinds == ("digest", "spotlight")
        rows = (await uow.session.scalars(select(Subscription))).all()
        assert len(rows) == 1
