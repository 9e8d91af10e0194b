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
    points = 35 * fit
    if not wish.areas:
        points += 15
    elif house.district in wish.areas:
        points += 30
    if wish.min_floor_m2 is None:
        points += 10
    elif house.floor_m2 is None:
        points += 5
    elif house.floor_m2 >= wish.min_floor_m2:
        points += 15
    elif house.floor_m2 >= 0.8 * wish.min_floor_m2:
        points += 7
    if wish.min_rooms is None or (house.rooms is not None and house.rooms >= wish.min_rooms):
        points += 10
    if (wish.move_in_until is None or house.available_from is None
            or house.available_from <= wish.move_in_until):
        points += 10
    return round(points)


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
