"""Units (đơn vị) as a tree with history, their codes and aliases, users and memberships."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    NATION = "nation", _("Trung ương")
    MINISTRY = "ministry", _("Bộ, ngành trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    AGENCY = "agency", _("Sở, ban, ngành")
    OFFICE = "office", _("Phòng, ban, đơn vị thuộc xã")
    PARTY = "party", _("Cấp ủy Đảng")
    FRONT = "front", _("Mặt trận Tổ quốc, đoàn thể")
    VILLAGE = "village", _("Thôn, bản, tổ dân phố")
    DIGITAL_TEAM = "digital_team", _("Tổ công nghệ số cộng đồng")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    STEERING = "steering", _("Ban Chỉ đạo")
    OTHER = "other", _("Khác")


class UnitQuerySet(models.QuerySet["Unit"]):
    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)

    def existing_on(self, day: dt.date) -> UnitQuerySet:
        """Units that existed on ``day`` (their period covers it)."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )


class Unit(models.Model):
    """An organisation in the cascade: a province, commune, agency, office, village...

    ``path`` is a materialised path of ids (``/1/7/42/``) kept by :meth:`save`, so a
    subtree is one indexed prefix query. A unit that ceased to exist (``valid_to``) keeps
    its documents; ``successors`` names the units that took over its work.
    """

    slug = models.SlugField(_("mã định danh"), max_length=120, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    admin_type = models.CharField(
        _("loại hành chính"), max_length=30, blank=True, help_text=_("xã, phường, thị trấn, tỉnh, huyện…")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=600, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("tồn tại từ"), null=True, blank=True)
    valid_to = models.DateField(_("tồn tại đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("đơn vị kế thừa"), symmetrical=False, blank=True,
        related_name="predecessors",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    name_key = models.CharField(max_length=255, db_index=True, editable=False, default="")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    notes = models.TextField(_("ghi chú"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Save and keep ``path``/``depth`` of this unit and of its descendants true."""
        from theodoi.domain.text import name_key

        self.name_key = name_key(self.name)
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)
                self.path = self._path_under_parent()
                self.depth = self.path.count("/") - 2
                Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                return
            old_path = Unit.objects.filter(pk=self.pk).values_list("path", flat=True).first() or ""
            self.path = self._path_under_parent()
            self.depth = self.path.count("/") - 2
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    path = self.path + child.path[len(old_path):]
                    Unit.objects.filter(pk=child.pk).update(path=path, depth=path.count("/") - 2)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("unit_detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(dt.date.today())

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit, itself included."""
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def ancestors(self) -> UnitQuerySet:
        return Unit.objects.filter(pk__in=self.ancestor_ids()[:-1]).order_by("depth")

    def subtree(self) -> UnitQuerySet:
        return Unit.objects.subtree_of(self)

    def province(self) -> Unit | None:
        """The province this unit lies in (itself for a province)."""
        if self.kind == UnitKind.PROVINCE:
            return self
        return Unit.objects.filter(pk__in=self.ancestor_ids(), kind=UnitKind.PROVINCE).first()

    def _path_under_parent(self) -> str:
        parent_path = self.parent.path if self.parent_id and self.parent else "/"
        if f"/{self.pk}/" in parent_path:
            raise ValueError("Một đơn vị không thể nằm dưới chính nó.")
        return f"{parent_path}{self.pk}/"

class UnitCode(models.Model):
    """An official code of a unit from a date on: codes are reused after mergers."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="codes")
    scheme = models.CharField(_("hệ mã"), max_length=20, default="gso")
    code = models.CharField(_("mã"), max_length=20)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã đơn vị")
        verbose_name_plural = _("mã đơn vị")
        ordering = ["scheme", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code", "valid_from"], name="unit_code_unique_from")
        ]

    def __str__(self) -> str:
        since = f" (từ {self.valid_from:%d/%m/%Y})" if self.valid_from else ""
        return f"{self.code}{since}"


class UnitAlias(models.Model):
    """Another way of writing a unit's name ("Bum Nua", "UBND xã", old tone placement)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("tên gọi khác"), max_length=255)
    key = models.CharField(max_length=255, db_index=True, editable=False)
    loose = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="unit_alias_unique")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        from theodoi.domain.text import loose_key, name_key

        self.key = name_key(self.name)
        self.loose = loose_key(self.name)
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A person who signs in. Every account has its own password; none is shared."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    # The audit trail leaves out the last sign-in and the password hash (Django re-encodes it
    # by itself at sign-in when its hasher changes); a password set is still recorded as an event.
    AUDIT_SKIP: ClassVar[tuple[str, ...]] = ("password", "last_login")

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị (văn phòng thường trực)")
    OFFICER = "officer", _("Cán bộ đơn vị")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    READER = "reader", _("Theo dõi (cấp trên)")


class Membership(models.Model):
    """A user's role in one unit. Permissions derive from these rows only (tenancy.permissions)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class SecondFactor(models.Model):
    """A user's authenticator app (TOTP, RFC 6238): the second step of signing in.

    ``secret`` is the shared key encrypted with a key derived from SECRET_KEY (tenancy/secondfactor.py);
    it works only once ``confirmed_at`` is set, after the user typed a first code. ``last_step`` is
    the last time step accepted, so a code works once.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_factor")
    secret = models.TextField(_("khóa bí mật (đã mã hóa)"))
    confirmed_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("xác thực hai bước")
        verbose_name_plural = _("xác thực hai bước")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A single-use code for signing in without the authenticator app; only its digest is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã khôi phục")
        verbose_name_plural = _("mã khôi phục")

    def __str__(self) -> str:
        return f"{self.user} – {'đã dùng' if self.used_at else 'chưa dùng'}"
