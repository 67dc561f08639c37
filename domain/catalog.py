"""The category catalog: read config/categories.toml and sync it into the database."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from .adapters.uow import UnitOfWork
from .models import Category


@dataclass(frozen=True)
class CategorySpec:
    code: str
    en: str
    zh: str
    keywords: tuple[str, ...]
    min_gmv_usd: int
    min_merchants: int
    documents: tuple[str, ...]
    parent: str | None = None


class CatalogError(Exception):
    """The catalog file is malformed; the message names the entry and the field."""


def read_catalog(path: Path) -> list[CategorySpec]:
    try:
        entries = tomllib.loads(path.read_text("utf-8")).get("category", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{path}: {exc}") from exc
    specs, seen = [], set()
    for index, raw in enumerate(entries, 1):
        try:
            spec = CategorySpec(
                code=str(raw["code"]), en=str(raw["en"]), zh=str(raw["zh"]),
                keywords=tuple(raw.get("keywords", ())),
                min_gmv_usd=int(raw.get("min_gmv_usd", 0)),
                min_merchants=int(raw.get("min_merchants", 0)),
                documents=tuple(raw.get("documents", ())), parent=raw.get("parent"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CatalogError(f"{path}: category #{index}: missing or bad {exc}") from exc
        if spec.code in seen:
            raise CatalogError(f"{path}: category code {spec.code!r} appears twice")
        seen.add(spec.code)
        specs.append(spec)
    return specs


async def sync_catalog(uow: UnitOfWork, specs: list[CategorySpec]) -> None:
    """Upsert by code; a code no longer in the file is retired, never deleted (history)."""
    existing = {c.code: c for c in (await uow.session.scalars(select(Category))).all()}
    for position, spec in enumerate(specs):
        row = existing.pop(spec.code, None) or Category(code=spec.code)
        row.name_en, row.name_zh, row.keywords = spec.en, spec.zh, list(spec.keywords)
        row.min_gmv_usd, row.min_merchants = spec.min_gmv_usd, spec.min_merchants
        row.required_documents, row.position, row.retired = list(spec.documents), position, False
        uow.session.add(row)
    for row in existing.values():
        row.retired = True
    await uow.session.flush()
    by_code = {c.code: c for c in (await uow.session.scalars(select(Category))).all()}
    for spec in specs:
        by_code[spec.code].parent_id = by_code[spec.parent].id if spec.parent in by_code else None
