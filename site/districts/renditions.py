"""Renditions of an image object that outlives a request: a district's emblem, remembered with
its home page (pagecache.shared) and drawn on every page of the district three times (header,
Open Graph image, JSON-LD logo).

Wagtail's get_rendition() stores the rendition in the cache again on every call, prefetched or
not: a pickle of the rendition each time. Kept on the image object, it is made once per object.
"""


def kept_rendition(image, spec):
    """image.get_rendition(spec), kept on `image` for the next call."""
    kept = image.__dict__.setdefault("kept_renditions", {})
    if spec not in kept:
        kept[spec] = image.get_rendition(spec)
    return kept[spec]
