"""What the import review page posts when the office changes nothing (shared by its tests)."""

from __future__ import annotations


def unchanged_post(context) -> dict:
    """Every form's initial values, as the page's own fields would send them."""
    data = {}
    for f in (context["meta_form"], context["targets"], context["tasks"], context["assignments"],
              context["reporting"], context["picks"]):
        forms = [f] if not hasattr(f, "management_form") else [f.management_form, *f.forms]
        for sub in forms:
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                if value is None or value is False:
                    continue
                data[sub.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data
