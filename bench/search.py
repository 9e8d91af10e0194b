"""Search, list-filter and duplicate-check timings at town and stress scale.

    python -m bench.search [--sizes 10000,1000000] [--queries 300] [--data DIR]

The data comes from the demo generator (`services.demo`), built once per size and kept in
DIR (default: the system temp folder) for later runs. Every timing goes through the services the
GUI and the CLI use: `registry_search.search`, `RegistrantList.count/window`, `find_duplicates`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from desktop_app.domain.application import Application
from desktop_app.services.demo import create_demo_database
from desktop_app.services.duplicates import find_duplicates
from desktop_app.services.registrant_list import ListQuery, RegistrantList
from desktop_app.services.registry_search import search
from desktop_app.store.database import Database

HIRAGANA = {chr(c + 0x60): chr(c) for c in range(0x3041, 0x3097)}


def _hiragana(text: str) -> str:
    return "".join({v: k for k, v in HIRAGANA.items()}.get(c, c) for c in text)


def _half_width_phone(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return f"({digits[:3]}) {digits[3:7]} {digits[7:]}"


def queries_for(person: dict) -> dict[str, str]:
    """What a clerk would type to find this person, one per kind of key."""
    queries = {
        "kana 2 chars (hiragana)": _hiragana(person["family_kana"][:2]),
        "kana family name": person["family_kana"],
        "kana full, spaced": f"{person['family_kana']} {person['given_kana']}",
        "kanji family name": person["family_name"],
        "kanji 1 char": person["family_name"][:1],
        "kanji full name": person["family_name"] + person["given_name"],
        "given name": person["given_name"],
        "card code": person["card_code"].lower(),
        "address (city + street)": (person["city"] + person["address"])[:6],
    }
    if person["registrant_no"]:
        queries["registrant number"] = person["registrant_no"]
    if person["phone"]:
        queries["phone, other formatting"] = _half_width_phone(person["phone"])
        queries["phone, last 4 digits"] = person["phone_digits"][-4:]
    if person["email"]:
        queries["e-mail start"] = person["email"][:6]
    return queries


def _stats(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def database_of(size: int, folder: Path) -> Path:
    path = folder / f"futasato-bench-{size}.sqlite"
    if not path.exists():
        start = time.perf_counter()
        create_demo_database(path, registrants=size, seed=7)
        print(f"built {path} in {time.perf_counter() - start:.1f} s")
    return path


def measure(path: Path, n_queries: int, seed: int = 1) -> dict:
    db = Database(path)
    try:
        total = db.registrants.count()
        rng = random.Random(seed)
        ids = [rng.randint(1, total) for _ in range(n_queries)]
        people = db.registrants.rows_for(ids, ("id", "registrant_no", "card_code", "family_name",
                                               "given_name", "family_kana", "given_kana",
                                               "birth_date", "city", "address", "phone",
                                               "phone_digits", "email"))
        by_kind: dict[str, list[float]] = defaultdict(list)
        list_times: list[float] = []
        found = 0
        listing = RegistrantList(db)
        for person in people:  # warm the page cache a little, as a clerk's first minutes would
            search(db, person["family_kana"])
        for person in people:
            for kind, text in queries_for(person).items():
                hits: list[dict] = []
                by_kind[kind].append(_timed(lambda t=text, h=hits: h.extend(search(db, t))))
                found += person["id"] in {h["id"] for h in hits} or len(hits) >= 50
                query = ListQuery(text=text)
                list_times.append(_timed(lambda q=query: (listing.count(q),
                                                          listing.window(q, 0, 100))))
        duplicate_times = [_timed(lambda p=person: find_duplicates(db, Application(
            family_name=p["family_name"], given_name=p["given_name"],
            family_kana=p["family_kana"], given_kana=p["given_kana"],
            birth_date=p["birth_date"], kind="furusato", phone=p["phone"], email=p["email"])))
            for person in people]
        every = [t for samples in by_kind.values() for t in samples]
        return {"registrants": total, "searches": len(every), "found": found,
                "all": _stats(every), "kinds": {k: _stats(v) for k, v in by_kind.items()},
                "list": _stats(list_times), "duplicates": _stats(duplicate_times)}
    finally:
        db.close()


def report(result: dict) -> str:
    lines = [f"### {result['registrants']:,} registrants — {result['searches']} searches "
             f"({result['found']} found the person or filled the first page)", "",
             "| what | median ms | p95 ms | max ms |", "|---|---:|---:|---:|"]

    def row(name: str, stats: tuple[float, float, float]) -> str:
        return f"| {name} | {stats[0]:.2f} | {stats[1]:.2f} | {stats[2]:.1f} |"

    lines.append(row("**search, all kinds**", result["all"]))
    lines += [row(f"search: {kind}", stats) for kind, stats in sorted(result["kinds"].items())]
    lines.append(row("list filter: count + first 100 rows", result["list"]))
    lines.append(row("duplicate candidates on entry", result["duplicates"]))
    return "\n".join(lines)


def run(sizes: tuple[int, ...] = (10_000, 1_000_000), n_queries: int = 300,
        folder: Path | None = None) -> list[dict]:
    folder = folder or Path(tempfile.gettempdir())
    results = []
    for size in sizes:
        result = measure(database_of(size, folder), n_queries)
        print(report(result), end="\n\n", flush=True)
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--queries", type=int, default=300, help="people sampled per size")
    parser.add_argument("--data", type=Path, default=None, help="folder for the bench files")
    args = parser.parse_args(argv)
    run(tuple(int(s) for s in args.sizes.split(",")), args.queries, args.data)
    return 0



def figures(path: Path, n_queries: int = 200) -> dict:
    """The search figures `python -m bench` records beside its own (in seconds)."""
    result = measure(path, n_queries)
    return {"search_median_s": result["all"][0] / 1000, "search_p95_s": result["all"][1] / 1000,
            "duplicates_p95_s": result["duplicates"][1] / 1000,
            "list_filter_p95_s": result["list"][1] / 1000}


if __name__ == "__main__":
    raise SystemExit(main())
