"""Row history for case records: PostgreSQL triggers catch every insert, update and delete,
including QuerySet.update(), bulk operations and raw SQL. Event tables are append-only."""

import pghistory


def track():
    """Decorator for a case-record model: `@history.track()`."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
