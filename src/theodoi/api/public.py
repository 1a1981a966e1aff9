"""Anonymous endpoints: JSON twins of the public portal, built from the same selectors."""


from dataclasses import asdict

from django.http import HttpRequest
from ninja import Router

from theodoi.api import schemas as s
from theodoi.portal import selectors as sel

router = Router(auth=None, tags=["công khai"])


@router.get("/plans", response=list[s.PublicPlanOut], summary="Kế hoạch công khai", url_name="public_plans")
def plans(request: HttpRequest, q: str = "", province: str = ""):
    return [asdict(p) for p in sel.search_plans(q[:200], province[:80])]


@router.get("/plans/{uid}", response=s.PublicPlanDetailOut, summary="Một kế hoạch công khai",
            url_name="public_plan")
def plan(request: HttpRequest, uid: str):
    _, p = sel.plan_page(uid)
    return asdict(p)


@router.get("/plans/{uid}/feedback", response=list[s.PublicFeedbackOut],
            summary="Ý kiến đã được trả lời về kế hoạch (và các nhiệm vụ của nó)", url_name="public_feedback")
def plan_feedback(request: HttpRequest, uid: str):
    doc, _ = sel.plan_page(uid)
    return sel.plan_feedback(doc)


@router.get("/tasks/{uid}", response=s.PublicTaskOut, summary="Một nhiệm vụ công khai", url_name="public_task")
def task(request: HttpRequest, uid: str):
    _, t = sel.task_page(uid)
    return asdict(t)
