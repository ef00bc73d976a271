from wagtail import hooks


@hooks.register("before_serve_page")
def remember_page(page, request, serve_args, serve_kwargs):
    """The page being served decides its cache scope (pagecache.middleware checks the URL's guess).

    Pages behind a password or a login are never rendered for a request without a session
    cookie, and such requests are the only ones the page cache stores, so no check is needed here."""
    request.page_cache_url_path = page.url_path
