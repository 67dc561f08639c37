"""The composition root: the only place that knows every concrete part."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.adapters.db import create_engine, is_sqlite, session_factory
from domain.adapters.search_index import on_listing_changed
from domain.adapters.uow import Environment, Handlers, MarketSession, UnitOfWork
from domain.catalog import read_catalog, sync_catalog
from domain.events import ListingChanged
from domain.models import utcnow
from domain.ranking_config import RankingConfig, load_ranking_config
from domain.rules import load_rules
from handlers.engine.context import Links
from handlers.engine.dispatch import Dispatcher
from handlers.engine.i18n import Translator, load_catalogs
from handlers.engine.registry import build_router
from handlers.engine.turns import Turns

from .migrate import startup_lock, upgrade_on
from .outage import Outage
from .settings import Settings

log = logging.getLogger(__name__)
# What each domain event sets off, before the commit and in the same transaction.
HANDLERS: Handlers = {ListingChanged: (on_listing_changed,)}


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    env: Environment
    dispatcher: Dispatcher
    ranking: RankingConfig = RankingConfig()
    outage: Outage = field(default_factory=Outage)  # one for every front end and worker
    turns: Turns = field(init=False)  # how every front end hands an update to the core

    def __post_init__(self) -> None:
        self.turns = Turns(self.dispatcher, self.engine)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.env)

    async def close(self) -> None:
        await self.turns.close()
        await self.engine.dispose()


async def build_app(settings: Settings, *, clock: Callable[[], datetime] = utcnow,
                    migrate: bool = True, links: Links | None = None,
                    engine_options: dict[str, Any] | None = None,
                    name: str = "smbot") -> App:
    """Engine, schema, catalog, rules and the dispatcher, from settings alone.

    `engine_options` reach create_async_engine (tests pin PostgreSQL's search_path). `name`
    is the PostgreSQL application_name of its connections ("smbot run", "smbot demo"…): who
    holds a lock or a transaction shows in pg_stat_activity.
    """
    # The config files first: a wrong value stops start-up before the database is touched.
    rules = load_rules(settings.config_dir / "rules.toml",
                       max_file_bytes=settings.max_file_mb * 1024 * 1024,
                       binding_reminder_days=settings.binding_reminder_days)
    categories = read_catalog(settings.config_dir / "categories.toml")
    settings.storage_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(settings.database_url, **_pool(settings, engine_options or {}, name))
    env = Environment(sessions=session_factory(engine, MarketSession), rules=rules,
                      storage_dir=settings.storage_dir, handlers=HANDLERS, clock=clock,
                      dialect=engine.dialect.name)
    # Workers starting together: one migrates and writes the catalog, the others wait.
    async with startup_lock(engine, settings.lock_key) as connection:
        if migrate:
            await upgrade_on(connection)
        async with UnitOfWork(env) as uow:
            await sync_catalog(uow, categories)
            await uow.commit()
    dispatcher = Dispatcher(env=env, router=build_router(),
                            translator=Translator(load_catalogs()),
                            operators=settings.operator_ids, links=links or Links())
    return App(settings=settings, engine=engine, env=env, dispatcher=dispatcher,
               ranking=load_ranking_config(settings.config_dir / "ranking.toml"))


def one_line(error: BaseException) -> str:
    """An exception as one short line for a start-up message (no traceback, no newlines)."""
    text = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _pool(settings: Settings, options: dict[str, Any], name: str) -> dict[str, Any]:
    """PostgreSQL keeps SMBOT_DB_POOL_SIZE connections (a burst may open half as many again),
    named `name` unless the caller's server settings name them. SQLite keeps SQLAlchemy's own
    pool: it has one writer at a time whatever the pool."""
    if is_sqlite(settings.database_url):
        return options
    connect_args = dict(options.get("connect_args") or {})
    server = {"application_name": name[:63], **(connect_args.get("server_settings") or {})}
    return {"pool_size": settings.db_pool_size, "max_overflow": settings.db_pool_size // 2,
            **options, "connect_args": {**connect_args, "server_settings": server}}
