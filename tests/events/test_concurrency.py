"""50 residents press 报名 at once for 10 places: exactly 10 are confirmed, 40 waitlisted.

Real concurrent requests need real concurrent transactions: PostgreSQL only (scripts/test.sh --postgres).
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from events.models import SignUp

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_fifty_sign_ups_at_once_for_ten_places(make_event):
    cache.clear()
    event = make_event(capacity=10, title="并发报名测试")
    url = event.url + "signup/"
    day = event.next_occurrence().key
    barrier = threading.Barrier(50)
    codes = []

    def sign_up(n):
        try:
            client = Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}")
            barrier.wait()
            data = {"occurrence": day, "name": f"居民{n}", "mobile": f"1390000{n:04d}", "consent": "on"}
            codes.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert codes == [302] * 50
    rows = SignUp.objects.filter(event=event)
    assert rows.filter(status=SignUp.CONFIRMED).count() == 10
    assert rows.filter(status=SignUp.WAITLISTED).count() == 40
    assert sorted(rows.values_list("position", flat=True)) == list(range(1, 51))
    # the first ten to get the lock are the confirmed ones
    assert set(rows.filter(status=SignUp.CONFIRMED).values_list("position", flat=True)) == set(range(1, 11))
