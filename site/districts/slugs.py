"""Readable URLs for Chinese titles: 高龄津贴申领 → gao-ling-jin-tie-shen-ling."""

from django.utils.text import slugify
from pypinyin import lazy_pinyin


def pinyin_slug(title, taken, fallback="page"):
    """A pinyin slug for `title` that is not in `taken` (a set, which gets the new slug added)."""
    base = slugify("-".join(lazy_pinyin(title, errors="ignore")))[:60].strip("-") or fallback
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


class PinyinSlugMixin:
    """For a page form: a slug left empty (the admin fills it with JavaScript, which not everyone
    has) is made from the title's pinyin instead of being refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        parent = self.parent_page if self.instance._state.adding else self.instance.get_parent()
        taken = set()
        if parent is not None:
            taken = set(parent.get_children().exclude(pk=self.instance.pk).values_list("slug", flat=True))
        return pinyin_slug(self.data.get("title", ""), taken)
