"""The attacker of the differencing tests: sums and differences of published numbers.

Every number a trend publishes (a count, a mood distribution, a sum behind a mean) is an
additive statistic over one set of check-ins. Adding or subtracting published numbers of
the same kind yields the same statistic over the signed sum of their sets; when that signed
sum is a plain set (every check-in counted 0 or 1 times) holding 1 to K-1 people, a
statistic about fewer than K people has been derived: a leak.

Sets are bitmasks over check-in indexes, so searching every pair and triple of a few dozen
published sets takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Published:
    label: str  # where the attacker read it, e.g. "API week 2026-06-01 from 2026-06-02"
    mask: int  # the check-ins it is computed over


@dataclass(frozen=True)
class Leak:
    terms: tuple[tuple[int, Published], ...]  # (sign, published)
    mask: int
    people: int

    def __str__(self) -> str:
        formula = " ".join(f"{'+' if sign > 0 else '-'} [{p.label}]" for sign, p in self.terms)
        return f"{formula} isolates {self.people} person(s), check-in mask {self.mask:#x}"


def _people(mask: int, person_masks: Sequence[int]) -> int:
    return sum(1 for person in person_masks if person & mask)


def find_leak(
    published: Sequence[Published], *, person_masks: Sequence[int], k: int, consented: int = 0
) -> Leak | None:
    """The first sum or difference of up to three published sets isolating 1..k-1 people.

    ``consented`` marks check-ins their authors showed the attacker themselves (shared
    with their lead): a derived set made only of those tells nothing new.

    Signs are searched up to a global flip (a derived -S tells as much as S): +A, A+B, A-B,
    A+B+C, A+B-C (any one of the three subtracted), A-B-C (any one kept).
    """
    unique: dict[int, Published] = {}
    for item in published:
        unique.setdefault(item.mask, item)
    sets = [p for mask, p in unique.items() if mask]

    def check(mask: int, terms: tuple[tuple[int, Published], ...]) -> Leak | None:
        if not mask & ~consented:
            return None
        people = _people(mask, person_masks)
        return Leak(terms, mask, people) if 0 < people < k else None

    for a in sets:
        if leak := check(a.mask, ((1, a),)):
            return leak
    for a, b in combinations(sets, 2):
        if not a.mask & b.mask and (leak := check(a.mask | b.mask, ((1, a), (1, b)))):
            return leak
        for big, small in ((a, b), (b, a)):
            if small.mask & ~big.mask == 0 and (
                leak := check(big.mask & ~small.mask, ((1, big), (-1, small)))
            ):
                return leak
    for trio in combinations(sets, 3):
        for i in range(3):
            c = trio[i]
            a, b = (trio[j] for j in range(3) if j != i)
            # a + b - c: a & b must lie inside c (counted 2-1), c inside a | b (never -1).
            if (a.mask & b.mask) & ~c.mask == 0 and c.mask & ~(a.mask | b.mask) == 0:
                mask = (a.mask & b.mask) | ((a.mask ^ b.mask) & ~c.mask)
                if leak := check(mask, ((1, a), (1, b), (-1, c))):
                    return leak
            # c - a - b: a and b disjoint, both inside c.
            if (
                not a.mask & b.mask
                and (a.mask | b.mask) & ~c.mask == 0
                and (leak := check(c.mask & ~a.mask & ~b.mask, ((1, c), (-1, a), (-1, b))))
            ):
                return leak
        a, b, c = trio
        if not (a.mask & b.mask or a.mask & c.mask or b.mask & c.mask) and (
            leak := check(a.mask | b.mask | c.mask, ((1, a), (1, b), (1, c)))
        ):
            return leak
    return None
