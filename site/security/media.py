"""/media/ served by Django when no proxy serves it (SERVE_MEDIA, on with DEBUG).

Uploaded images (jpg/png/gif/webp, checked by Wagtail) and their renditions; documents only
through /documents/, where Wagtail applies their privacy settings. Whatever a file holds, it is
sent with its extension's image type, nosniff and a CSP that runs nothing, so a file crafted to
look like HTML or script to a browser never runs as this site.
"""

from django.http import Http404
from django.views.static import serve

MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def serve_media(request, path, document_root):
    if path.startswith("documents/"):
        raise Http404  # documents only through Wagtail's view, which applies their privacy
    response = serve(request, path, document_root=document_root)
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    content_type = IMAGE_TYPES.get(suffix)
    if content_type:
        response["Content-Type"] = content_type
    else:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response
