"""``theodoi demo``: the national layer, a real Lai Châu, the seed plans and their history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from theodoi.demo import accounts, activity, decisions, national, plans, units
from theodoi.planning.models import Document
from theodoi.planning.services import state
from theodoi.storage import analyze
from theodoi.tenancy.models import Unit, UnitKind

MARKER = "03/NQ-CP"


def is_loaded() -> bool:
    return Document.objects.filter(number=MARKER).exists() and Document.objects.filter(
        source_name__endswith=".txt").exists()


def load(today: dt.date | None = None, say: Callable[[str], None] = print,
         reset_passwords: bool = False) -> dict[str, str]:
    """Load everything (idempotent) and return the new passwords to show once."""
    today = today or dt.date.today()
    with transaction.atomic():
        say("Đơn vị: trung ương, 34 tỉnh, thành phố; Lai Châu trước và sau 01/7/2025…")
        tree = units.load_all()
        seed_communes = [tree[slug] for slug in ("xa-bum-nua", "xa-binh-lu", "xa-phong-tho")]
        for unit in Unit.objects.filter(path__startswith=tree["lai-chau"].path, email="").exclude(
                kind=UnitKind.VILLAGE):
            Unit.objects.filter(pk=unit.pk).update(email=f"{unit.slug}@demo.theodoi.local")
        passwords = accounts.ensure_accounts(accounts.plan_accounts(seed_communes), reset=reset_passwords)
    with transaction.atomic():
        from theodoi.reporting.certificates import install_demo_certificates

        say("Chứng thư số thử nghiệm để ký báo cáo (chỉ dùng cho dữ liệu mẫu)…")
        install_demo_certificates(tree["lai-chau"], seed_communes)
    with state.deferred():  # bulk writes: each task's and target's state rebuilt once, at the block's end
        say("Tầng quốc gia: Nghị quyết 57-NQ/TW, 03/NQ-CP (41 chỉ tiêu, 140 nhiệm vụ)…")
        national.load(tree)
    say("Năm kế hoạch mẫu của Lai Châu (nhập qua bộ trích xuất)…")
    docs = []
    for doc in plans.load():
        with state.deferred():
            plans.assign(doc, today)
            plans.hand_over(doc, prefer=("xa-binh-lu",))
            docs.append(doc)
    with state.deferred():
        written = sum(activity.load(doc, today) for doc in docs)
    say(f"Lịch sử báo cáo: {written} báo cáo tiến độ mới.")
    with state.deferred():
        decisions.load([d for d in docs if d.issuer and d.issuer.slug == "xa-phong-tho"], today)
    from theodoi.planning.services.self_measured import fill

    filled = fill(today)  # what the daily job does: the targets the system measures itself
    say(f"Chỉ tiêu hệ thống tự đo: {len(filled)}.")
    analyze()  # the planner's statistics after a bulk load
    if today == timezone.localdate():
        from theodoi.planning.services import counts
        from theodoi.planning.services.warnings import refresh_all

        say(f"Cảnh báo hôm nay: {refresh_all(today)} (đã lưu; các trang đọc bản đã lưu).")
        counts.rebuild(day=today)  # what the daily job does: the writes only marked their units' counts
    return passwords
