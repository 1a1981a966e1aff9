"""Demo accounts: one per role and unit, each with its own random password.

Passwords are generated, hashed into the database and printed once; they are
never written anywhere else. ``theodoi demo --reset-passwords`` prints new ones.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from theodoi.tenancy.models import Membership, Role, Unit, User


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    unit_slug: str
    role: str
    title: str


def plan_accounts(seed_communes: list[Unit]) -> list[Account]:
    """Who the demo signs in as: the province, and in each seed commune its offices."""
    accounts = [
        Account("sokhcn", "Nguyễn Văn Khoa", "tinh-lai-chau", Role.READER, "Chuyên viên Sở KH&CN"),
        Account("tinh.quantri", "Lò Thị Hạnh", "tinh-lai-chau", Role.ADMIN, "Văn phòng UBND tỉnh"),
    ]
    people = {
        "vhxh": ("Phòng Văn hóa - Xã hội", "Tòng Văn Minh", "Lường Thị Mai"),
        "kinh-te": ("Phòng Kinh tế", "Hoàng Văn Sơn", "Vàng Thị Dung"),
        "cong-an": ("Công an xã", "Lý Văn Tùng", "Đèo Văn Hưng"),
    }
    for commune in seed_communes:
        short = commune.slug.split("-", 1)[1].replace("-", "")
        accounts.append(Account(f"{short}.vanphong", f"Quàng Thị Lan ({commune.short_name})", commune.slug,
                                Role.ADMIN, "Văn phòng HĐND và UBND (thường trực)"))
        accounts.append(Account(f"{short}.chutich", f"Sùng A Páo ({commune.short_name})", commune.slug,
                                Role.LEADER, "Chủ tịch UBND xã"))
        for key, (office, officer, leader) in people.items():
            slug = f"{commune.slug}-{key}"
            accounts.append(Account(f"{short}.{key.replace('-', '')}", f"{officer} ({commune.short_name})",
                                    slug, Role.OFFICER, f"Cán bộ {office}"))
            accounts.append(Account(f"{short}.{key.replace('-', '')}.lanhdao", f"{leader} ({commune.short_name})",
                                    slug, Role.LEADER, f"Trưởng {office}"))
    return accounts


def ensure_accounts(accounts: list[Account], reset: bool = False) -> dict[str, str]:
    """Create missing accounts; returns {username: password} for those given a new password."""
    new_passwords: dict[str, str] = {}
    for acc in accounts:
        user = User.objects.filter(username=acc.username).first()
        if user is None:
            user = User(username=acc.username, full_name=acc.full_name,
                        email=f"{acc.username}@demo.theodoi.local")
        if user.pk is None or reset:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            new_passwords[acc.username] = password
        user.save()
        unit = Unit.objects.get(slug=acc.unit_slug)
        Membership.objects.update_or_create(user=user, unit=unit, role=acc.role, defaults={"title": acc.title})
    if not User.objects.filter(username="admin").exists() or reset:
        admin = User.objects.filter(username="admin").first() or User(
            username="admin", full_name="Quản trị hệ thống", is_staff=True, is_superuser=True,
            email="admin@demo.theodoi.local")
        password = secrets.token_urlsafe(9)
        admin.set_password(password)
        admin.save()
        new_passwords["admin"] = password
    return new_passwords
