"""Imported targets share an indicator with the plans that commit to the same outcome, and
every imported row is in the audit trail from the start."""

from __future__ import annotations

import pytest

from theodoi.audit.models import AuditEvent
from theodoi.audit.verify import verify
from theodoi.planning.importing.indicators import likeness, words
from theodoi.planning.importing.service import import_plan
from theodoi.planning.models import Document, Target

PROVINCE = """ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU
Số: 41/KH-UBND
Lai Châu, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Chuyển đổi số tỉnh Lai Châu năm 2026
I. MỤC TIÊU
1. Mục tiêu cụ thể
- Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang đạt 85%.
- Tỷ lệ người dân trưởng thành có tài khoản thanh toán điện tử đạt 80%.
II. NHIỆM VỤ
1. Phát triển hạ tầng số
"""

COMMUNE = """ỦY BAN NHÂN DÂN
XÃ BÌNH LƯ
Số: 12/KH-UBND
Bình Lư, ngày 20 tháng 3 năm 2026
KẾ HOẠCH
Thực hiện Kế hoạch số 41/KH-UBND của UBND tỉnh về chuyển đổi số năm 2026
I. MỤC TIÊU
1. Mục tiêu cụ thể
- Phấn đấu tỷ lệ hộ gia đình trên địa bàn xã có kết nối Internet băng rộng cáp quang đạt trên 70%.
- Tỷ lệ hộ gia đình có điện thoại thông minh đạt 90%.
II. NHIỆM VỤ
1. Phát triển hạ tầng số trên địa bàn xã
"""


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Tỷ lệ hộ gia đình có kết nối Internet cáp quang", "Phấn đấu tỉ lệ hộ gia đình trên địa bàn xã có "
     "kết nối Internet cáp quang đạt 70%", True),
    ("100% doanh nghiệp trên địa bàn huyện ứng dụng công nghệ số",
     "100% doanh nghiệp trên địa bàn xã ứng dụng công nghệ số", True),
    ("Tỷ lệ hồ sơ hợp lệ, kết quả giải quyết thủ tục hành chính",
     "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", False),
    ("Tỷ lệ người dân có hồ sơ sức khỏe điện tử",
     "Tỷ lệ công chức trong cơ quan có hồ sơ sức khỏe điện tử", False),
    ("Tỷ lệ hộ gia đình có kết nối Internet cáp quang", "Tỷ lệ hộ gia đình có điện thoại thông minh", False),
])
def test_likeness_of_wordings(a, b, same):
    assert bool(likeness(words(a), words(b))) is same


def test_a_commune_target_shares_the_province_indicator_and_points_to_its_target(lai_chau):
    province = import_plan(PROVINCE.encode(), "41-kh-ubnd.txt").document
    commune = import_plan(COMMUNE.encode(), "12-kh-ubnd.txt").document
    assert commune.outgoing_links.filter(target=province).exists()
    fibre_p = province.targets.get(text__contains="cáp quang")
    fibre_c = commune.targets.get(text__contains="cáp quang")
    phones = commune.targets.get(text__contains="điện thoại")
    assert fibre_c.indicator_id == fibre_p.indicator_id
    assert fibre_c.parent_id == fibre_p.pk
    assert phones.indicator_id not in {t.indicator_id for t in province.targets.all()}
    assert phones.parent_id is None
    # two targets of one plan never merge into one indicator
    assert len({t.indicator_id for t in commune.targets.all()}) == commune.targets.count()


def test_every_imported_row_is_audited_and_a_reimport_records_only_changes(lai_chau):
    doc = import_plan(PROVINCE.encode(), "41-kh-ubnd.txt").document
    rows = [*doc.targets.all(), *doc.tasks.all()]
    for row in rows:
        assert AuditEvent.objects.filter(object_type=row._meta.label_lower, object_id=str(row.pk),
                                         action="import").exists(), row
    assert verify().ok
    before = AuditEvent.objects.count()
    import_plan(PROVINCE.encode(), "41-kh-ubnd.txt")
    assert AuditEvent.objects.count() == before + 1  # the document's own "reimport" only
    # a target keeps its identity by its words: a new section is an update, new words a new target
    changed = (PROVINCE.replace("1. Mục tiêu cụ thể", "2. Mục tiêu cụ thể").replace("đạt 80%", "đạt 85%")
               .replace("1. Phát triển hạ tầng số\n", ""))
    import_plan(changed.encode(), "41-kh-ubnd.txt")
    moved = Target.objects.get(document=doc, text__contains="cáp quang")
    ev = AuditEvent.objects.filter(object_type="planning.target", object_id=str(moved.pk)).order_by("-id")[0]
    assert ev.action == "reimport" and ev.before["section"] != ev.after["section"]
    assert ev.before["version"] < ev.after["version"]
    # what the document no longer holds is marked, never deleted, and the mark is in the trail
    assert not AuditEvent.objects.filter(object_type__in=["planning.target", "planning.task"],
                                         action="delete").exists()
    gone = [*Target.objects.filter(document=doc, not_in_document_since__isnull=False),
            *doc.tasks.filter(not_in_document_since__isnull=False)]
    assert len(gone) == 2
    for row in gone:
        ev = AuditEvent.objects.filter(object_type=row._meta.label_lower, object_id=str(row.pk)).order_by("-id")[0]
        assert ev.action == "reimport" and ev.before["not_in_document_since"] is None
        assert ev.after["not_in_document_since"]
    assert verify().ok


def test_tampering_with_an_imported_target_is_caught(lai_chau):
    doc = import_plan(PROVINCE.encode(), "41-kh-ubnd.txt").document
    Target.objects.filter(document=doc).update(value=1)  # behind the application's back
    report = verify()
    assert not report.ok and report.first.object_type == "planning.target"
    assert Document.objects.filter(pk=doc.pk).exists()
