"""Importing plan documents: match the names a document uses to units, store the plan.

``extraction`` (pure) turns a file into plan-schema JSON; this package turns that JSON
into rows: :func:`service.import_plan` is the only writer.
"""
