"""督查组评价's figures. Groups own the tables groups, group_members, group_changes and inspections; what
the hazards table says about a group or its county comes from ``dashboard.hazards`` (``facts.handover``,
``facts.not_handed_over``, ``facts.group_months``, ``by_unit``), never from SQL here.

Per group, for a window ending at the as-of date: visits (covert inspections), distinct enterprises checked,
hazards found and the major ones, the share of its due hazards handed over in writing to the county
government and to the city office (市安委办), its county's rectification rate and overdue count at the as-of
date, visits per week, and its stability (leader and member changes on file, each filed or not and how
fast). A hazard is *due* for handover once ``handover_days`` have passed since it was found; younger ones
are not counted either way, so a group is not marked down for what it found yesterday.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import clock, hazards, numbers, stored_settings, vocab
from dashboard import scope as scopes
from dashboard.db import Store
from dashboard.groups import rules
from dashboard.groups.periods import EvaluationWindow, active_days
from dashboard.hazards import facts

__all__ = ["thresholds", "first_stationed", "EVALUATION_COLUMNS", "evaluation", "group_info", "ROLE_ORDER", "members",
           "changes", "not_handed_over", "hazards_by_month"]

_HANDOVER = ("hazards", "major", "due", "handed_county", "handed_city")
EVALUATION_COLUMNS = (
    "group_id", "group", "unit_code", "unit", "leader", "leader_phone", "lead_unit", "stationed_on", "members",
    "visits", "enterprises", *_HANDOVER, "leader_changes", "member_changes", "changes_total", "unfiled_changes",
    "slowest_filing_days", "days", "visits_per_week", "county_handover_rate", "city_handover_rate",
    "rectification_rate", "overdue", "interview", "reasons", "reason_text",
)


def thresholds(store: Store) -> rules.Thresholds:
    """The rule's effective thresholds: the 设置 page's saved values, else the configured ones."""
    v = stored_settings.values(store, list(rules.RULE_SETTINGS))
    return rules.Thresholds(float(v["interview_min_visits_per_week"]), float(v["interview_min_handover_rate"]),
                            float(v["interview_min_rectification_rate"]), int(v["interview_handover_days"]))


def first_stationed(store: Store) -> date | None:
    """The earliest stationing date of any group (the start of 进驻以来)."""
    return clock.as_date(store.scalar("SELECT min(stationed_on) FROM groups"))


def _groups(store: Store, w: EvaluationWindow, scope: scopes.Scope) -> pd.DataFrame:
    """The groups in the scope in unit order, with their visits, members and changes in the window."""
    cond, params = scopes.where(scope, "g.unit_code")
    return store.query(
        f"""
        WITH v AS (
            SELECT group_id, count(*) AS visits, count(DISTINCT enterprise) AS enterprises
            FROM inspections WHERE covert AND visit_date BETWEEN ? AND ? GROUP BY group_id),
        c AS (
            SELECT group_id,
                   count(*) FILTER (WHERE kind = ? AND change_date >= ?) AS leader_changes,
                   count(*) FILTER (WHERE kind <> ? AND change_date >= ?) AS member_changes,
                   count(*) AS changes_total,
                   count(*) FILTER (WHERE filed_on IS NULL OR filed_on > ?) AS unfiled_changes,
                   max(date_diff('day', change_date, filed_on)) FILTER (WHERE filed_on <= ?) AS slowest_filing_days
            FROM group_changes WHERE change_date <= ? GROUP BY group_id),
        m AS (SELECT group_id, count(*) AS members FROM group_members GROUP BY group_id)
        SELECT g.id AS group_id, g.name AS "group", g.unit_code, u.name AS unit, g.leader, g.leader_phone,
               g.lead_unit, g.stationed_on, coalesce(m.members, 0) AS members,
               coalesce(v.visits, 0) AS visits, coalesce(v.enterprises, 0) AS enterprises,
               coalesce(c.leader_changes, 0) AS leader_changes, coalesce(c.member_changes, 0) AS member_changes,
               coalesce(c.changes_total, 0) AS changes_total, coalesce(c.unfiled_changes, 0) AS unfiled_changes,
               c.slowest_filing_days
        FROM groups g JOIN units u ON u.code = g.unit_code
        LEFT JOIN v ON v.group_id = g.id LEFT JOIN c ON c.group_id = g.id LEFT JOIN m ON m.group_id = g.id
        WHERE {cond}
        ORDER BY u.sort_order
        """,
        [w.start, w.end,
         vocab.GROUP_LEADER_CHANGE, w.start, vocab.GROUP_LEADER_CHANGE, w.start, w.end, w.end, w.end,
         *params],
    )


def evaluation(store: Store, w: EvaluationWindow, scope: scopes.Scope = (),
               t: rules.Thresholds | None = None) -> pd.DataFrame:
    """One row per group in the scope, in unit order, with every figure of the page and the rule's verdict
    (the columns of ``EVALUATION_COLUMNS``)."""
    t = t or thresholds(store)
    frame = _groups(store, w, scope)
    handed = facts.handover(store, w.start, w.end, t.handover_days)
    for column in _HANDOVER:
        frame[column] = [int(handed[column].get(g, 0)) for g in frame["group_id"]]
    frame["stationed_on"] = [clock.as_date(d) for d in frame["stationed_on"]]
    frame["days"] = [active_days(w, d) for d in frame["stationed_on"]]
    frame["visits_per_week"] = [rules.per_week(int(v), d) for v, d in zip(frame["visits"], frame["days"])]
    for side in ("county", "city"):
        frame[f"{side}_handover_rate"] = [numbers.percent(int(n), int(d))
                                          for n, d in zip(frame[f"handed_{side}"], frame["due"])]
    county = hazards.by_unit(store, w.end, scope).set_index("unit_code")
    frame["rectification_rate"] = [county["rate"].get(code) for code in frame["unit_code"]]
    frame["overdue"] = [int(county["overdue"].get(code, 0)) for code in frame["unit_code"]]
    frame["slowest_filing_days"] = frame["slowest_filing_days"].astype("Int64")
    return rules.judge(frame, t)[list(EVALUATION_COLUMNS)]


# -- one group ---------------------------------------------------------------------------------------
def group_info(store: Store, group_id: int) -> dict | None:
    """The group's row (every column of groups) and its unit's name; None for no such group."""
    frame = store.query(
        "SELECT g.*, u.name AS unit FROM groups g JOIN units u ON u.code = g.unit_code WHERE g.id = ?", [int(group_id)])
    if frame.empty:
        return None
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}


ROLE_ORDER = ("组长", "副组长", "成员", "联络员")


def members(store: Store, group_id: int) -> pd.DataFrame:
    """name, role, org, phone: 组长 first, then 副组长, 成员, 联络员."""
    frame = store.query("SELECT name, role, org, phone FROM group_members WHERE group_id = ? ORDER BY name",
                        [int(group_id)])
    rank = {r: i for i, r in enumerate(ROLE_ORDER)}
    return frame.assign(_r=frame["role"].map(lambda r: rank.get(r, len(rank)))).sort_values(
        ["_r", "name"], kind="stable").drop(columns="_r").reset_index(drop=True)


def changes(store: Store, group_id: int, today: date) -> pd.DataFrame:
    """The group's changes on file, oldest first: change_date, kind, old_value, new_value, reason, filed_on,
    filing_days (None when not filed by ``today``)."""
    frame = store.query(
        """SELECT change_date, kind, old_value, new_value, reason, filed_on,
                  CASE WHEN filed_on <= ? THEN date_diff('day', change_date, filed_on) END AS filing_days
           FROM group_changes WHERE group_id = ? AND change_date <= ? ORDER BY change_date, id""",
        [today, int(group_id), today],
    )
    frame["filing_days"] = frame["filing_days"].astype("Int64")
    return frame


def not_handed_over(store: Store, group_id: int, w: EvaluationWindow, handover_days: int) -> pd.DataFrame:
    """The records behind the handover shares (``hazards.facts.not_handed_over`` over the window): the group's
    hazards found in it, due for handover and not yet handed over in writing to the county or to the city
    office, oldest first. Columns: id, found_date, enterprise, level, status, handed_county_on, handed_city_on."""
    return facts.not_handed_over(store, group_id, w.start, w.end, handover_days)


def hazards_by_month(store: Store, group_id: int, today: date) -> pd.DataFrame:
    """The group's hazards per month found, up to ``today`` (``hazards.facts.group_months``): month (first
    day), found, major, handed_county, handed_city (handed over by ``today``)."""
    return facts.group_months(store, group_id, today)
