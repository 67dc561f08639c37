"""The Alembic history builds exactly the models: `alembic check` finds no difference."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from bot.app import App
from domain.models import Base


def _diff(connection: Connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_migrations_match_the_models(app: App) -> None:
    async with app.engine.connect() as connection:
        assert await connection.run_sync(_diff) == []
