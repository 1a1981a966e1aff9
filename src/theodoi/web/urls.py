"""Staff pages. Names "login", "logout" and "home" are used across the project.

Every list page has twins: ``<list>.json`` / ``.csv`` / ``.xlsx`` (or ``?format=``).
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from theodoi.security import SignInForm
from theodoi.web.views import (
    carry_over,
    completeness,
    conformity,
    dashboard,
    files,
    handover,
    home,
    national,
    plan_edit,
    plans,
    plans_due,
    relink,
    reporting_forms,
    review,
    second_factor,
    targets,
    task_control,
    tasks,
    trace,
    units,
    warnings,
)


def listing(prefix: str, view, name: str) -> list:
    """The HTML list at ``prefix/`` and its exports at ``prefix.json|csv|xlsx``."""
    return [
        path(f"{prefix}/", view, name=name),
        re_path(rf"^{prefix}\.(?P<fmt>json|csv|xlsx)$", view, name=f"{name}_export"),
    ]


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                authentication_form=SignInForm), name="login"),
    path("login/code/", second_factor.code, name="second_factor_code"),
    path("account/second-factor/", second_factor.enrol, name="second_factor_enrol"),
    path("account/second-factor/qr.svg", second_factor.qr, name="second_factor_qr"),
    path("account/second-factor/off/", second_factor.turn_off, name="second_factor_off"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", home.home, name="home"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("national/", national.national, name="national"),
    path("dashboard/<slug:slug>/", dashboard.dashboard, name="dashboard_unit"),
    re_path(r"^dashboard/(?P<slug>[-\w]+)/export\.(?P<fmt>xlsx|pdf)$", dashboard.dashboard_export,
            name="dashboard_export"),
    *listing("plans", plans.plan_list, "plan_list"),
    path("plans/<str:uid>/", plans.plan_detail, name="plan_detail"),
    path("plans/<str:uid>/six-clear/", plan_edit.plan_six_clear, name="plan_six_clear"),
    path("plans/<str:uid>/plans-due/", plans_due.plan_due, name="plan_due"),
    path("plans/<str:uid>/conformity/", conformity.plan_conformity, name="plan_conformity"),
    path("plans/<str:uid>/relink/", relink.plan_relink, name="plan_relink"),
    path("plans/<str:uid>/carry-over/", carry_over.plan_carry_over, name="plan_carry_over"),
    path("plans/<str:uid>/conformity.json", conformity.plan_conformity, {"fmt": "json"}, name="plan_conformity_json"),
    *listing("tasks", tasks.task_list, "task_list"),
    path("tasks/<str:uid>/", tasks.task_detail, name="task_detail"),
    path("tasks/<str:uid>/edit/", plan_edit.task_edit, name="task_edit"),
    path("tasks/<str:uid>/update/", reporting_forms.task_update, name="task_update"),
    path("tasks/<str:uid>/run-state/", task_control.run_state, name="task_run_state"),
    path("tasks/<str:uid>/stages/", task_control.stages, name="task_stages"),
    *listing("targets", targets.target_list, "target_list"),
    path("targets/<str:uid>/", targets.target_detail, name="target_detail"),
    path("targets/<str:uid>/edit/", plan_edit.target_edit, name="target_edit"),
    path("targets/<str:uid>/figure/", reporting_forms.target_figure, name="target_figure"),
    path("targets/<str:uid>/trace/", trace.target_trace, name="target_trace"),
    path("targets/<str:uid>/trace.json", trace.target_trace, {"fmt": "json"}, name="target_trace_json"),
    *listing("units", units.unit_list, "unit_list"),
    path("units/<slug:slug>/", units.unit_detail, name="unit_detail"),
    *listing("warnings", warnings.warning_list, "warnings"),
    *listing("overdue", warnings.overdue_list, "overdue"),
    *listing("six-clear", warnings.six_clear_list, "six_clear"),
    *listing("review", review.review_queue, "review_queue"),
    *listing("completeness", completeness.completeness_list, "completeness"),
    path("review/<str:kind>/<str:uid>/<str:action>/", review.review_action, name="review_action"),
    path("evidence/<int:pk>/", files.evidence, name="evidence"),
    path("handover/", handover.handover_list, name="handover_list"),
    path("plans/<str:uid>/handover/", handover.handover_plan, name="handover_plan"),
]
