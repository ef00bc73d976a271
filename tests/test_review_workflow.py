"""The default review workflow, through the admin as staff use it: a 宣传员 drafts and submits,
a 审核员 approves 初审, a 分管领导 approves 终审, and only then is the page published."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Revision, WorkflowPage

from districts.models import DistrictHomePage, DistrictRole
from districts.provisioning import REVIEW_STEPS, provision_district
from publishing.models import BrandPage
from tests.admin_forms import brand_page_form


def add_url(home):
    return reverse("wagtailadmin_pages:add", args=("publishing", "brandpage", home.pk))


def approve(client, page):
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
    return client.post(url, {"comment": "同意"})


@pytest.fixture
def xining_home(xining):
    return DistrictHomePage.objects.get(district=xining)


@pytest.fixture
def staff(make_user, client):
    def login(role, code="630100"):
        client.force_login(make_user(code, role))
        return client

    return login


@pytest.mark.django_db
def test_every_district_has_the_two_step_workflow_on_its_home_page():
    for home in DistrictHomePage.objects.select_related("district"):
        workflow = WorkflowPage.objects.get(page=home).workflow
        tasks = [task.specific for task in workflow.tasks]
        assert [t.name for t in tasks] == [f"{home.district.name} · {step}" for _role, step in REVIEW_STEPS]
        groups = [list(t.groups.all()) for t in tasks]
        assert groups == [
            [DistrictRole.objects.get(district=home.district, role=DistrictRole.REVIEWER).group],
            [DistrictRole.objects.get(district=home.district, role=DistrictRole.LEADER).group],
        ]


@pytest.mark.django_db
def test_provisioning_again_keeps_the_workflow_and_takes_back_publishing(xining_home):
    reviewer = DistrictRole.objects.get(district=xining_home.district, role=DistrictRole.REVIEWER).group
    for codename in ("publish_page", "lock_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.create(group=reviewer, page=xining_home, permission=permission)
    workflow = WorkflowPage.objects.get(page=xining_home).workflow
    provision_district(xining_home.district, xining_home)
    assert WorkflowPage.objects.get(page=xining_home).workflow == workflow
    kept = GroupPagePermission.objects.filter(group=reviewer, page=xining_home)
    assert set(kept.values_list("permission__codename", flat=True)) == {"add_page", "change_page", "lock_page"}


@pytest.mark.django_db
def test_editor_submits_reviewer_then_leader_approve_and_the_page_goes_live(staff, xining_home, client):
    editor = staff("editor")
    response = editor.post(add_url(xining_home), brand_page_form("共建议事厅", "gongjian", submit=True))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = BrandPage.objects.get(slug="gongjian")
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"
    assert page.current_workflow_task.name == "西宁市 · 初审"
    assert client.get("/xining/gongjian/").status_code == 404

    # The editor cannot approve their own submission, nor publish around the workflow.
    assert approve(editor, page).status_code in (302, 403)
    page.refresh_from_db()
    assert page.current_workflow_task.name == "西宁市 · 初审"
    edit = editor.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert 'name="action-publish"' not in edit

    reviewer = staff("reviewer")
    assert approve(reviewer, page).status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_task.name == "西宁市 · 终审"
    assert not page.live
    # 初审 approved, the reviewer cannot also do the final review.
    approve(reviewer, page)
    page.refresh_from_db()
    assert page.current_workflow_task.name == "西宁市 · 终审" and not page.live

    leader = staff("leader")
    assert approve(leader, page).status_code == 302
    page.refresh_from_db()
    assert page.live and page.current_workflow_state is None
    client.logout()
    html = client.get("/xining/gongjian/").content.decode()
    assert "共建议事厅" in html and "群众评单" in html


@pytest.mark.django_db
def test_editor_cannot_publish_directly(staff, xining_home):
    editor = staff("editor")
    editor.post(add_url(xining_home), brand_page_form("直接发布", "direct", publish=True))
    page = BrandPage.objects.get(slug="direct")
    assert not page.live


@pytest.mark.django_db
def test_staff_of_another_district_cannot_add_pages_here(staff, xining_home):
    editor = staff("editor", code="620981")
    response = editor.post(add_url(xining_home), brand_page_form("越界", "outside", submit=True))
    assert response.status_code in (302, 403)
    assert not BrandPage.objects.filter(slug="outside").exists()


@pytest.mark.django_db
def test_a_scheduled_page_goes_live_at_its_time_after_review(staff, xining_home, client):
    go_live = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    staff("editor").post(
        add_url(xining_home), brand_page_form("定时发布", "scheduled", go_live_at=go_live, submit=True)
    )
    page = BrandPage.objects.get(slug="scheduled")
    approve(staff("reviewer"), page)
    page.refresh_from_db()
    approve(staff("leader"), page)
    page.refresh_from_db()
    assert not page.live
    revision = Revision.page_revisions.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    assert revision.approved_go_live_at > timezone.now()

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live, "not before its time"

    # The day passes: the cron job runs the next day.
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert client.get("/xining/scheduled/").status_code == 200
