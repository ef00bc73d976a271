"""The client's IP address, also behind the load balancer.

X-Forwarded-For is only believed as far as TRUSTED_PROXY_COUNT says: each trusted proxy appends the
address it received the request from, so the client is the Nth address from the right. Anything
further left was written by the client and may be forged.
"""

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through the proxies: the connection's address is all we know
    return forwarded[-count]
