"""Pure rules of the domain, with no Django: periods, deadlines, numbers, text, statuses, scores.

Everything here is deterministic in its arguments (``today`` is always passed in), so it is
tested without a database (``tests/unit/domain``).
"""
