"""``theodoi units``: print the unit tree with slugs."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from theodoi.tenancy.models import Unit
from theodoi.tenancy.tree import in_tree_order


class Command(BaseCommand):
    help = "In cây đơn vị với mã định danh (slug); --json để in dạng JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="in JSON (danh sách lồng nhau)")
        parser.add_argument("--all", action="store_true", help="kể cả đơn vị đã giải thể/sáp nhập")
        parser.add_argument("--under", metavar="SLUG", help="chỉ in nhánh dưới đơn vị này")

    def handle(self, *args, **options) -> None:
        units = Unit.objects.all().prefetch_related("codes", "successors")
        if options["under"]:
            root = Unit.objects.filter(slug=options["under"]).first()
            if root is None:
                from django.core.management.base import CommandError

                raise CommandError(f"Không có đơn vị '{options['under']}'.")
            units = units.filter(path__startswith=root.path)
        if not options["all"]:
            units = units.filter(valid_to__isnull=True)
        rows = in_tree_order(list(units))
        if options["json"]:
            self.stdout.write(json.dumps(_tree(rows), ensure_ascii=False, indent=2))
            return
        top = min((u.depth for u in rows), default=0)
        for u in rows:
            codes = ",".join(c.code for c in u.codes.all() if c.valid_to is None)
            gone = f"  [đến {u.valid_to:%d/%m/%Y}]" if u.valid_to else ""
            extra = f"  ({codes})" if codes else ""
            self.stdout.write(f"{'  ' * (u.depth - top)}{u.slug}  {u.name}{extra}{gone}")


def _tree(rows: list[Unit]) -> list[dict]:
    nodes: dict[int, dict[str, Any]] = {}
    roots: list[dict] = []
    for u in rows:
        node = {
            "slug": u.slug, "name": u.name, "short_name": u.short_name, "kind": u.kind,
            "codes": [{"code": c.code, "from": c.valid_from and c.valid_from.isoformat()} for c in u.codes.all()],
            "valid_from": u.valid_from and u.valid_from.isoformat(),
            "valid_to": u.valid_to and u.valid_to.isoformat(),
            "successors": [s.slug for s in u.successors.all()],
            "children": [],
        }
        nodes[u.pk] = node
        parent = nodes.get(u.parent_id) if u.parent_id else None
        (parent["children"] if parent else roots).append(node)
    return roots
