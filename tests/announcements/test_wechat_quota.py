"""WeChat mass sends: quotas kept, what is held is merged into the next, 45065 counts as sent."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from announcements.wechat_quota import decide
from announcements.wechat_sender import MassSender
from bot.app import App
from domain.actor import SYSTEM
from domain.models import OutboxMessage, OutboxStatus
from tests.clock import Clock

from .market import MONDAY_1003, announcer, certified, follower

TAGS = {"en": 101, "zh": 102}


class FakeWeChat:
    """Mass sends as WeChat answers them: a clientmsgid seen before gets 45065."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock, self.tags, self.tagged = clock, {}, {}
        self.days: list[tuple[date, int]] = []  # (day, tag) of each mass send
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.seen: dict[str, int] = {}
        self.answers: list[dict[str, Any]] = []

    async def post(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((method, payload))
        if method.startswith("tags/"):
            return self._tags(method, payload)
        if self.clock is not None:
            self.days.append((self.clock.now.date(), payload["filter"]["tag_id"]))
        if self.answers:
            return self.answers.pop(0)
        key = payload["clientmsgid"]
        if key in self.seen:
            return {"errcode": 45065, "errmsg": "clientmsgid exist", "msg_id": self.seen[key]}
        self.seen[key] = 1000 + len(self.seen)
        return {"errcode": 0, "errmsg": "send job submission success", "msg_id": self.seen[key]}


    tags: dict[int, str]
    tagged: dict[int, set[str]]

    def _tags(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        if method == "tags/get":
            return {"tags": [{"id": i, "name": n} for i, n in self.tags.items()]}
        if method == "tags/create":
            tag_id = 100 + len(self.tags)
            self.tags[tag_id] = payload["tag"]["name"]
            return {"tag": {"id": tag_id, "name": payload["tag"]["name"]}}
        assert len(payload["openid_list"]) <= 50
        self.tagged.setdefault(payload["tagid"], set()).update(payload["openid_list"])
        return {"errcode": 0, "errmsg": "ok"}


def test_a_subscription_account_sends_once_a_day() -> None:
    today = date(2026, 11, 30)
    assert decide("subscription", today, [today - timedelta(days=1)]).send
    held = decide("subscription", today, [today])
    assert not held.send and held.reason and held.reason.startswith("held: ")


def test_a_service_account_reaches_each_follower_four_times_a_month() -> None:
    today = date(2026, 11, 30)
    november = [date(2026, 11, d) for d in (1, 2, 9, 16)]
    assert not decide("service", today, november).send
    assert decide("service", today, november[:3]).send
    assert decide("service", date(2026, 12, 1), november).send  # a new month


async def wechat_market(app: App, clock: Clock) -> None:
    clock.now = MONDAY_1003
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    await follower(app, "wechat", "oEn1")
    await follower(app, "wechat", "oZh1", language="zh")


async def wechat_rows(app: App) -> list[OutboxMessage]:
    async with app.unit_of_work() as uow:
        rows = list(await uow.session.scalars(select(OutboxMessage).where(
            OutboxMessage.channel.like("wechat:%")).order_by(OutboxMessage.id)))
        for row in rows:
            uow.session.expunge(row)
        return rows


async def test_no_second_mass_send_the_same_day_and_the_held_one_goes_with_the_next(
        app: App, clock: Clock) -> None:
    await wechat_market(app, clock)
    digest = await announcer(app).send("digest")
    assert digest.queued["wechat"] == 2
    notice = await announcer(app).adhoc(SYSTEM, {"en": "Office closed on Friday.",
                                                 "zh": "周五休息。"}, [])
    assert notice.queued.get("wechat") is None
    assert notice.skipped["wechat"].startswith("held: a subscription account has one")
    wechat = FakeWeChat(clock)
    sender = MassSender(app.env, wechat.post, TAGS)
    assert await sender.send_due() == 2  # the digest's two tags; the held rows stay
    clock.advance(days=1)
    spotlight = await announcer(app).adhoc(SYSTEM, {"en": "New rules.", "zh": "新规则。"}, [])
    assert spotlight.queued["wechat"] == 2
    assert await sender.send_due() == 2
    texts = {p["filter"]["tag_id"]: p["text"]["content"] for _, p in wechat.calls[2:]}
    assert "New rules." in texts[101] and "Office closed on Friday." in texts[101]
    assert "新规则。" in texts[102] and "周五休息。" in texts[102]
    assert texts[102].count("/report") == 1  # one warning, at the end
    rows = await wechat_rows(app)
    assert [r.last_error for r in rows if r.announcement_id == notice.announcement_id] == \
        [f"merged into announcement {spotlight.announcement_id}"] * 2
    assert len(set(wechat.days)) == len(wechat.days) == 4  # never twice a day to a tag


async def test_a_repeated_clientmsgid_counts_as_sent_and_too_fast_waits(
        app: App, clock: Clock) -> None:
    await wechat_market(app, clock)
    await announcer(app).send("digest")
    wechat = FakeWeChat()
    wechat.seen["smbot-digest-2026-W49-en"] = 77  # sent before a crash lost the outcome
    wechat.answers = [{"errcode": 45065, "errmsg": "clientmsgid exist", "msg_id": 77},
                      {"errcode": 45066, "errmsg": "retry later"}]
    sender = MassSender(app.env, wechat.post, TAGS)
    assert await sender.send_due() == 2
    rows = await wechat_rows(app)
    assert [(r.status, r.params.get("msg_id")) for r in rows] == [
        (OutboxStatus.SENT, 77), (OutboxStatus.PENDING, None)]
    assert rows[1].next_attempt_at == clock.now + timedelta(seconds=60)
    assert wechat.calls[0] == ("message/mass/sendall", {
        "filter": {"is_to_all": False, "tag_id": 101}, "msgtype": "text",
        "text": {"content": wechat.calls[0][1]["text"]["content"]},
        "clientmsgid": "smbot-digest-2026-W49-en", "send_ignore_reprint": 0})
    clock.advance(seconds=61)
    assert await sender.send_due() == 1
    assert (await wechat_rows(app))[1].status is OutboxStatus.SENT


async def test_a_number_from_the_newest_mass_send_names_its_card(app: App, clock: Clock) -> None:
    import pytest

    from domain.errors import NotFound
    from domain.services.announcements import Announcements

    await wechat_market(app, clock)
    pid = await certified(app, "Blue Harbor Logistics", ("logistics",), 1)
    await announcer(app).send("digest")
    async with app.unit_of_work() as uow:
        with pytest.raises(NotFound):  # nothing has reached WeChat yet
            await Announcements(uow).card_number(1)
    await MassSender(app.env, FakeWeChat().post, TAGS).send_due()
    async with app.unit_of_work() as uow:
        assert await Announcements(uow).card_number(2) == pid  # advertising first, then this
        with pytest.raises(NotFound):
            await Announcements(uow).card_number(3)


async def test_a_service_accounts_fifth_digest_goes_with_the_next_spotlight(
        app: App, clock: Clock) -> None:
    """November 2026 has five Mondays: spotlight (1st) + digests on the 2nd, 9th, 16th fill
    the four sends a follower may get; the 23rd's and 30th's digests wait for 1 December."""
    from datetime import UTC, datetime

    from tests.handlers.market_setup import feature

    clock.now = datetime(2026, 11, 1, 2, 3, tzinfo=UTC)
    top = await certified(app, "BrightWave Digital", ("advertising",), 0.5)
    await feature(app, top, "advertising")
    await follower(app, "wechat", "oZh1", language="zh")
    service = announcer(app, channel=None, account="service")
    wechat = FakeWeChat(clock)
    sender = MassSender(app.env, wechat.post, TAGS)
    outcomes = []
    for day in (1, 2, 9, 16, 23, 30):
        clock.now = datetime(2026, 11, day, 2, 3, tzinfo=UTC)
        await certified(app, f"Provider of the {day}th", ("logistics",), 0.5)
        kind = "spotlight" if day == 1 else "digest"
        outcomes.append(await service.send(kind))
        await sender.send_due()
    assert [bool(o.queued.get("wechat")) for o in outcomes] == [True] * 4 + [False] * 2
    clock.now = datetime(2026, 12, 1, 2, 3, tzinfo=UTC)
    await feature(app, top, "advertising")
    december = await service.send("spotlight")
    assert december.queued["wechat"] == 1
    await sender.send_due()
    assert len(wechat.calls) == 5
    last = wechat.calls[-1][1]["text"]["content"]
    assert "Provider of the 23th" in last and "Provider of the 30th" in last
    assert last.startswith("2026年12月优质服务商")


async def test_followers_are_put_in_their_languages_tag(app: App, clock: Clock) -> None:
    from announcements.wechat_tags import language_tags, tag_followers

    await wechat_market(app, clock)
    for n in range(60):
        await follower(app, "wechat", f"oZh{n + 2}", language="zh")
    await follower(app, "wechat", "oGone")
    async with app.unit_of_work() as uow:
        from sqlalchemy import update

        from domain.models import Account, Subscription

        gone = select(Account.id).where(Account.platform_id == "oGone").scalar_subquery()
        await uow.session.execute(update(Subscription).where(Subscription.account_id == gone)
                                  .values(active=False))
        await uow.commit()
    wechat = FakeWeChat()
    wechat.tags = {100: "staff"}
    tags = await language_tags(wechat.post)
    assert tags == {"en": 101, "zh": 102}
    assert await language_tags(wechat.post) == tags  # found, not created again
    assert await tag_followers(app.env, wechat.post, tags) == 62
    assert wechat.tagged[101] == {"oEn1"}
    assert len(wechat.tagged[102]) == 61 and "oGone" not in wechat.tagged[101]
    assert sum(m == "tags/members/batchtagging" for m, _ in wechat.calls) == 3  # 1 + 50 + 11


async def test_a_round_tags_the_followers_then_sends_one_mass_send_per_language(
        app: App, clock: Clock) -> None:
    from announcements.wechat_tags import mass_send_round

    await wechat_market(app, clock)
    wechat = FakeWeChat()
    assert await mass_send_round(app.env, wechat.post) == 0  # nothing due: no calls at all
    assert wechat.calls == []
    await announcer(app).send("digest")
    assert await mass_send_round(app.env, wechat.post) == 2
    sends = [p for m, p in wechat.calls if m == "message/mass/sendall"]
    assert [(p["filter"]["tag_id"], p["clientmsgid"]) for p in sends] == [
        (100, "smbot-digest-2026-W49-en"), (101, "smbot-digest-2026-W49-zh")]
    assert wechat.tagged == {100: {"oEn1"}, 101: {"oZh1"}}
    assert sends[1]["text"]["content"].startswith("新认证服务商")
