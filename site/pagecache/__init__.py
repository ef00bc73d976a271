"""The public page cache: whole HTML responses of public pages, kept in the configured cache
(local memory, or Redis in production) and never served after what they show has changed.

Every cache key carries version numbers ("generations") kept in the database: one for the
whole site and one per scope (a district, or the portal: every page outside a district). A
change that pages display bumps the numbers of what it touches once it has committed
(`pagecache.invalidate`), and from then on no process finds the old entries: correctness
does not depend on knowing which URLs showed the change, on the cache being reachable when
the change happened, or on the cache being shared by the processes.

Views whose content changes with the clock cap their entry's lifetime with
`pagecache.expiry.expire_at(request, when)`.
"""
