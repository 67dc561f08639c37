"""Chat state sits behind the engine's conversation store, on the update's unit of work."""

import ast
import asyncio
from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from domain.models import Account, ProcessedUpdate
from handlers.engine.contract import Command, Incoming
from handlers.engine.conversation_store import SqlConversationStore, State
from tests.transcript import Transcript

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / "handlers" / "engine" / "conversation_store.py"


async def test_state_commits_with_the_dedupe_key_or_not_at_all(app: App) -> None:
    async with app.unit_of_work() as uow:
        store = SqlConversationStore(uow)
        assert await store.claim("console:1")
        account, state = await store.enter("console", "zoe", "Zoe", "en")
        state.step, state.options = "bind.scope", ["a:1"]
        await store.save(account.id, state)
        # Leaving without commit: neither the key nor the state survives.
    async with app.unit_of_work() as uow:
        store = SqlConversationStore(uow)
        assert await store.claim("console:1")
        account, state = await store.enter("console", "zoe", "Zoe", "en")
        assert state == State()
        state.step = "bind.scope"
        await store.save(account.id, state)
        await uow.commit()
    async with app.unit_of_work() as uow:
        store = SqlConversationStore(uow)
        assert not await store.claim("console:1")
        assert await store.step_of("console", "zoe") == "bind.scope"


async def test_a_working_copy_edited_in_place_leaves_the_stored_state_alone(
        app: App) -> None:
    async with app.unit_of_work() as uow:
        store = SqlConversationStore(uow)
        account, state = await store.enter("console", "zoe", "Zoe", "en")
        state.data["form"] = {"answers": [1]}
        await store.save(account.id, state)
        await uow.commit()
    async with app.unit_of_work() as uow:
        store = SqlConversationStore(uow)
        _, state = await store.enter("console", "zoe", "Zoe", "en")
        state.data["form"]["answers"].append(2)  # not saved
        assert await store.peek(account.id) == State(data={"form": {"answers": [1]}})


async def test_a_conversation_still_keeps_its_step_through_the_store(chat: Transcript,
                                                                     app: App) -> None:
    await chat.say("alice", "/start")
    async with app.unit_of_work() as uow:
        assert await SqlConversationStore(uow).step_of("console", "alice") is not None


def test_only_the_store_touches_the_conversations_table() -> None:
    users = []
    for package in ("bot", "handlers", "domain", "announcements", "demo"):
        for path in (ROOT / package).rglob("*.py"):
            if path == STORE or path.parent.name == "models":
                continue
            tree = ast.parse(path.read_text("utf-8"))
            if any(isinstance(node, ast.Name) and node.id == "Conversation"
                   for node in ast.walk(tree)):
                users.append(str(path.relative_to(ROOT)))
    assert users == []


async def test_a_new_users_first_updates_arriving_together_each_get_an_answer(app: App) -> None:
    """Two workers (here: concurrent transactions) creating one new account must not fail:
    on PostgreSQL the second waits for the first and reads its account."""
    def update(n: int) -> Incoming:
        return Incoming(platform="console", user_id="newcomer", display_name="New", language="en",
                        dedupe_key=f"race-{n}", command=Command("help"))

    said = await asyncio.gather(*(app.dispatcher.handle(update(n)) for n in range(6)))
    texts = [r.text for replies in said for r in replies]
    assert len(said) == 6 and all(replies for replies in said)
    assert not any("Something went wrong" in t for t in texts)
    async with app.unit_of_work() as uow:
        accounts = await uow.session.scalar(select(func.count()).select_from(Account).where(
            Account.platform_id == "newcomer"))
        keys = await uow.session.scalar(select(func.count()).select_from(ProcessedUpdate).where(
            ProcessedUpdate.key.like("console:race-%")))
    assert (accounts, keys) == (1, 6)


async def test_an_update_that_waited_for_the_users_row_sees_the_account_as_left_then(
        app: App) -> None:
    """PostgreSQL: the update before changed the account (a language here, a role after
    registering) and committed while this one waited for the user's row: this one must read
    the account as committed, not as it was when its statement began."""
    async with app.unit_of_work() as uow:
        store = SqlConversationStore(uow)
        await store.arrive("console:a", "console", "zoe", "Zoe", "en")
        await uow.commit()
    first = app.unit_of_work()
    await first.__aenter__()
    try:
        account, _ = await SqlConversationStore(first).arrive("console:b", "console", "zoe",
                                                              "Zoe", "en")
        account.language = "zh"
        await first.session.flush()

        async def second() -> str | None:
            async with app.unit_of_work() as uow:
                arrived = await SqlConversationStore(uow).arrive("console:c", "console", "zoe",
                                                                 "Zoe", None)
                assert arrived is not None
                return arrived[0].language

        waiting = asyncio.create_task(second())
        await asyncio.sleep(0.3)  # on PostgreSQL it waits for the row; SQLite: for the lock
        await first.commit()
    finally:
        await first.__aexit__(None, None, None)
    assert await asyncio.wait_for(waiting, 30) == "zh"
