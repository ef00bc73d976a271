"""Everything a district needs to be worked on: its groups, collection and permissions.

Idempotent: run on every save of a district home page, it only adds what is missing,
and takes the right to publish the district's pages from every role but 分管领导, so
that nothing is published around the review workflow.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import District, DistrictRole

# Page actions per role on the district's subtree. 宣传员 drafts and submits for review;
# 审核员 does the first review (初审) and 分管领导 the final one (终审), which publishes.
# Only the leader may publish directly: anyone else with publish_page could skip the workflow.
PAGE_PERMISSIONS = {
    DistrictRole.EDITOR: ["add_page", "change_page"],
    DistrictRole.REVIEWER: ["add_page", "change_page"],
    DistrictRole.LEADER: ["add_page", "change_page", "publish_page"],
    DistrictRole.DATA_ADMIN: [],
}
# The steps of every district's default review workflow, in order: (role whose group approves, step name).
REVIEW_STEPS = [(DistrictRole.REVIEWER, "初审"), (DistrictRole.LEADER, "终审")]
# Image and document actions per role in the district's collection.
COLLECTION_PERMISSIONS = {
    DistrictRole.EDITOR: ["add_image", "choose_image", "add_document", "choose_document"],
    DistrictRole.REVIEWER: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    DistrictRole.LEADER: ["choose_image", "choose_document"],
    DistrictRole.DATA_ADMIN: ["choose_image", "add_image"],
}
# Model permissions per role on district-owned snippets ("app_label.codename").
MODEL_PERMISSIONS = {
    DistrictRole.EDITOR: ["snippets.view_street", "snippets.view_community", "snippets.view_grid"],
    DistrictRole.REVIEWER: ["snippets.view_street", "snippets.view_community", "snippets.view_grid"],
    DistrictRole.LEADER: ["snippets.view_street", "snippets.view_community", "snippets.view_grid"],
    DistrictRole.DATA_ADMIN: [
        f"snippets.{action}_{model}"
        for model in (
            "street",
            "community",
            "grid",
            "gridworker",
            "communityworker",
            "volunteer",
            "volunteerteam",
            "partycheckin",
        )
        for action in ("add", "change", "delete", "view")
    ]
    + ["snippets.view_personal_data"],
}
# Publicity staff choose grid workers for contact cards (they see masked rosters only).
for _role in (DistrictRole.EDITOR, DistrictRole.REVIEWER):
    MODEL_PERMISSIONS[_role] = [*MODEL_PERMISSIONS[_role], "snippets.view_gridworker", "snippets.view_volunteerteam"]
# Data administrators keep their district's demand records, summaries and categories (the demands app).
MODEL_PERMISSIONS[DistrictRole.DATA_ADMIN] += [
    f"demands.{action}_{model}"
    for model in ("demandrecord", "demandsummary", "demandcategory")
    for action in ("add", "change", "delete", "view")
]
# Volunteer events: every role sees sign-ups (mobiles masked); data administrators import attendance.
for _role in MODEL_PERMISSIONS:
    MODEL_PERMISSIONS[_role] = [*MODEL_PERMISSIONS[_role], "events.view_signup"]
MODEL_PERMISSIONS[DistrictRole.DATA_ADMIN] += [f"events.{a}_attendance" for a in ("add", "change", "delete", "view")]
# Service catalogue: every role sees the district's service categories and life situations (to choose
# them in a guide); publicity staff, leaders and data administrators keep them.
for _role in MODEL_PERMISSIONS:
    _actions = ("view",) if _role == DistrictRole.REVIEWER else ("add", "change", "delete", "view")
    MODEL_PERMISSIONS[_role] += [f"services.{a}_{m}" for m in ("servicecategory", "lifesituation") for a in _actions]
# 作息日历 (the centres app): publicity staff and data administrators keep their district's calendar.
for _role in MODEL_PERMISSIONS:
    _actions = (
        ("add", "change", "delete", "view") if _role in (DistrictRole.EDITOR, DistrictRole.DATA_ADMIN) else ("view",)
    )
    MODEL_PERMISSIONS[_role] = [*MODEL_PERMISSIONS[_role], *(f"centres.{a}_districtcalendar" for a in _actions)]
EVERY_ROLE = ["wagtailadmin.access_admin"]


def group_name(district, role):
    return f"{district.name} · {dict(DistrictRole.ROLE_CHOICES)[role]}"


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def district_collection(district):
    if district.collection_id:
        return district.collection
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=district.name).first() or root.add_child(name=district.name)
    District.objects.filter(pk=district.pk).update(collection=collection)
    district.collection = collection
    return collection


def review_workflow(district, home_page, groups):
    """The district's two-step review workflow on its home page (so on its whole subtree),
    made once: a workflow an administrator has since assigned or edited is left alone."""
    if WorkflowPage.objects.filter(page=home_page).exists():
        return
    workflow = Workflow.objects.create(name=f"{district.name} · 两级审核")
    for order, (role, step) in enumerate(REVIEW_STEPS):
        task = GroupApprovalTask.objects.create(name=f"{district.name} · {step}")
        task.groups.set([groups[role]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.create(page=home_page, workflow=workflow)


@transaction.atomic
def provision_district(district, home_page):
    collection = district_collection(district)
    groups = {}
    for role, _label in DistrictRole.ROLE_CHOICES:
        district_role = DistrictRole.objects.filter(district=district, role=role).select_related("group").first()
        if district_role is None:
            group, _ = Group.objects.get_or_create(name=group_name(district, role))
            district_role = DistrictRole.objects.create(group=group, district=district, role=role)
        group = groups[role] = district_role.group
        group.permissions.add(*(_permission(p) for p in EVERY_ROLE + MODEL_PERMISSIONS[role]))
        if "publish_page" not in PAGE_PERMISSIONS[role]:
            # Publishing goes through the review workflow (an earlier setup let 审核员 publish).
            GroupPagePermission.objects.filter(
                group=group, page=home_page, permission__codename="publish_page"
            ).delete()
        for codename in PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home_page, permission=_permission(f"wagtailcore.{codename}")
            )
        for codename in COLLECTION_PERMISSIONS[role]:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(f"{app_label}.{codename}")
            )
    review_workflow(district, home_page, groups)
