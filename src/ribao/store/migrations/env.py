"""Alembic environment: runs on the connection ``store.db.migrate`` hands in, inside the one
transaction (and lock) it opened, so an interrupted upgrade leaves the schema as it was."""
from alembic import context

from ribao.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from ribao.store.db import make_engine   # the ``alembic`` command line: ribao's transactional engine

    with make_engine(config.get_main_option("sqlalchemy.url")).begin() as conn:
        _run(conn)


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
