"""Who is acting: local accounts and their sign-in (accounts), the signed-in sessions (sessions).

The rules of who may do what are dashboard/roles.py (pure, checked in every write's audit line); this package
keeps the people. The page side is dashboard/ui/signin.py.
"""

from dashboard.access import accounts, sessions
from dashboard.access.accounts import (SignedIn, SignInRefused, WallLink, add_user, change_password, count_users,
                                       create_wall_link, edit_user, get_user, password_problem, reset_password,
                                       revoke_wall_link, set_active, sign_in, sign_out, user_list, wall_links,
                                       wall_user)

__all__ = ["accounts", "sessions", "SignedIn", "SignInRefused", "WallLink", "add_user", "change_password",
           "count_users", "create_wall_link", "edit_user", "get_user", "password_problem", "reset_password",
           "revoke_wall_link", "set_active", "sign_in", "sign_out", "user_list", "wall_links", "wall_user"]
