"""Readers for the staff pages. Every query starts from ``tenancy.permissions.restrict``.

The tracking selectors (planning.selectors) own status, obligations, warnings and
completeness; these modules shape permission-filtered rows for list pages and
exports, and add diacritic-insensitive search.
"""
