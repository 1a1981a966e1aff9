from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from theodoi.audit.admin_mixins import REASON, AuditedAdmin, ReadOnlyAdmin
from theodoi.audit.services import record
from theodoi.tenancy.models import Membership, RecoveryCode, SecondFactor, Unit, UnitAlias, UnitCode, User


class UnitCodeInline(admin.TabularInline):
    model = UnitCode
    extra = 0


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit", "user"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "slug", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "slug", "aliases__name", "codes__code"]
    autocomplete_fields = ["parent", "successors"]
    inlines = [UnitCodeInline, UnitAliasInline, MembershipInline]
    readonly_fields = ["path", "depth"]
    list_select_related = ["parent"]


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "second_factor_on", "last_login"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    search_fields = ["username", "full_name", "email", "memberships__unit__name"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()),
                 (_("Thông tin thêm"), {"fields": ("full_name", "phone", "must_change_password")}))
    inlines = [MembershipInline]
    actions = ["turn_off_second_factor"]
    list_select_related = ["second_factor"]

    @admin.display(description=_("xác thực hai bước"), boolean=True)
    def second_factor_on(self, obj: User) -> bool:
        try:
            return obj.second_factor.confirmed_at is not None
        except SecondFactor.DoesNotExist:
            return False

    @admin.action(description=_("Tắt xác thực hai bước (người dùng mất điện thoại)"))
    def turn_off_second_factor(self, request, queryset) -> None:
        from theodoi.tenancy import secondfactor

        for user in queryset:
            try:
                secondfactor.disable(user, request.user, reason=str(_("Quản trị tắt trên trang quản trị.")))
            except secondfactor.SecondFactorError as exc:
                self.message_user(request, f"{user}: {exc}", messages.ERROR)
            else:
                self.message_user(request, _("Đã tắt xác thực hai bước của %(user)s.") % {"user": user},
                                  messages.SUCCESS)

    def user_change_password(self, request: Any, id: str, form_url: str = "") -> Any:
        """Django's own password page, with the change recorded (never the password itself)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.filter(pk=id).first()
            if user is not None:
                record("set_password", user, actor=request.user, reason=str(REASON))
        return response


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(UnitCode)
class UnitCodeAdmin(AuditedAdmin):
    list_display = ["code", "scheme", "unit", "valid_from", "valid_to"]
    list_filter = ["scheme", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(UnitAlias)
class UnitAliasAdmin(AuditedAdmin):
    list_display = ["name", "unit"]
    list_filter = ["unit__kind"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(SecondFactor)
class SecondFactorAdmin(ReadOnlyAdmin):
    """Who has a second factor and since when; the secret never shows (turn one off from the user list)."""

    list_display = ["user", "confirmed_at", "created_at"]
    search_fields = ["user__username", "user__full_name"]
    exclude = ["secret"]
    list_select_related = ["user"]


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(ReadOnlyAdmin):
    """Which recovery codes were used; the codes themselves are kept only as digests."""

    list_display = ["user", "used_at"]
    search_fields = ["user__username"]
    exclude = ["digest"]
    list_select_related = ["user"]
