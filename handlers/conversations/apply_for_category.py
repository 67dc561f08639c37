"""/apply: a provider applies for certification in a category, step by step.

Pick a category (its requirements are shown), GMV of the last 12 months, merchants
served, the documents as files, an optional note, confirm. The service checks the
thresholds and decides at once whether the application waits for an operator.
"""

from __future__ import annotations

from collections.abc import Callable

from domain import markup
from domain.models import ApplicationStatus, Role
from domain.services import applications as a

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, FileUpload, Reply, rows
from ..engine.router import Replies, Router, Step
from . import application_text as txt


async def start(ctx: Context) -> Replies:
    return await ctx.enter("apply.category")


async def ask_category(ctx: Context) -> Replies:
    categories = await ctx.use(a.Applications).categories(ctx.actor)
    options = [(c.code, txt.category_name(ctx.t, c)) for c in categories]
    return w.ask(ctx, "apply.ask_category", w.pick_buttons(options, "apply:cat", 2))


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "cat":
        ctx.expect("apply.category")
        return await pick_category(ctx, arg)
    if action == "renew":  # from a renewal reminder: the same form, for that category
        ctx.clear()
        return await pick_category(ctx, arg)
    if action == "other":
        ctx.expect("apply.gmv", "apply.merchants")
        return await ctx.enter("apply.category")
    if action == "done":
        ctx.expect("apply.docs")
        return await documents_done(ctx)
    if action == "skip":
        ctx.expect("apply.note")
        return await ctx.enter("apply.confirm", note="")
    if action in ("yes", "no"):
        stamped.check(ctx, arg, ctx.state.data.get("cat"), "apply.confirm")
        return await submit(ctx) if action == "yes" else _cancel(ctx)
    raise StaleButton()


async def pick_category(ctx: Context, code: str) -> Replies:
    category = await ctx.use(a.Applications).category(ctx.actor, code)
    ctx.goto("apply.gmv", cat=code, need=len(category.required_documents),
             docs=list(category.required_documents), files=[])
    return [Reply(txt.requirements(ctx.t, category)), *await ctx.enter("apply.gmv")]


async def take_gmv(ctx: Context, text: str) -> Replies:
    gmv = a.check_gmv(text)
    return await _below(ctx, "min_gmv_usd", gmv, txt.usd) or \
        await ctx.enter("apply.merchants", gmv=gmv)


async def take_merchants(ctx: Context, text: str) -> Replies:
    served = a.check_merchants(text)
    return await _below(ctx, "min_merchants", served, str) or \
        await ctx.enter("apply.docs", merchants=served)


async def _below(ctx: Context, threshold: str, claimed: int, show: Callable[[int], str]
                 ) -> Replies:
    """Below the category's minimum: say so now (nothing uploaded in vain), stay on the
    step for a corrected figure, and offer another category."""
    code = ctx.state.data["cat"]
    minimum = await ctx.use(a.Applications).below(ctx.actor, code, threshold, claimed)
    if minimum is None:
        return None
    category = await ctx.use(a.Applications).category(ctx.actor, code)
    return Reply(ctx.t(f"apply.early_{threshold}", claimed=show(claimed), minimum=show(minimum),
                       category=txt.category_name(ctx.t, category)),
                 rows([Button(ctx.t("apply.other_category"), "apply:other")]))


def _file_list(ctx: Context) -> str:
    files = ctx.state.data.get("files", [])
    return markup.join("\n", [f"{i}. {f['name']}" for i, f in enumerate(files, 1)])


async def ask_documents(ctx: Context) -> Replies:
    d = ctx.state.data
    count, need = len(d.get("files", [])), int(d.get("need", 0))
    text = ctx.t("apply.ask_documents", documents=txt.documents(ctx.t, d.get("docs", [])),
                 need=need, count=count)
    if count:
        text += "\n\n" + ctx.t("apply.documents_so_far", count=count) + "\n" + _file_list(ctx)
    done = rows([Button(ctx.t("common.done"), "apply:done")]) if count >= need else ()
    return Reply(text, done)


async def take_document(ctx: Context) -> Replies:
    upload: FileUpload = ctx.incoming.file  # type: ignore[assignment]
    files = list(ctx.state.data.get("files", []))
    stored = await ctx.use(a.Applications).upload(
        ctx.actor, a.Upload(upload.name, upload.mime_type, upload.size, upload.fetch),
        already=[f["id"] for f in files])
    files.append({"id": stored.id, "name": stored.name})
    ctx.state.data["files"] = files
    return [Reply(ctx.t("apply.received", name=stored.name)), *await ctx.reprompt()]


async def text_instead_of_files(ctx: Context, text: str) -> Replies:
    """Text here is a numbered answer to Done (WeChat, console) or a mistake."""
    if text == "1" and ctx.state.options[:1] == ["apply:done"]:
        return await documents_done(ctx)
    return [Reply(ctx.t("apply.send_files")), *await ctx.reprompt()]


async def documents_done(ctx: Context) -> Replies:
    d = ctx.state.data
    if len(d.get("files", [])) < int(d.get("need", 0)):
        return await ctx.reprompt()
    return await ctx.enter("apply.note")


async def ask_note(ctx: Context) -> Replies:
    return w.ask(ctx, "apply.ask_note", rows([Button(ctx.t("apply.skip"), "apply:skip")]))


async def take_note(ctx: Context, text: str) -> Replies:
    return await ctx.enter("apply.confirm", note=a.check_note(text))


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    category = await ctx.use(a.Applications).category(ctx.actor, d["cat"])
    return w.ask(ctx, "apply.ask_confirm", stamped.confirm_buttons(ctx, "apply", d["cat"]),
                 category=txt.category_name(ctx.t, category), gmv=txt.usd(d["gmv"]),
                 merchants=d["merchants"], files=_file_list(ctx), note=d.get("note") or "—")


async def submit(ctx: Context) -> Replies:
    d = ctx.state.data
    application, category = await ctx.use(a.Applications).submit(ctx.actor, a.ApplicationForm(
        category_code=d["cat"], gmv_usd=d["gmv"], merchants_served=d["merchants"],
        file_ids=[f["id"] for f in d.get("files", [])], note=d.get("note", "")))
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
    router.button("apply", on_press)
    router.step(Step("apply.category", ask_category))
    router.step(Step("apply.gmv", lambda ctx: _ask(ctx, "apply.ask_gmv"), text=take_gmv))
    router.step(Step("apply.merchants", lambda ctx: _ask(ctx, "apply.ask_merchants"),
                     text=take_merchants))
    router.step(Step("apply.docs", ask_documents, text=text_instead_of_files,
                     file=take_document))
    router.step(Step("apply.note", ask_note, text=take_note))
    router.step(Step("apply.confirm", ask_confirm))


async def _ask(ctx: Context, key: str) -> Replies:
    return w.ask(ctx, key)
