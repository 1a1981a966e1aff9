"""Demo accounts: one per role and unit, each with its own random password.

Passwords are generated, hashed into the database and printed once; they are
never written anywhere else. ``theodoi demo --reset-passwords`` prints new ones.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass

from theodoi.tenancy import services
from theodoi.tenancy.models import Role, Unit, User

ACTOR = "dữ liệu mẫu"
REASON = "Dữ liệu mẫu: tài khoản theo vai trò (theodoi demo)"


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    unit_slug: str
    role: str
    title: str


# Invented people with names common in Lai Châu (Thái, Mông, Dao, Giáy, Kinh), one each,
# so that no report is signed "Sùng A Páo (Bình Lư)" and no two accounts look alike.
PEOPLE = (
    "Quàng Thị Lan", "Lò Văn Thanh", "Tòng Văn Minh", "Lường Thị Mai", "Hoàng Văn Sơn", "Vàng Thị Dung",
    "Lý Văn Tùng", "Đèo Văn Hưng", "Sùng A Páo", "Giàng Thị Mỷ", "Tao Văn Quý", "Lò Thị Hương",
    "Phàn Văn Chiến", "Tẩn Thị Xoan", "Lù Văn Hải", "Chảo Thị Mẩy", "Vũ Văn Hòa", "Nguyễn Thị Thu",
    "Hờ A Chinh", "Lò Thị Ngọc", "Mào Văn Thắng", "Điêu Thị Hằng", "Cầm Văn Toàn", "Lưu Thị Hoa",
)


# The heads who sign the reports of the province's bodies and of the seed communes' Party committees
# (invented, like the people above).
SIGNERS = (
    ("tinh.chutich", "Hà Văn Lực", "tinh-lai-chau", "Chủ tịch UBND tỉnh"),
    ("sokhcn.giamdoc", "Trần Minh Đức", "lai-chau-so-khcn", "Giám đốc Sở Khoa học và Công nghệ"),
    ("thanhtra.chanh", "Bế Văn Quang", "lai-chau-thanh-tra", "Chánh Thanh tra tỉnh"),
    ("tinhuy.bithu", "Lò Văn Pọm", "lai-chau-tinh-uy", "Bí thư Tỉnh ủy"),
)
PARTY_SECRETARIES = ("Lò Văn Khum", "Chẻo Thị Sử", "Pờ A Lử")


def plan_accounts(seed_communes: list[Unit]) -> list[Account]:
    """Who the demo signs in as: the province, and in each seed commune its offices."""
    accounts = [
        Account("sokhcn", "Nguyễn Văn Khoa", "tinh-lai-chau", Role.READER, "Chuyên viên Sở KH&CN"),
        Account("tinh.quantri", "Lò Thị Hạnh", "tinh-lai-chau", Role.ADMIN, "Văn phòng UBND tỉnh"),
        # the national level: follows every province (the national roll-up)
        Account("bokhcn", "Phạm Quốc Trung", "bo-khcn", Role.READER, "Chuyên viên Bộ Khoa học và Công nghệ"),
    ]
    offices = {"vhxh": "Phòng Văn hóa - Xã hội", "kinh-te": "Phòng Kinh tế", "cong-an": "Công an xã"}
    accounts += [Account(u, name, slug, Role.LEADER, title) for u, name, slug, title in SIGNERS]
    names = itertools.cycle(PEOPLE)  # distinct for the seed communes (3 × 8 accounts)
    for commune, secretary in zip(seed_communes, itertools.cycle(PARTY_SECRETARIES), strict=False):
        short = commune.slug.split("-", 1)[1].replace("-", "")
        accounts.append(Account(f"{short}.bithu", secretary, f"{commune.slug}-dang-uy", Role.LEADER, "Bí thư Đảng ủy"))
    for commune in seed_communes:
        short = commune.slug.split("-", 1)[1].replace("-", "")
        accounts.append(Account(f"{short}.vanphong", next(names), commune.slug,
                                Role.ADMIN, "Văn phòng HĐND và UBND (thường trực)"))
        accounts.append(Account(f"{short}.chutich", next(names), commune.slug, Role.LEADER, "Chủ tịch UBND xã"))
        for key, office in offices.items():
            slug = f"{commune.slug}-{key}"
            accounts.append(Account(f"{short}.{key.replace('-', '')}", next(names), slug, Role.OFFICER,
                                    f"Cán bộ {office}"))
            accounts.append(Account(f"{short}.{key.replace('-', '')}.lanhdao", next(names), slug, Role.LEADER,
                                    f"Trưởng {office}"))
    return accounts


def ensure_accounts(accounts: list[Account], reset: bool = False) -> dict[str, str]:
    """Create missing accounts; returns {username: password} for those given a new password.

    Every account and membership goes through the tenancy services, so each has its audit record.
    """
    new_passwords: dict[str, str] = {}
    for acc in accounts:
        user = User.objects.filter(username=acc.username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = services.create_user(acc.username, password=password, full_name=acc.full_name,
                                        email=f"{acc.username}@demo.theodoi.local", validate=False,
                                        actor=ACTOR, reason=REASON)
            new_passwords[acc.username] = password
        elif reset:
            password = secrets.token_urlsafe(9)
            services.set_password(user, password, actor=ACTOR, reason=REASON)
            new_passwords[acc.username] = password
        unit = Unit.objects.get(slug=acc.unit_slug)
        services.add_membership(user, unit, acc.role, title=acc.title, actor=ACTOR, reason=REASON)
    admin = User.objects.filter(username="admin").first()
    if admin is None or reset:
        password = secrets.token_urlsafe(9)
        if admin is None:
            services.create_user("admin", password=password, full_name="Quản trị hệ thống", is_staff=True,
                                 is_superuser=True, email="admin@demo.theodoi.local", validate=False,
                                 actor=ACTOR, reason=REASON)
        else:
            services.set_password(admin, password, actor=ACTOR, reason=REASON)
        new_passwords["admin"] = password
    return new_passwords
