"""/apply: a provider applies for certification in a category, step by step.

Pick a category (its requirements are shown), GMV of the last 12 months, merchants
served, the documents as files, an optional note, confirm. The service checks the
thresholds and decides at once whether the application waits for an operator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain import markup
from domain.models import ApplicationStatus, Role
from domain.services import applications as a

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Reply, rows
from ..engine.presses import Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from . import application_text as txt


class ApplyStep(Steps, prefix="apply"):
    category = step()
    gmv = step()
    merchants = step()
    docs = step()
    note = step()
    confirm = step()


@dataclass
class Document:
    """A file uploaded for the application: its stored id and the name it was sent with."""

    id: int
    name: str


@dataclass
class ApplyForm:
    cat: str = ""  # the category's code
    need: int = 0  # how many documents the category requires
    docs: list[str] = field(default_factory=list)  # the required documents, by name
    files: list[Document] = field(default_factory=list)
    gmv: int = 0
    merchants: int = 0
    note: str = ""


class ApplyPress(Press, prefix="apply"):
    """The buttons of an application."""


@dataclass(frozen=True)
class PickCategory(ApplyPress, tag="cat"):
    code: str


@dataclass(frozen=True)
class Renew(ApplyPress, tag="renew"):
    """From a renewal reminder: the same form, for that category."""

    code: str


@dataclass(frozen=True)
class OtherCategory(ApplyPress, tag="other"):
    pass


@dataclass(frozen=True)
class Done(ApplyPress, tag="done"):
    pass


@dataclass(frozen=True)
class Skip(ApplyPress, tag="skip"):
    pass


@dataclass(frozen=True)
class Confirm(ApplyPress, tag="yes"):
    object_id: str  # the category's code
    nonce: str


@dataclass(frozen=True)
class Cancel(ApplyPress, tag="no"):
    object_id: str
    nonce: str


async def start(ctx: Context) -> Replies:
    return await ctx.start(ApplyForm(), ApplyStep.category)


async def ask_category(ctx: Context) -> Replies:
    categories = await ctx.use(a.Applications).categories(ctx.actor)
    options = [(c.code, txt.category_name(ctx.t, c)) for c in categories]
    return w.ask(ctx, "apply.ask_category", w.picks(options, PickCategory, 2))


async def on_press(ctx: Context, press: ApplyPress) -> Replies:
    if isinstance(press, PickCategory):
        ctx.expect(ApplyStep.category)
        return await pick_category(ctx, press.code)
    if isinstance(press, Renew):
        ctx.clear()
        return await pick_category(ctx, press.code)
    if isinstance(press, OtherCategory):
        ctx.expect(ApplyStep.gmv, ApplyStep.merchants)
        return await ctx.enter(ApplyStep.category)
    if isinstance(press, Done):
        ctx.expect(ApplyStep.docs)
        return await documents_done(ctx)
    if isinstance(press, Skip):
        ctx.expect(ApplyStep.note)
        ctx.form(ApplyForm).note = ""
        return await ctx.enter(ApplyStep.confirm)
    assert isinstance(press, Confirm | Cancel)
    stamped.verify(ctx, press, ctx.form(ApplyForm).cat, ApplyStep.confirm)
    return await submit(ctx) if isinstance(press, Confirm) else _cancel(ctx)


async def pick_category(ctx: Context, code: str) -> Replies:
    category = await ctx.use(a.Applications).category(ctx.actor, code)
    form = ctx.form(ApplyForm)
    form.cat, form.need = code, len(category.required_documents)
    form.docs, form.files = list(category.required_documents), []
    return [Reply(txt.requirements(ctx.t, category)), *await ctx.enter(ApplyStep.gmv)]


async def take_gmv(ctx: Context, text: str) -> Replies:
    gmv = a.check_gmv(text)
    if below := await _below(ctx, "min_gmv_usd", gmv, txt.usd):
        return below
    ctx.form(ApplyForm).gmv = gmv
    return await ctx.enter(ApplyStep.merchants)


async def take_merchants(ctx: Context, text: str) -> Replies:
    served = a.check_merchants(text)
    if below := await _below(ctx, "min_merchants", served, str):
        return below
    ctx.form(ApplyForm).merchants = served
    return await ctx.enter(ApplyStep.docs)


async def _below(ctx: Context, threshold: str, claimed: int, show: Callable[[int], str]
                 ) -> Reply | None:
    """Below the category's minimum: say so now (nothing uploaded in vain), stay on the
    step for a corrected figure, and offer another category."""
    code = ctx.form(ApplyForm).cat
    minimum = await ctx.use(a.Applications).below(ctx.actor, code, threshold, claimed)
    if minimum is None:
        return None
    category = await ctx.use(a.Applications).category(ctx.actor, code)
    return Reply(ctx.t(f"apply.early_{threshold}", claimed=show(claimed), minimum=show(minimum),
                       category=txt.category_name(ctx.t, category)),
                 rows([OtherCategory().button(ctx.t("apply.other_category"))]))


def _file_list(ctx: Context) -> str:
    files = ctx.form(ApplyForm).files
    return markup.join("\n", [f"{i}. {f.name}" for i, f in enumerate(files, 1)])


async def ask_documents(ctx: Context) -> Replies:
    form = ctx.form(ApplyForm)
    count, need = len(form.files), form.need
    text = ctx.t("apply.ask_documents", documents=txt.documents(ctx.t, form.docs),
                 need=need, count=count)
    if count:
        text += "\n\n" + ctx.t("apply.documents_so_far", count=count) + "\n" + _file_list(ctx)
    done = rows([Done().button(ctx.t("common.done"))]) if count >= need else ()
    return Reply(text, done)


async def take_document(ctx: Context) -> Replies:
    upload = ctx.incoming.file
    if upload is None:  # the step's file handler: the router sends it uploads only
        raise StaleButton()
    form = ctx.form(ApplyForm)
    stored = await ctx.use(a.Applications).upload(
        ctx.actor, a.Upload(upload.name, upload.mime_type, upload.size, upload.fetch),
        already=[f.id for f in form.files])
    form.files = [*form.files, Document(stored.id, stored.name)]
    return [Reply(ctx.t("apply.received", name=stored.name)), *await ctx.reprompt()]


async def text_instead_of_files(ctx: Context, text: str) -> Replies:
    """Text here is a numbered answer to Done (WeChat, console) or a mistake."""
    if text == "1" and ctx.state.options[:1] == [Done().pack()]:
        return await documents_done(ctx)
    return [Reply(ctx.t("apply.send_files")), *await ctx.reprompt()]


async def documents_done(ctx: Context) -> Replies:
    form = ctx.form(ApplyForm)
    if len(form.files) < form.need:
        return await ctx.reprompt()
    return await ctx.enter(ApplyStep.note)


async def ask_note(ctx: Context) -> Replies:
    return w.ask(ctx, "apply.ask_note", rows([Skip().button(ctx.t("apply.skip"))]))


async def take_note(ctx: Context, text: str) -> Replies:
    ctx.form(ApplyForm).note = a.check_note(text)
    return await ctx.enter(ApplyStep.confirm)


async def ask_confirm(ctx: Context) -> Replies:
    form = ctx.form(ApplyForm)
    category = await ctx.use(a.Applications).category(ctx.actor, form.cat)
    return w.ask(ctx, "apply.ask_confirm", stamped.confirm_row(ctx, Confirm, Cancel, form.cat),
                 category=txt.category_name(ctx.t, category), gmv=txt.usd(form.gmv),
                 merchants=form.merchants, files=_file_list(ctx), note=form.note or "—")


async def submit(ctx: Context) -> Replies:
    form = ctx.form(ApplyForm)
    application, category = await ctx.use(a.Applications).submit(ctx.actor, a.ApplicationForm(
        category_code=form.cat, gmv_usd=form.gmv, merchants_served=form.merchants,
        file_ids=[f.id for f in form.files], note=form.note))
    ctx.clear()
    name, num = txt.category_name(ctx.t, category), a.number(application.id)
    if application.status is ApplicationStatus.AUTO_REJECTED:
        return Reply(ctx.t("apply.auto_rejected", number=num, category=name,
                           why=txt.missed(ctx.t, application)))
    return Reply(ctx.t("apply.submitted", number=num, category=name))


def _cancel(ctx: Context) -> Replies:
    ctx.clear()
    return Reply(ctx.t("cancel.done"))


def register(router: Router) -> None:
    router.command("apply", start, help_key="help.cmd.apply", roles=frozenset({Role.PROVIDER}))
    router.press(ApplyPress, on_press)
    router.step(Step(ApplyStep.category, ask_category))
    router.step(Step(ApplyStep.gmv, lambda ctx: _ask(ctx, "apply.ask_gmv"), text=take_gmv))
    router.step(Step(ApplyStep.merchants, lambda ctx: _ask(ctx, "apply.ask_merchants"),
                     text=take_merchants))
    router.step(Step(ApplyStep.docs, ask_documents, text=text_instead_of_files,
                     file=take_document))
    router.step(Step(ApplyStep.note, ask_note, text=take_note))
    router.step(Step(ApplyStep.confirm, ask_confirm))


async def _ask(ctx: Context, key: str) -> Replies:
    return w.ask(ctx, key)
