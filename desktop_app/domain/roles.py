"""Clerk roles and what each may do. The service layer checks these, so the CLI obeys them too."""

from __future__ import annotations

from enum import StrEnum

from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.text import N_, Msg


class Role(StrEnum):
    CLERK = "clerk"  # 窓口担当
    SUPERVISOR = "supervisor"  # 監督者
    ADMIN = "admin"  # 管理者


class Permission(StrEnum):
    VIEW_PERSONAL_DATA = "view_personal_data"  # open a person's file, search, lists with names
    REGISTER = "register"
    APPROVE = "approve"
    PRINT = "print"
    EXPORT = "export"
    SIGN_OFF = "sign_off"
    MANAGE_CLERKS = "manage_clerks"
    CHANGE_SETTINGS = "change_settings"
    LOAD_DEMO = "load_demo"
    VIEW_AUDIT = "view_audit"  # search, verify and export the audit trail
    DISCLOSE = "disclose"  # gather a person's full record for a 開示請求
    ANONYMISE = "anonymise"  # anonymise 抹消 people after the retention period
    BACKUP = "backup"  # a backup on demand (automatic ones run for anyone)
    RESTORE = "restore"
    EMERGENCY_LIST = "emergency_list"  # show, print or export the 非常時 list of people in town


ROLE_LABELS = {
    Role.CLERK: Msg(N_("Counter clerk")),
    Role.SUPERVISOR: Msg(N_("Supervisor")),
    Role.ADMIN: Msg(N_("Administrator")),
}

_CLERK = {Permission.VIEW_PERSONAL_DATA, Permission.REGISTER, Permission.PRINT}
_SUPERVISOR = _CLERK | {Permission.APPROVE, Permission.EXPORT, Permission.SIGN_OFF,
                        Permission.VIEW_AUDIT, Permission.DISCLOSE, Permission.ANONYMISE,
                        Permission.BACKUP, Permission.EMERGENCY_LIST}
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_SUPERVISOR | {Permission.MANAGE_CLERKS, Permission.CHANGE_SETTINGS,
                                         Permission.LOAD_DEMO, Permission.RESTORE}),
}


def require(role: Role, permission: Permission) -> None:
    if permission not in GRANTS[role]:
        raise PermissionDenied(
            N_("A {role} may not do this ({permission})."),
            {"role": ROLE_LABELS[role], "permission": permission.value},
        )
