#!/usr/bin/env python
"""In-process search latency over the demo content: p50 and p95 per query, on SQLite.

    .venv/bin/python bench/search_latency.py [--runs 50] [--database-url sqlite:///…|postgres://…]

For each query, two timings: the search itself (the count and the first page of ten results,
as the search page asks for them) and the whole search page (Django's test client: routing,
search, excerpts with highlighting, template). Then the CPU time per request of the floor, the
search page's shell, searches and an article, as a share of the floor. A fresh copy of the demo site is built in a
temporary folder unless --database-url names a database that already holds the demo content.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.demo_site import bench_env, prepare, setup_django

QUERIES = [
    ("养老", "a two-character word"),
    ("養老", "traditional characters"),
    ("网格员", "a three-character word"),
    ("社区养老", "two words"),
    ("党建引领基层治理", "a long phrase"),
    ("ylbx", "pinyin initials"),
    ("红色物业", "a brand name"),
    ("火星基地", "no results"),
]


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(function, runs):
    function()  # warm: jieba's dictionary, the site cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def cpu_per_request(client, home, rounds):
    """CPU time per request (time.process_time) of whole pages through the test client, in interleaved
    rounds: far less disturbed by other work on the machine than wall-clock times."""
    from wagtail.models import Page

    article = Page.objects.live().filter(content_type__model="articlepage").descendant_of(home).first()
    urls = [
        ("floor", "/bench/floor/", {}),
        ("search page, no query (the page shell)", f"{home.url}search/", {}),
        ("district search, nothing found", f"{home.url}search/", {"q": "养老"}),
        ("district search, 10 results", f"{home.url}search/", {"q": "网格"}),
        ("portal search, 10 results", "/search/", {"q": "网格"}),
    ]
    if article is not None:
        urls.append(("an article", article.url, {}))
    totals = dict.fromkeys(range(len(urls)), 0.0)
    for _ in range(3):
        for _name, url, params in urls:
            client.get(url, params)
    for _ in range(rounds):
        for i, (_name, url, params) in enumerate(urls):
            start = time.process_time()
            client.get(url, params)
            totals[i] += time.process_time() - start
    floor = totals[0] / rounds * 1000
    print(f"\nCPU time per request, test client, {rounds} interleaved rounds:")
    for i, (name, url, params) in enumerate(urls):
        ms = totals[i] / rounds * 1000
        query = f"?q={params['q']}" if params else ""
        print(f"  {name:<40} {ms:>7.2f} ms  {100 * floor / ms:>6.1f} % of the floor  {url}{query}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query (default 50)")
    parser.add_argument("--database-url", help="a database with the demo content (default: a fresh SQLite copy)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="governance-search-bench-"))
    try:
        if args.database_url:
            env = bench_env(workdir, DATABASE_URL=args.database_url)
        else:
            print(f"Preparing the demo site in {workdir}")
            env = prepare(workdir)
        setup_django(env)

        from django.db import connection
        from django.test import Client
        from wagtail.models import Page
        from wagtail.search.backends import get_search_backend

        from districts.models import DistrictHomePage
        from search import text
        from search.backend import Terms

        home = DistrictHomePage.objects.get(slug="xining")
        portal = home.get_parent()
        backend = get_search_backend()
        client = Client()
        pages = Page.objects.live().public().count()
        print(f"{connection.vendor}, {pages} live pages, {args.runs} runs per query; times in ms\n")

        def search(root, query):
            def run():
                results = backend.search(
                    Terms(text.query_terms(query)), Page.objects.live().public().descendant_of(root, inclusive=True)
                )
                results.count()
                list(results[:10])

            return run

        def page(url, query):
            def run():
                response = client.get(url, {"q": query})
                assert response.status_code == 200, response.status_code

            return run

        header = (
            f"{'query':<18} {'search p50':>10} {'p95':>7} {'page p50':>9} {'p95':>7} {'portal page p50':>16} {'p95':>7}"
        )
        print(header)
        print("-" * len(header))
        all_search, all_page = [], []
        for query, what in QUERIES:
            s = timed(search(home, query), args.runs)
            p = timed(page("/xining/search/", query), args.runs)
            portal_page = timed(page("/search/", query), args.runs)
            all_search += s
            all_page += p + portal_page
            hits = backend.search(Terms(text.query_terms(query)), Page.objects.live().public().descendant_of(portal))
            print(
                f"{query:<18} {percentile(s, 50):>10.1f} {percentile(s, 95):>7.1f} {percentile(p, 50):>9.1f} "
                f"{percentile(p, 95):>7.1f} {percentile(portal_page, 50):>16.1f} {percentile(portal_page, 95):>7.1f}"
                f"   {what}, {hits.count()} hits on the portal"
            )
        print("-" * len(header))
        print(
            f"{'all':<18} {percentile(all_search, 50):>10.1f} {percentile(all_search, 95):>7.1f} "
            f"{percentile(all_page, 50):>9.1f} {percentile(all_page, 95):>7.1f}   (pages: district and portal)"
        )
        print(f"\nmean search {statistics.mean(all_search):.1f} ms, mean page {statistics.mean(all_page):.1f} ms")
        cpu_per_request(client, home, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
