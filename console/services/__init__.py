"""Use cases: the only door from the UI to the store.

Each write is one transaction that checks the actor, writes an audit entry and appends to
the change feed before it commits. Everything returned is plain frozen data, never ORM
objects, so results may cross threads.
"""
