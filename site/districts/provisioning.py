"""Everything a district needs to be worked on: its groups, collection and permissions.

Idempotent: run on every save of a district home page, it only adds what is missing.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import District, DistrictRole

# Page actions per role on the district's subtree. 宣传员 drafts and submits; 审核员 publishes.
PAGE_PERMISSIONS = {
    DistrictRole.EDITOR: ["add_page", "change_page"],
    DistrictRole.REVIEWER: ["add_page", "change_page", "publish_page"],
    DistrictRole.DATA_ADMIN: [],
}
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
    DistrictRole.DATA_ADMIN: ["choose_image", "add_image"],
}
# Model permissions per role on district-owned snippets ("app_label.codename").
MODEL_PERMISSIONS = {
    DistrictRole.EDITOR: ["snippets.view_street", "snippets.view_community", "snippets.view_grid"],
    DistrictRole.REVIEWER: ["snippets.view_street", "snippets.view_community", "snippets.view_grid"],
    DistrictRole.DATA_ADMIN: [
        f"snippets.{action}_{model}"
        for model in ("street", "community", "grid")
        for action in ("add", "change", "delete", "view")
    ],
}
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


@transaction.atomic
def provision_district(district, home_page):
    collection = district_collection(district)
    for role, _label in DistrictRole.ROLE_CHOICES:
        district_role = DistrictRole.objects.filter(district=district, role=role).select_related("group").first()
        if district_role is None:
            group, _ = Group.objects.get_or_create(name=group_name(district, role))
            district_role = DistrictRole.objects.create(group=group, district=district, role=role)
        group = district_role.group
        group.permissions.add(*(_permission(p) for p in EVERY_ROLE + MODEL_PERMISSIONS[role]))
        for codename in PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home_page, permission=_permission(f"wagtailcore.{codename}")
            )
        for codename in COLLECTION_PERMISSIONS[role]:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(f"{app_label}.{codename}")
            )
