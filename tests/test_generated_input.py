"""Generated input through the console front end: several users send random texts (odd
Unicode and digits, control characters, NUL, huge numbers, markup characters), commands,
presses of the buttons they were shown and of forged payloads, and files, in whatever
conversation state the earlier steps left them.

After every step:

- no internal error: no reply says "Something went wrong", nothing is logged with a traceback;
- every reply passes every platform's check (`REPLY_CHECKS`): it renders to Telegram HTML the
  Bot API accepts (the fake Bot API's own validator, tests/telegram_html.py) and to WeChat
  passive reply XML that parses back to the same, non-empty text under WeChat's limit;
- the market's invariants hold (`market_problems`):
  1. a binding moves only requested → active | declined | revoked, active → revoked |
     expired; declined, revoked and expired are final;
  2. a binding's scope is a non-empty subset of the categories its provider was certified in;
  3. at most one evaluation per binding, for that binding's provider, scores 1–5;
  4. a provider's points equal the sum of the points of its standing sanctions (not
     overturned, not expired);
  5. at most one open report per merchant and provider;
  6. a certification the steps created comes from an approved application of that provider
     for that category;
  7. nothing listed in search (browsing any category) is suspended, expelled, or without an
     active certification in that category;
  8. every queued notice is of a kind that has a renderer;
  9. no stored text holds NUL or other control characters (newlines and tabs aside).

Each example starts from the same small market (tests/factories.py). The default run keeps
within a minute; SMBOT_HYPOTHESIS=long runs many more and longer examples.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select
from wechatpy import parse_message

from bot.app import App
from bot.console import Console
from bot.telegram.translate import pieces
from bot.wechat.envelope import Envelope
from bot.wechat.render import MAX_BYTES as WECHAT_MAX_BYTES
from bot.wechat.render import render as render_wechat
from domain.actor import SYSTEM
from domain.markup import plain
from domain.models import (
    Application,
    ApplicationStatus,
    Base,
    Binding,
    BindingScope,
    BindingStatus,
    Category,
    Certification,
    Evaluation,
    Merchant,
    OutboxMessage,
    Provider,
    ProviderStatus,
    Report,
    ReportStatus,
    Sanction,
)
from domain.notices import Notice, NoticeError
from domain.services.search import Search, SearchQuery
from handlers.engine.contract import Reply
from handlers.engine.i18n import Translator, load_catalogs
from handlers.engine.registry import build_router
from tests import factories
from tests.sanctioning import report
from tests.telegram_html import html_error

LONG = os.environ.get("SMBOT_HYPOTHESIS") == "long"
EXAMPLES, STEPS = (400, 60) if LONG else (30, 30)
INTERNAL = ("Something went wrong", "出错了")
USERS = ("alice", "carol", "bob", "dave", "ops")
ROUTER = build_router()
COMMANDS = sorted(ROUTER.commands)
PREFIXES = sorted(ROUTER.presses)
KEPT_TABLES = {"categories"}  # the catalog, synced at start-up

ODD_TEXTS = [
    "²", "①②", "١٢٣", "１２", "1" * 4400, "9" * 40, "-1", "0", "99999999999", "3", "1",
    "\x00", "a\x00b", "\x07Bell\x1b[31m\x08", "\u202eevil\u202c.exe", "\u200b\u200c\u2060",
    "\ud800x", "*a _b* c_", "<b>x</b> & &amp; &bogus;", "_", "*", "\\", "\\*", "a\nb\n\nc",
    "Alice Beauty Store", "BrightWave Digital", "ads@brightwave.example",
    "We run TikTok and Meta ad campaigns for cross-border sellers.",
    "They asked me for an entry fee of $500 before starting the work.",
    "https://example.com/proof", "750000", "25", "7", "Fast and clear.",
]
ARGS = ["", "p_1", "p_2", "p_99999999999", "p_²", "join_x", "advertising", "1", "#1",
        "99999999999", "Bright", "\x00", "*_"]
PAYLOAD_ACTIONS = ["new", "show", "open", "act", "s", "t", "yes", "no", "done", "v", "acc",
                   "dec", "rv", "pick", "ev", "evp", "page", "set", "f", "o", "more", "send",
                   "skip", "role", "mk", "lg", "pts", "days", "approve", "reject", "info",
                   "share", "back", "queue", "cat", "browse", "d"]
PAYLOAD_ARGS = ["1", "2", "0", "-1", "99999999999", "2147483648", "²", "", "1:0", "1:d",
                "1:w", "1:p", "1:x", "merchant", "US", "advertising", "fraud", "5", "90",
                "mk:US", "rt:4", "\x00"]


def telegram_html_problem(reply: Reply) -> str | None:
    """What Telegram would refuse in the reply's messages (one per piece of a long text)."""
    return next((f"{error}: {part!r}" for part in pieces(reply.text)
                 if (error := html_error(part)) is not None), None)


WECHAT_SAY = Translator(load_catalogs()).bind("en")
WECHAT_ENVELOPE = Envelope(token="token123", app_id="wx1234567890abcdef", aes_key=None)
WECHAT_PUSH = parse_message(
    "<xml><ToUserName>gh_account</ToUserName><FromUserName>openid</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>1</Content>"
    "<MsgId>1</MsgId></xml>")


def wechat_xml_problem(reply: Reply) -> str | None:
    """What would go wrong answering with the reply on WeChat: each piece as the passive reply
    XML the WeChat front end sends (bot/wechat/render.py, bot/wechat/envelope.py), parsed back.
    Its content must be the piece, non-empty, within WeChat's text limit, and free of markup
    escapes (a user's `*`, `_` and `\\` come out as typed, so no more backslashes than the
    reply's literal text holds)."""
    rendered = render_wechat([reply], WECHAT_SAY)
    if not rendered.pieces:
        visible = reply.text.strip() or any(b.payload or b.url for r in reply.buttons for b in r)
        return f"nothing to send on WeChat for {reply.text!r}" if visible else None
    for piece in rendered.pieces:
        if len(piece.encode()) > WECHAT_MAX_BYTES:
            return f"piece of {len(piece.encode())} bytes: {piece[:60]!r}"
        xml = WECHAT_ENVELOPE.reply(WECHAT_PUSH, piece)
        try:
            root = ElementTree.fromstring(xml)
        except ElementTree.ParseError as exc:
            return f"invalid reply XML ({exc}): {xml[:200]!r}"
        content = root.findtext("Content")
        if root.findtext("MsgType") != "text" or not content or not content.strip():
            return f"empty or wrong reply XML: {xml[:200]!r}"
        if content != piece:
            return f"content changed by the XML: {piece[:60]!r} became {content[:60]!r}"
    literal = plain(reply.text).count("\\") + sum(b.label.count("\\")
                                                    for row in reply.buttons for b in row)
    if rendered.text.count("\\") > literal:
        return f"markup escapes left in the WeChat text: {rendered.text[:200]!r}"
    return None


# Every platform's check of a reply: Telegram HTML and the WeChat passive reply XML.
REPLY_CHECKS: list[Callable[[Reply], str | None]] = [telegram_html_problem, wechat_xml_problem]


@dataclass(frozen=True)
class Step:
    kind: str  # "say", "press", "forge", "mutate", "file"
    user: str
    value: str | int | tuple[int, int, str]


def _steps() -> st.SearchStrategy[Step]:
    user = st.sampled_from(USERS)
    text = st.one_of(st.sampled_from(ODD_TEXTS), st.text(max_size=60),
                     st.from_regex(r"[0-9]{1,15}", fullmatch=True))
    command = st.builds(lambda c, a: f"/{c} {a}".rstrip(), st.sampled_from(COMMANDS),
                        st.one_of(st.sampled_from(ARGS), st.text(max_size=12)))
    payload = st.one_of(
        st.builds(lambda p, a, b: f"{p}:{a}:{b}", st.sampled_from(PREFIXES),
                  st.sampled_from(PAYLOAD_ACTIONS), st.sampled_from(PAYLOAD_ARGS)),
        st.text(max_size=70))
    return st.one_of(
        st.builds(Step, st.just("say"), user, st.one_of(text, command)),
        st.builds(Step, st.just("press"), user, st.integers(0, 20)),
        st.builds(Step, st.just("press"), user, st.integers(0, 20)),
        st.builds(Step, st.just("forge"), user, payload),
        *[st.builds(Step, st.just("mutate"), user,
                    st.tuples(st.integers(0, 40), st.sampled_from((0, 0, 0, 1, 2)),
                              st.sampled_from(PAYLOAD_ARGS)))] * 2,
        st.builds(Step, st.just("file"), user, st.sampled_from(sorted(FILES))),
    )


FILES = {
    "proof.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR proof",
    "again.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR proof",  # the same content
    "licence.pdf": b"%PDF-1.4 licence",
    "run.exe.pdf": b"MZ\x90\x00 not a pdf",
    "page.png": b"<!DOCTYPE html><p>not a png</p>",
    "empty.pdf": b"",
    "invoice\u202efdp.exe.pdf": b"%PDF-1.4 invoice",
}


@dataclass
class Run:
    """One example's console, and what it has seen so far."""

    console: Console
    folder: Path
    replies: list[tuple[str, Reply]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # every payload shown to anyone
    bindings: dict[int, BindingStatus] = field(default_factory=dict)
    seeded_certifications: set[int] = field(default_factory=set)

    async def play(self, step: Step) -> None:
        send = self.console.send
        if step.kind == "say":
            await send(step.user, text=str(step.value))
        elif step.kind == "file":
            await send(step.user, file=str(self.folder / str(step.value)))
        elif step.kind == "forge":
            await self._forge(step.user, str(step.value))
        elif step.kind == "mutate" and self.seen:
            # A real payload (maybe another user's) with one part replaced: a forged id, an
            # id beyond the database, an odd digit, a missing part.
            assert isinstance(step.value, tuple)
            which, part, value = step.value
            parts = self.seen[-1 - which % len(self.seen)].split(":")  # the newest first
            parts[-1 - part % len(parts)] = value  # the last part (an id, most often) first
            await self._forge(step.user, ":".join(parts))
        elif step.kind == "press":
            menu = self.console.menus.get(step.user)
            labels = [b.label for row in menu.buttons for b in row if b.payload] if menu else []
            if labels:
                await send(step.user, press=labels[int(step.value) % len(labels)])
            else:
                await send(step.user, text=str(int(step.value)))

    async def _forge(self, user: str, payload: str) -> None:
        from handlers.engine.contract import ButtonPress, Incoming

        incoming = Incoming(platform="console", user_id=user, display_name=user,
                            language=None, dedupe_key=os.urandom(8).hex(),
                            press=ButtonPress(payload))
        for reply in await self.console.app.dispatcher.handle(incoming):
            self.console._line(user, reply)
        await self.console.deliver()


class Errors(logging.Handler):
    """Every record logged at ERROR or above, or with a traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)


@pytest.fixture
def errors() -> Errors:
    handler = Errors()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, data in FILES.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


async def reset_and_seed(app: App, run: Run) -> None:
    """Every table emptied but the catalog; then alice and carol (merchants), bob (a member of
    a certified provider), a provider with markup in its name, an open report by carol, the
    operator, and dave unregistered; alice starts on bob's card."""
    async with app.unit_of_work() as uow:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                await uow.session.execute(delete(table))
        await uow.commit()
    await factories.merchant(app, "alice", shop="Alice *Beauty* _Store_")
    bob = await factories.provider(app, "bob", categories=("advertising", "influencer"),
                                   email="ads@brightwave.example")
    await factories.provider(app, None, name="Harbor_Freight *Co*", categories=("logistics",))
    await report(app, "carol", bob)
    await factories.account(app, "ops")
    # Menus to start from (their payloads are what "mutate" steps forge from).
    await run.console.send("ops", text="/cases")
    await run.console.send("carol", text="/reports")
    await run.console.send("alice", text="/search BrightWave")
    await run.console.send("alice", text=f"/start p_{bob}")
    async with app.unit_of_work() as uow:
        run.seeded_certifications = set((await uow.session.scalars(
            select(Certification.id))).all())


async def market_problems(app: App, run: Run) -> list[str]:
    """The invariants of the module docstring that do not hold, in words."""
    problems: list[str] = []
    async with app.unit_of_work() as uow:
        s, now = uow.session, uow.now()
        allowed = {BindingStatus.REQUESTED: {BindingStatus.ACTIVE, BindingStatus.DECLINED,
                                             BindingStatus.REVOKED},
                   BindingStatus.ACTIVE: {BindingStatus.REVOKED, BindingStatus.EXPIRED}}
        for binding in (await s.scalars(select(Binding))).all():
            before = run.bindings.get(binding.id)
            if before is None and binding.status is not BindingStatus.REQUESTED:
                problems.append(f"binding {binding.id} began as {binding.status}")
            elif before is not None and binding.status is not before and \
                    binding.status not in allowed.get(before, set()):
                problems.append(f"binding {binding.id}: {before} → {binding.status}")
            run.bindings[binding.id] = binding.status
            scope = set((await s.scalars(select(BindingScope.category_id).where(
                BindingScope.binding_id == binding.id))).all())
            certified = set((await s.scalars(select(Certification.category_id).where(
                Certification.provider_id == binding.provider_id))).all())
            if not scope or not scope <= certified:
                problems.append(f"binding {binding.id}: scope {scope} outside {certified}")
        for evaluation in (await s.scalars(select(Evaluation))).all():
            binding = await s.get(Binding, evaluation.binding_id)
            scores = (evaluation.quality, evaluation.communication, evaluation.timeliness)
            if binding is None or binding.provider_id != evaluation.provider_id or \
                    not all(1 <= x <= 5 for x in scores):
                problems.append(f"evaluation {evaluation.id} does not fit its binding")
        for provider in (await s.scalars(select(Provider))).all():
            standing = sum(x.points for x in (await s.scalars(select(Sanction).where(
                Sanction.provider_id == provider.id, Sanction.overturned_at.is_(None)))).all()
                if x.points_expire_at is not None and x.points_expire_at > now)
            if provider.violation_points != standing:
                problems.append(f"provider {provider.id}: {provider.violation_points} points, "
                                f"sanctions say {standing}")
        pairs = (await s.execute(select(Report.merchant_id, Report.provider_id, func.count())
                                 .where(Report.status == ReportStatus.OPEN)
                                 .group_by(Report.merchant_id, Report.provider_id)
                                 .having(func.count() > 1))).all()
        problems += [f"{n} open reports by merchant {m} on provider {p}" for m, p, n in pairs]
        for cert in (await s.scalars(select(Certification))).all():
            if cert.id in run.seeded_certifications:
                continue
            approved = await s.scalar(select(func.count()).select_from(Application).where(
                Application.provider_id == cert.provider_id,
                Application.category_id == cert.category_id,
                Application.status == ApplicationStatus.APPROVED))
            if not approved:
                problems.append(f"certification {cert.id} without an approved application")
        problems += await _listing_problems(uow)
        problems += await _notice_problems(s)
        problems += await _stored_text_problems(s)
    return problems


async def _notice_problems(s: object) -> list[str]:
    """Every queued row decodes as the event its kind names (so a renderer can word it)."""
    from sqlalchemy.ext.asyncio import AsyncSession

    assert isinstance(s, AsyncSession)
    problems = []
    for kind, params in (await s.execute(select(OutboxMessage.kind, OutboxMessage.params))).all():
        try:
            Notice.from_row(kind, params)
        except NoticeError as error:
            problems.append(str(error))
    return problems


async def _listing_problems(uow: object) -> list[str]:
    from domain.adapters.uow import UnitOfWork

    assert isinstance(uow, UnitOfWork)
    s, problems = uow.session, []
    actor = SYSTEM  # an operator sees what any registered user sees listed
    for category in (await s.scalars(select(Category))).all():
        page = await Search(uow).find(actor, SearchQuery(category=category.code), 0)
        for hit in page.hits:
            provider = await s.get(Provider, hit.provider_id)
            assert provider is not None
            listed_ok = provider.status is ProviderStatus.ACTIVE or (
                provider.status is ProviderStatus.SUSPENDED and provider.suspended_until
                is not None and provider.suspended_until <= uow.now())
            certified = await s.scalar(select(func.count()).select_from(Certification).where(
                Certification.provider_id == provider.id,
                Certification.category_id == category.id,
                Certification.revoked_at.is_(None), Certification.expires_at > uow.now()))
            if not listed_ok or not certified:
                problems.append(f"{provider.company_name!r} ({provider.status}) listed in "
                                f"{category.code}")
    return problems


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


async def _stored_text_problems(s: object) -> list[str]:
    from sqlalchemy.ext.asyncio import AsyncSession

    assert isinstance(s, AsyncSession)
    texts = [*(await s.scalars(select(Merchant.shop_name))).all(),
             *(await s.scalars(select(Provider.company_name))).all(),
             *(await s.scalars(select(Provider.description))).all(),
             *(await s.scalars(select(Evaluation.comment))).all(),
             *(await s.scalars(select(Report.description))).all()]
    return [f"stored text with control characters: {t!r}" for t in texts if CONTROL.search(t)]


def _observe(run: Run, user: str, reply: Reply) -> None:
    run.replies.append((user, reply))
    run.seen += [b.payload for row in reply.buttons for b in row if b.payload]


def _reply_problems(run: Run) -> list[str]:
    problems = []
    for user, reply in run.replies:
        if any(word in reply.text for word in INTERNAL):
            problems.append(f"internal error shown to {user}")
        for check in REPLY_CHECKS:
            error = check(reply)
            if error is not None:
                problems.append(f"reply to {user} refused: {error}")
    run.replies.clear()
    return problems


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(steps=st.lists(_steps(), min_size=1, max_size=STEPS))
async def test_generated_input_never_breaks_the_bot_or_the_market(
        app: App, folder: Path, errors: Errors, steps: list[Step]) -> None:
    run = Run(Console(app), folder)
    run.console.observer = lambda user, reply: _observe(run, user, reply)
    errors.records.clear()
    await reset_and_seed(app, run)
    assert await market_problems(app, run) == []
    for number, step in enumerate(steps, 1):
        await run.play(step)
        where = f"after step {number} {step}"
        assert _reply_problems(run) == [], where
        assert [r.getMessage() for r in errors.records] == [], where
        assert await market_problems(app, run) == [], where

