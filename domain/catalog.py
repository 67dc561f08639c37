"""The category catalog: read config/categories.toml and sync it into the database."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from .adapters.uow import UnitOfWork
from .config_file import ConfigError, display_name, read_toml, validated
from .models import Category


class CategorySpec(BaseModel):
    """One `[[category]]` table; a misspelt key or a wrong type is refused at start-up."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(min_length=1)
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    keywords: tuple[str, ...] = ()
    min_gmv_usd: int = Field(default=0, ge=0)
    min_merchants: int = Field(default=0, ge=0)
    documents: tuple[str, ...] = ()
    parent: str | None = None


def read_catalog(path: Path) -> list[CategorySpec]:
    """The categories in file order; an error names the category by its place (#1 first)."""
    name = display_name(path)
    data = read_toml(path, name, required=True)  # no file would retire every category
    unknown = sorted(data.keys() - {"category"})
    if unknown:
        raise ConfigError(f"{name}: {unknown[0]}: unknown key")
    entries = data.get("category", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{name}: category: expects [[category]] tables")
    specs, seen = [], set()
    for index, raw in enumerate(entries, 1):
        spec = validated(CategorySpec, raw, f"{name}: category #{index}")
        if spec.code in seen:
            raise ConfigError(f"{name}: category code {spec.code!r} appears twice")
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
