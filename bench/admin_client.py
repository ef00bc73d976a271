"""A Wagtail admin user over HTTP, as a browser sends it: log in, then GET and POST forms with the
session and CSRF cookies. Used by bench/faults.py and tests/deployment against real gunicorn servers.

The session lives in the database, so one logged-in client may send its requests to any of several
app servers sharing that database (`at(base)`), as a load balancer without sticky sessions does.
"""

import re

import requests

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class AdminClient:
    def __init__(self, base, host=None, timeout=60):
        """`host`: the Host header, the public name a load balancer passes on to every app server."""
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        if host:
            self.session.headers["Host"] = host

    def at(self, base):
        """The same user (same cookies) on another app server."""
        other = AdminClient(base, timeout=self.timeout)
        other.session = self.session
        return other

    def url(self, path):
        return path if path.startswith("http") else self.base + path

    def get(self, path, **kwargs):
        return self.session.get(self.url(path), timeout=self.timeout, allow_redirects=False, **kwargs)

    def post(self, path, data, files=None):
        """POST a form; the CSRF token is the cookie's secret, which Django accepts as the form's token."""
        token = self.session.cookies.get("csrftoken")
        if token is None:
            token = TOKEN.search(self.get(path).text).group(1)
        return self.session.post(
            self.url(path),
            data={**data, "csrfmiddlewaretoken": token},
            files=files,
            timeout=self.timeout,
            allow_redirects=False,
        )

    def login(self, username, password):
        page = self.get("/admin/login/")
        page.raise_for_status()
        token = TOKEN.search(page.text).group(1)
        response = self.session.post(
            self.url("/admin/login/"),
            data={"username": username, "password": password, "next": "/admin/", "csrfmiddlewaretoken": token},
            timeout=self.timeout,
            allow_redirects=False,
        )
        if response.status_code != 302 or "sessionid" not in self.session.cookies:
            raise RuntimeError(f"admin login as {username} failed: HTTP {response.status_code}")
        return self
