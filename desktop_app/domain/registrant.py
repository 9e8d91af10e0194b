"""Who is registered with the town: kinds, tiers, statuses and the rules between them."""

from __future__ import annotations

from enum import StrEnum

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_, Msg


class Kind(StrEnum):
    FURUSATO = "furusato"  # ふるさと住民
    DUAL = "dual"  # 二地域居住者 (特定居住)


class Tier(StrEnum):
    BASIC = "basic"
    PREMIUM = "premium"


class Status(StrEnum):
    APPLIED = "applied"  # 申請中
    REGISTERED = "registered"  # 登録
    RENEWED = "renewed"  # 更新
    EXPIRED = "expired"  # 失効
    REVOKED = "revoked"  # 取消
    ERASED = "erased"  # 抹消


KIND_LABELS = {Kind.FURUSATO: Msg(N_("Furusato resident")), Kind.DUAL: Msg(N_("Dual resident"))}
TIER_LABELS = {Tier.BASIC: Msg(N_("Basic")), Tier.PREMIUM: Msg(N_("Premium"))}
STATUS_LABELS = {
    Status.APPLIED: Msg(N_("Applied")),
    Status.REGISTERED: Msg(N_("Registered")),
    Status.RENEWED: Msg(N_("Renewed")),
    Status.EXPIRED: Msg(N_("Expired")),
    Status.REVOKED: Msg(N_("Revoked")),
    Status.ERASED: Msg(N_("Erased")),
}

_ALLOWED = {
    Status.APPLIED: {Status.REGISTERED, Status.REVOKED, Status.ERASED},
    Status.REGISTERED: {Status.RENEWED, Status.EXPIRED, Status.REVOKED, Status.ERASED},
    Status.RENEWED: {Status.RENEWED, Status.EXPIRED, Status.REVOKED, Status.ERASED},
    Status.EXPIRED: {Status.RENEWED, Status.ERASED},
    Status.REVOKED: {Status.ERASED},
    Status.ERASED: set(),
}


def next_statuses(current: Status) -> frozenset[Status]:
    """The statuses a registrant in `current` may move to (what their file may offer)."""
    return frozenset(_ALLOWED[current])


def check_transition(current: Status, target: Status) -> None:
    """Refuse a status change the register does not allow."""
    if target not in _ALLOWED[current]:
        raise RuleRefused(
            N_("A registrant cannot go from {current} to {target}."),
            {"current": STATUS_LABELS[current], "target": STATUS_LABELS[target]},
            field=N_("Status"),
        )


def is_live(status: Status) -> bool:
    """A registrant whose registration currently holds."""
    return status in (Status.REGISTERED, Status.RENEWED)
