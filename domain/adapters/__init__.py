"""Adapters the services run on: the database, the unit of work, the search index and its SQL."""
