"""Diacritic-insensitive search that works the same on SQLite and PostgreSQL.

The query and the searched columns are folded with ``domain.text.fold`` in Python
("chuyen doi so" finds "chuyển đổi số"). Only the searched columns of the
already permission-restricted queryset are read (one small query), so the cost
is bounded by what the user may see; the matching ids then filter the queryset.
"""

from __future__ import annotations

from django.db.models import QuerySet

from theodoi.domain.text import fold


def tokens(query: str) -> list[str]:
    return [t for t in fold(query or "").split() if t]


def matches(query: str, *texts: str | None) -> bool:
    """Every word of ``query`` occurs in one of ``texts`` (folded)."""
    words = tokens(query)
    hay = fold(" ".join(t or "" for t in texts))
    return all(w in hay for w in words)


def search(qs: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """``qs`` narrowed to rows whose ``fields`` contain every word of ``query``."""
    words = tokens(query)
    if not words:
        return qs
    ids = [
        pk for pk, *texts in qs.values_list("pk", *fields)
        if all(w in fold(" ".join(str(t or "") for t in texts)) for w in words)
    ]
    return qs.filter(pk__in=ids)
