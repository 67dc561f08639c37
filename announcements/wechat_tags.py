"""WeChat language tags: mass sends go per tag, so each follower is in its language's tag.

`language_tags` finds or creates the tags (`smbot-en`, `smbot-zh`); `tag_followers` puts
every active WeChat follower in the tag of their language (`tags/members/batchtagging`, at
most 50 OpenIDs a call; tagging twice is harmless). Both talk through `post(method,
payload)`, the same small callable as the mass sender; an empty payload means a GET.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from domain.adapters.uow import Environment, UnitOfWork
from domain.models import Account, Subscription

from .wechat_sender import MassSender, Post

NAMES = {"en": "smbot-en", "zh": "smbot-zh"}
BATCH = 50  # WeChat's limit of OpenIDs per batchtagging call


def language_of(code: str | None) -> str:
    return "zh" if (code or "").startswith("zh") else "en"


async def language_tags(post: Post) -> dict[str, int]:
    """The tag id of each language, creating the tags the account does not have yet."""
    known = {t["name"]: int(t["id"]) for t in (await post("tags/get", {})).get("tags", [])}
    for name in NAMES.values():
        if name not in known:
            answer = await post("tags/create", {"tag": {"name": name}})
            known[name] = int(answer["tag"]["id"])
    return {lang: known[name] for lang, name in NAMES.items()}


async def tag_followers(env: Environment, post: Post, tags: dict[str, int]) -> int:
    """Tag every active WeChat follower by language; returns how many were tagged."""
    async with UnitOfWork(env) as uow:
        rows = (await uow.session.execute(
            select(Account.platform_id, Account.language)
            .join(Subscription, Subscription.account_id == Account.id)
            .where(Account.platform == "wechat", Subscription.active.is_(True)))).all()
    by_lang: dict[str, list[str]] = defaultdict(list)
    for openid, language in rows:
        by_lang[language_of(language)].append(openid)
    for lang, openids in by_lang.items():
        for i in range(0, len(openids), BATCH):
            await post("tags/members/batchtagging",
                       {"openid_list": openids[i:i + BATCH], "tagid": tags[lang]})
    return len(rows)


async def mass_send_round(env: Environment, post: Post) -> int:
    """One round of the WeChat mass sends: when one is due, make sure the language tags exist
    and hold every follower, then send. Returns how many mass sends were handled."""
    sender = MassSender(env, post, {})
    if not await sender.due():
        return 0
    sender.tags = await language_tags(post)
    await tag_followers(env, post, sender.tags)
    return await sender.send_due()
