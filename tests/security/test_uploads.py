"""Uploaded documents and images cannot serve HTML or script from the site's origin."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from security.media import serve_media

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def gif_polyglot():
    """A valid GIF whose bytes also hold an HTML page with a script."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "GIF")
    return buffer.getvalue() + SCRIPT


def upload_document(client, name, content):
    data = {"title": name, "collection": Collection.get_first_root_node().pk, "file": SimpleUploadedFile(name, content)}
    return client.post("/admin/documents/add/", data)


def upload_image(client, name, content):
    data = {"title": name, "collection": Collection.get_first_root_node().pk, "file": SimpleUploadedFile(name, content)}
    return client.post("/admin/images/add/", data)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["page.html", "page.htm", "image.svg", "script.js", "page.xhtml"])
def test_html_svg_and_script_documents_are_refused(client, superuser, name):
    client.force_login(superuser)
    before = get_document_model().objects.count()
    response = upload_document(client, name, SCRIPT)
    assert response.status_code == 200  # the form again, with its error
    assert f"文件扩展“{name.rsplit('.', 1)[1]}”是不被允许" in response.content.decode()
    assert get_document_model().objects.count() == before


@pytest.mark.django_db
def test_a_text_document_holding_html_downloads_as_plain_text(client, superuser):
    client.force_login(superuser)
    assert upload_document(client, "notice.txt", SCRIPT).status_code == 302
    document = get_document_model().objects.get(title="notice.txt")
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.django_db
def test_a_pdf_opens_in_the_browser_but_runs_nothing_of_ours(client, superuser):
    client.force_login(superuser)
    assert upload_document(client, "report.pdf", b"%PDF-1.4\n" + SCRIPT).status_code == 302
    document = get_document_model().objects.get(title="report.pdf")
    response = client.get(document.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("drawing.svg", SVG), ("page.html", SCRIPT), ("fake.png", SCRIPT), ("fake.gif", SVG)],
)
def test_svg_html_and_fake_images_are_refused(client, superuser, name, content):
    client.force_login(superuser)
    before = get_image_model().objects.count()
    response = upload_image(client, name, content)
    assert response.status_code == 200
    assert get_image_model().objects.count() == before


@pytest.mark.django_db
def test_a_gif_polyglot_is_only_ever_served_as_an_image(client, superuser, settings):
    client.force_login(superuser)
    assert upload_image(client, "poly.gif", gif_polyglot()).status_code == 302
    image = get_image_model().objects.get(title="poly.gif")
    request = RequestFactory().get(image.file.url)
    response = serve_media(request, image.file.name, document_root=settings.MEDIA_ROOT)
    body = b"".join(response.streaming_content)
    assert SCRIPT in body  # the bytes are there, but…
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_media_that_is_not_an_image_downloads_and_documents_are_not_reachable_there(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "private.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "stray.html").write_bytes(SCRIPT)
    request = RequestFactory().get("/media/stray.html")
    response = serve_media(request, "stray.html", document_root=tmp_path)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    with pytest.raises(Http404):
        serve_media(request, "documents/private.pdf", document_root=tmp_path)
