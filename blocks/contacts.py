"""Contact card: a person chosen from the rosters, showing only what is public about them.

Public: name, post, photo, community and grid, and the work phone only when its
“公开工作电话” box is ticked. Never the personal mobile or ID number, not in the page,
not in the API. A person no longer in post (is_active off) is not shown at all.
"""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class GridWorkerChooserBlock(SnippetChooserBlock):
    """Chooses a grid worker from the user's districts; all cards of a page load in two queries."""

    def __init__(self, **kwargs):
        super().__init__("snippets.GridWorker", **kwargs)

    def bulk_to_python(self, values):
        workers = (
            self.model_class.objects.select_related("community", "grid", "photo")
            .prefetch_related("photo__renditions")
            .in_bulk([v for v in values if v is not None])
        )
        return [workers.get(v) for v in values]

    def get_api_representation(self, value, context=None):
        return public_fields(value)

    def deconstruct(self):
        # Keep migrations in the form of SnippetChooserBlock("snippets.GridWorker").
        _path, _args, kwargs = super().deconstruct()
        return "wagtail.snippets.blocks.SnippetChooserBlock", ("snippets.GridWorker",), kwargs


def public_fields(worker):
    """What residents may know about a grid worker, or None when they are not in post."""
    if worker is None or not worker.is_active:
        return None
    return {
        "name": worker.name,
        "role": worker.get_role_display(),
        "community": worker.community.name,
        "grid": worker.grid.name if worker.grid_id else "",
        "work_phone": worker.public_phone,
        "photo": worker.photo_id,
    }


def _contact_preview():
    from snippets.models import GridWorker

    worker = GridWorker.objects.filter(is_active=True, work_phone_public=True).order_by("pk").first()
    return {"heading": "我的网格员", "person": worker, "note": "工作日 9:00—17:30 在社区党群服务中心"}


class ContactCardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, default="我的网格员")
    person = GridWorkerChooserBlock(
        label="网格员", help_text="从网格员名册中选择；只显示姓名、岗位、照片和公开的工作电话。"
    )
    note = blocks.CharBlock(
        label="补充说明", max_length=80, required=False, help_text="例如：工作日 9:00—17:30 在社区党群服务中心"
    )

    class Meta:
        label = "联系人卡片"
        icon = "user"
        template = "blocks/contact_card.html"
        description = "网格员名片：姓名、岗位、所在网格和公开的工作电话，居民一点就能拨打。"
        preview_value = staticmethod(_contact_preview)
