"""Matching registrants' wishes against vacant houses, ranked, both ways.

A score runs from 0 to 100. Some things rule a pair out entirely (no pets where pets must come,
sale against rent, a price far over budget); the rest only lower the score, so a clerk still sees
the near misses, best first.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

# A price up to this much over budget still shows, scored down to nothing at the edge.
OVER_BUDGET = 0.2


@dataclass(frozen=True, slots=True)
class Listing:
    id: int
    district: str
    for_sale: bool
    for_rent: bool
    price_yen: int | None
    rent_yen: int | None
    floor_m2: float | None
    rooms: int | None
    pets_allowed: bool
    available_from: date | None = None


@dataclass(frozen=True, slots=True)
class Wish:
    registrant_id: int
    areas: frozenset[str]
    wants_sale: bool
    wants_rent: bool
    max_price_yen: int | None
    max_rent_yen: int | None
    min_floor_m2: float | None
    min_rooms: int | None
    needs_pets: bool
    move_in_until: date | None = None


def _budget_fit(asked: int | None, budget: int | None) -> float:
    if budget is None or asked is None or asked <= budget:
        return 1.0
    ceiling = budget * (1 + OVER_BUDGET)
    return (ceiling - asked) / (ceiling - budget) if asked < ceiling else -1.0


def score(wish: Wish, house: Listing) -> int | None:
    """How well a house suits a wish, 0–100; None when it cannot suit at all."""
    if wish.needs_pets and not house.pets_allowed:
        return None
    fit = -1.0
    if wish.wants_sale and house.for_sale:
        fit = _budget_fit(house.price_yen, wish.max_price_yen)
    if wish.wants_rent and house.for_rent:
        fit = max(fit, _budget_fit(house.rent_yen, wish.max_rent_yen))
    if fit < 0:
        return None
    return round(35 * fit + _area_points(wish.areas, house.district)
                 + _floor_points(wish.min_floor_m2, house.floor_m2)
                 + _rooms_points(wish.min_rooms, house.rooms)
                 + _move_in_points(wish.move_in_until, house.available_from))


def _area_points(areas: frozenset[str], district: str) -> int:
    if not areas:
        return 15
    return 30 if district in areas else 0


def _floor_points(wanted: float | None, floor_m2: float | None) -> int:
    if wanted is None:
        return 10
    if floor_m2 is None:
        return 5
    if floor_m2 >= wanted:
        return 15
    return 7 if floor_m2 >= 0.8 * wanted else 0


def _rooms_points(wanted: int | None, rooms: int | None) -> int:
    return 10 if wanted is None or (rooms is not None and rooms >= wanted) else 0


def _move_in_points(until: date | None, available_from: date | None) -> int:
    return 10 if until is None or available_from is None or available_from <= until else 0


@dataclass(frozen=True, slots=True)
class WishFloor:
    """What a wish must at least allow for a house to be in the running (a cheap pre-filter).

    A side that the house does not offer is None; a budget must exceed the floor.
    """

    pets: bool
    sale_budget_above: float | None
    rent_budget_above: float | None


def wish_floor(house: Listing) -> WishFloor:
    """The same limits `score` rules pairs out by, as numbers a store can filter on."""
    def floor(offered: bool, asked: int | None) -> float | None:
        if not offered:
            return None
        return 0.0 if asked is None else asked / (1 + OVER_BUDGET)

    return WishFloor(house.pets_allowed, floor(house.for_sale, house.price_yen),
                     floor(house.for_rent, house.rent_yen))


def houses_for(wish: Wish, houses: Iterable[Listing], limit: int = 20) -> list[tuple[int, int]]:
    """(score, house id) for the best houses for one person, best first (ties: lower id first)."""
    pairs = ((score(wish, house), house.id) for house in houses)
    best = heapq.nlargest(limit, ((s, -i) for s, i in pairs if s is not None))
    return [(s, -i) for s, i in best]


def people_for(house: Listing, wishes: Iterable[Wish], limit: int = 50) -> list[tuple[int, int]]:
    """(score, registrant id) for the people a house suits best, best first."""
    pairs = ((score(wish, house), wish.registrant_id) for wish in wishes)
    best = heapq.nlargest(limit, ((s, -i) for s, i in pairs if s is not None))
    return [(s, -i) for s, i in best]


def people_for_each(houses: Iterable[Listing], wishes: Iterable[Wish],
                    limit: int = 50) -> dict[int, list[tuple[int, int]]]:
    """`people_for` for every house at once, by house id: the same lists from far fewer scores.

    Wishes alike in size, rooms and move-in, and alike in how their areas meet the house's
    district (in it, no area named, elsewhere), get the same points from a house for everything
    but the budget; with a full budget fit on top, that bounds the score of the whole group.
    Groups are scored best bound first, and once a house has `limit` people, groups that cannot
    reach the lowest of them are never scored.
    """
    houses = list(houses)
    if limit <= 0:
        return {house.id: [] for house in houses}
    alike: dict[tuple, list[Wish]] = {}
    for wish in wishes:
        alike.setdefault((wish.min_floor_m2, wish.min_rooms, wish.move_in_until), []).append(wish)
    by_district: dict[str, list[tuple]] = {}
    ranked = {}
    for house in houses:
        if house.district not in by_district:
            by_district[house.district] = [(key, *_by_area(members, house.district))
                                           for key, members in alike.items()]
        bounded = []
        for (floor, rooms, until), inside, anywhere, elsewhere in by_district[house.district]:
            rest = 35 + (_floor_points(floor, house.floor_m2) + _rooms_points(rooms, house.rooms)
                         + _move_in_points(until, house.available_from))
            bounded += ((rest + 30, inside), (rest + 15, anywhere), (rest, elsewhere))
        bounded.sort(key=itemgetter(0), reverse=True)
        best: list[tuple[int, int]] = []  # a min-heap of (score, -registrant id)
        for bound, members in bounded:
            if len(best) == limit and bound < best[0][0]:
                break  # a tie on score may still win on a lower registrant id: hence not <=
            for wish in members:
                points = score(wish, house)
                if points is None:
                    continue
                if len(best) < limit:
                    heapq.heappush(best, (points, -wish.registrant_id))
                elif (points, -wish.registrant_id) > best[0]:
                    heapq.heapreplace(best, (points, -wish.registrant_id))
        ranked[house.id] = [(s, -i) for s, i in sorted(best, reverse=True)]
    return ranked


def _by_area(wishes: list[Wish], district: str) -> tuple[list[Wish], list[Wish], list[Wish]]:
    """Wishes naming the district, naming no area at all, and naming only other areas."""
    inside = [wish for wish in wishes if district in wish.areas]
    anywhere = [wish for wish in wishes if not wish.areas]
    elsewhere = [wish for wish in wishes if wish.areas and district not in wish.areas]
    return inside, anywhere, elsewhere
