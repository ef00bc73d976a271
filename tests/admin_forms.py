"""POST data for Wagtail admin page forms, as the editor's browser would send it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def listblock(items):
    data = {str(i): {"value": item, "deleted": "", "order": str(i), "id": ""} for i, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


def brand_page_form(title, slug, go_live_at="", **actions):
    """A brand page built from blocks: text, process steps and an organisation tree."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "slogan": "群众点单 社区派单",
            "summary": f"{title}：把服务送到居民家门口。",
            "emblem": "",
            "colour_primary": "",
            "colour_on_primary": "",
            "colour_accent": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": go_live_at,
            "expire_at": "",
            "body": streamfield(
                [
                    ("rich_text", rich_text("<p>社区党组织牵头，共建单位认领服务。</p>")),
                    (
                        "process",
                        {
                            "heading": "怎么运转",
                            "steps": listblock(
                                [
                                    {"title": "群众点单", "description": "居民提出需求"},
                                    {"title": "社区派单", "description": ""},
                                    {"title": "单位接单", "description": ""},
                                    {"title": "群众评单", "description": "居民评价"},
                                ]
                            ),
                        },
                    ),
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    data.update({f"action-{name}": "1" for name, on in actions.items() if on})
    return data
