"""督查组评价: the 12 embedded covert inspection groups evaluated for a period, and the 建议约谈 rule.

Per group, for a period ending at the as-of date (本月 / 本季度 / 本年 / 进驻以来): visits (inspections),
distinct enterprises checked, hazards found and the major ones, the share of its due hazards handed over in
writing to the county government and to the city office (市安委办), its county's rectification rate and
overdue count at the as-of date (hazards.by_unit), visits per week, and its stability (leader and member
changes on file, each filed or not and how fast).

A hazard is *due* for handover once ``interview_handover_days`` have passed since it was found; younger ones
are not counted either way, so a group is not marked down for what it found yesterday.

The rule is a pure function (``interview_rule``: metrics + thresholds -> flag and Chinese reasons); the
thresholds are settings edited on the 设置 page (``stored_settings``). Rates are compared as shown (percent,
one decimal), so a figure displayed as 90.0% is never called "below 90%".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from dashboard import clock, hazards, stored_settings, vocab
from dashboard import scope as scopes
from dashboard.db import Store
from dashboard.export import Column, xlsx_table

# -- periods ------------------------------------------------------------------------------------------
MONTH, QUARTER, YEAR, SINCE_STATIONED = "本月", "本季度", "本年", "进驻以来"
PERIODS = (MONTH, QUARTER, YEAR, SINCE_STATIONED)
DEFAULT_PERIOD = SINCE_STATIONED


@dataclass(frozen=True)
class Period:
    """[start, end] in whole days; ``end`` is the as-of date."""

    name: str
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.name}（{clock.format_date(self.start)} 至 {clock.format_date(self.end)}）"


def period(name: str, today: date, stationed_on: date | None) -> Period:
    """The named period ending ``today``; 进驻以来 starts on the (earliest) stationing date. An unknown name is
    the default period. A start after ``today`` (stationed in the future) is ``today``."""
    if name == MONTH:
        start = today.replace(day=1)
    elif name == QUARTER:
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    elif name == YEAR:
        start = date(today.year, 1, 1)
    else:
        name, start = SINCE_STATIONED, stationed_on or date(today.year, 1, 1)
    return Period(name, min(start, today), today)


def active_days(p: Period, stationed_on: date | None) -> int:
    """Days of the period the group was stationed (inclusive); 0 when it came after the period."""
    start = max(p.start, stationed_on) if stationed_on else p.start
    return max((p.end - start).days + 1, 0)


def per_week(visits: int, days: int) -> float | None:
    """Visits per week over ``days`` days, one decimal; None for no days."""
    return None if days <= 0 else round(visits * 7 / days, 1)


# -- the 建议约谈 rule ------------------------------------------------------------------------------
RULE_SETTINGS = ("interview_min_visits_per_week", "interview_min_handover_rate", "interview_min_rectification_rate",
                 "interview_handover_days")


MIN_DAYS_FOR_WEEKLY = 7  # visits per week are judged over at least a whole week


@dataclass(frozen=True)
class Thresholds:
    min_visits_per_week: float
    min_handover_rate: float          # a share 0..1
    min_rectification_rate: float     # a share 0..1
    handover_days: int

    def describe(self) -> str:
        return (f"每周暗访检查少于{self.min_visits_per_week:g}次；书面移交县区政府或市安委办比例低于"
                f"{_share_text(self.min_handover_rate)}（发现满{self.handover_days}天的隐患）；所驻县区隐患整改率低于"
                f"{_share_text(self.min_rectification_rate)}；人员变更未备案——任一项即建议约谈")


def thresholds(store: Store) -> Thresholds:
    """The rule's effective thresholds: the 设置 page's saved values, else the configured ones."""
    v = stored_settings.values(store, list(RULE_SETTINGS))
    return Thresholds(float(v["interview_min_visits_per_week"]), float(v["interview_min_handover_rate"]),
                      float(v["interview_min_rectification_rate"]), int(v["interview_handover_days"]))


def _percent_of(share: float) -> float:
    return round(share * 100, 6)  # 0.57 * 100 is 56.999…: compare and show 57


def _share_text(share: float) -> str:
    return f"{_percent_of(share):g}%"


def _known(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def interview_rule(metrics: Mapping[str, Any], t: Thresholds) -> tuple[bool, list[str]]:
    """(建议约谈?, every failed test as a Chinese reason with the figure and the threshold).

    ``metrics``: visits_per_week (None: not stationed in the period; not judged when ``days``, the days
    stationed in the period, are fewer than a week), county_handover_rate and
    city_handover_rate (percent, one decimal; None: no hazard due for handover), rectification_rate
    (percent; None: the county has no hazards), unfiled_changes (count). A figure equal to its threshold passes.
    """
    reasons = []
    visits = _known(metrics.get("visits_per_week"))
    days = _known(metrics.get("days"))
    judged = days is None or days >= MIN_DAYS_FOR_WEEKLY  # three holiday days say little about a week
    if visits is not None and judged and visits < t.min_visits_per_week:
        reasons.append(f"每周暗访检查 {visits:.1f} 次，少于 {t.min_visits_per_week:g} 次")
    for key, label in (("county_handover_rate", "书面移交县区政府比例"), ("city_handover_rate", "书面移交市安委办比例")):
        value = _known(metrics.get(key))
        if value is not None and value < _percent_of(t.min_handover_rate):
            reasons.append(f"{label} {value:.1f}%，低于 {_share_text(t.min_handover_rate)}")
    rect = _known(metrics.get("rectification_rate"))
    if rect is not None and rect < _percent_of(t.min_rectification_rate):
        reasons.append(f"所驻县区隐患整改率 {rect:.1f}%，低于 {_share_text(t.min_rectification_rate)}")
    unfiled = int(_known(metrics.get("unfiled_changes")) or 0)
    if unfiled > 0:
        reasons.append(f"{unfiled} 次人员变更未向市安委办备案")
    return bool(reasons), reasons


# -- the evaluation ----------------------------------------------------------------------------------
def first_stationed(store: Store) -> date | None:
    """The earliest stationing date of any group (the start of 进驻以来)."""
    return clock.as_date(store.scalar("SELECT min(stationed_on) FROM groups"))


def evaluation(store: Store, p: Period, scope: scopes.Scope = (), t: Thresholds | None = None) -> pd.DataFrame:
    """One row per group in the scope, in unit order, with every figure of the page and the rule's verdict.

    Columns: group_id, group, unit_code, unit, leader, leader_phone, lead_unit, stationed_on, members, days,
    visits, enterprises, visits_per_week, hazards, major, due, handed_county, handed_city,
    county_handover_rate, city_handover_rate, rectification_rate, overdue, leader_changes, member_changes,
    changes_total, unfiled_changes, slowest_filing_days, interview, reasons (list), reason_text.
    """
    t = t or thresholds(store)
    due_by = p.end - timedelta(days=t.handover_days)
    cond, params = scopes.where(scope, "g.unit_code")
    frame = store.query(
        f"""
        WITH v AS (
            SELECT group_id, count(*) AS visits, count(DISTINCT enterprise) AS enterprises
            FROM inspections WHERE covert AND visit_date BETWEEN ? AND ? GROUP BY group_id),
        h AS (
            SELECT group_id, count(*) AS hazards, count(*) FILTER (WHERE level = ?) AS major,
                   count(*) FILTER (WHERE found_date <= ?) AS due,
                   count(*) FILTER (WHERE found_date <= ? AND handed_county_on <= ?) AS handed_county,
                   count(*) FILTER (WHERE found_date <= ? AND handed_city_on <= ?) AS handed_city
            FROM hazards WHERE group_id IS NOT NULL AND found_date BETWEEN ? AND ? GROUP BY group_id),
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
               coalesce(h.hazards, 0) AS hazards, coalesce(h.major, 0) AS major, coalesce(h.due, 0) AS due,
               coalesce(h.handed_county, 0) AS handed_county, coalesce(h.handed_city, 0) AS handed_city,
               coalesce(c.leader_changes, 0) AS leader_changes, coalesce(c.member_changes, 0) AS member_changes,
               coalesce(c.changes_total, 0) AS changes_total, coalesce(c.unfiled_changes, 0) AS unfiled_changes,
               c.slowest_filing_days
        FROM groups g JOIN units u ON u.code = g.unit_code
        LEFT JOIN v ON v.group_id = g.id LEFT JOIN h ON h.group_id = g.id
        LEFT JOIN c ON c.group_id = g.id LEFT JOIN m ON m.group_id = g.id
        WHERE {cond}
        ORDER BY u.sort_order
        """,
        [p.start, p.end,
         vocab.LEVEL_MAJOR, due_by, due_by, p.end, due_by, p.end, p.start, p.end,
         vocab.GROUP_LEADER_CHANGE, p.start, vocab.GROUP_LEADER_CHANGE, p.start, p.end, p.end, p.end,
         *params],
    )
    frame["stationed_on"] = [clock.as_date(d) for d in frame["stationed_on"]]
    frame["days"] = [active_days(p, d) for d in frame["stationed_on"]]
    frame["visits_per_week"] = [per_week(int(v), d) for v, d in zip(frame["visits"], frame["days"])]
    frame["county_handover_rate"] = [hazards.rate(int(n), int(d)) for n, d in zip(frame["handed_county"], frame["due"])]
    frame["city_handover_rate"] = [hazards.rate(int(n), int(d)) for n, d in zip(frame["handed_city"], frame["due"])]
    county = hazards.by_unit(store, p.end, scope).set_index("unit_code")
    frame["rectification_rate"] = [county["rate"].get(code) for code in frame["unit_code"]]
    frame["overdue"] = [int(county["overdue"].get(code, 0)) for code in frame["unit_code"]]
    frame["slowest_filing_days"] = frame["slowest_filing_days"].astype("Int64")
    verdicts = [interview_rule(row, t) for row in frame.to_dict("records")]
    frame["interview"] = [flag for flag, _ in verdicts]
    frame["reasons"] = [reasons for _, reasons in verdicts]
    frame["reason_text"] = ["；".join(reasons) for reasons in frame["reasons"]]
    return frame


def flagged_first(frame: pd.DataFrame) -> pd.DataFrame:
    """The groups flagged 建议约谈 first (most reasons first), then the rest, each in unit order."""
    order = frame.assign(_n=[-len(r) for r in frame["reasons"]], _i=range(len(frame)))
    return order.sort_values(["interview", "_n", "_i"], ascending=[False, True, True]).drop(columns=["_n", "_i"])


def stability_text(row: Mapping[str, Any]) -> str:
    """A group's changes in one line: 本期组长变更1次、成员调整0次；累计1次，均已备案（最慢2天）."""
    total = int(row["changes_total"])
    if not total:
        return "无人员变更"
    unfiled = int(row["unfiled_changes"])
    filing = f"{unfiled}次未备案" if unfiled else "均已备案"
    slowest = row.get("slowest_filing_days")
    if slowest is not None and not pd.isna(slowest):
        filing += f"（最慢{int(slowest)}天）"
    return f"本期组长变更{int(row['leader_changes'])}次、成员变动{int(row['member_changes'])}次；累计{total}次，{filing}"


def short_name(name: str) -> str:
    """第四暗访督查组（驻宁陕县） -> 第四组（宁陕县）, for narrow table cells and chart labels."""
    return name.replace("暗访督查组（驻", "组（")


def stability_short(row: Mapping[str, Any]) -> str:
    """The same for a table cell: 无变更 / 变更1次·均已备案 / 变更2次·1次未备案."""
    total = int(row["changes_total"])
    if not total:
        return "无变更"
    unfiled = int(row["unfiled_changes"])
    return f"变更{total}次·{f'{unfiled}次未备案' if unfiled else '均已备案'}"


def summary(frame: pd.DataFrame) -> dict:
    """Tiles: groups, flagged, visits, enterprises, hazards, major, and the handover shares over all groups."""
    due = int(frame["due"].sum())
    return {
        "groups": len(frame), "flagged": int(frame["interview"].sum()), "visits": int(frame["visits"].sum()),
        "enterprises": int(frame["enterprises"].sum()), "hazards": int(frame["hazards"].sum()),
        "major": int(frame["major"].sum()), "due": due,
        "county_handover_rate": hazards.rate(int(frame["handed_county"].sum()), due),
        "city_handover_rate": hazards.rate(int(frame["handed_city"].sum()), due),
    }


# -- one group ---------------------------------------------------------------------------------------
def group_info(store: Store, group_id: int) -> dict | None:
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


def not_handed_over(store: Store, group_id: int, p: Period, handover_days: int) -> pd.DataFrame:
    """The records behind the handover shares: the group's hazards found in the period and due for handover
    that are not yet handed over in writing to the county or to the city office, oldest first.
    Columns: id, found_date, enterprise, level, status, handed_county_on, handed_city_on."""
    due_by = p.end - timedelta(days=handover_days)
    return store.query(
        """SELECT id, found_date, enterprise, level, status,
                  CASE WHEN handed_county_on <= ? THEN handed_county_on END AS handed_county_on,
                  CASE WHEN handed_city_on <= ? THEN handed_city_on END AS handed_city_on
           FROM hazards
           WHERE group_id = ? AND found_date BETWEEN ? AND ?
             AND (handed_county_on IS NULL OR handed_county_on > ? OR handed_city_on IS NULL OR handed_city_on > ?)
           ORDER BY found_date, id""",
        [p.end, p.end, int(group_id), p.start, due_by, p.end, p.end],
    )


def hazards_by_month(store: Store, group_id: int, today: date) -> pd.DataFrame:
    """The group's hazards per month found, up to ``today``: month (first day), found, major, handed_county,
    handed_city (handed over by ``today``)."""
    return store.query(
        """SELECT date_trunc('month', found_date)::DATE AS month, count(*) AS found,
                  count(*) FILTER (WHERE level = ?) AS major,
                  count(*) FILTER (WHERE handed_county_on <= ?) AS handed_county,
                  count(*) FILTER (WHERE handed_city_on <= ?) AS handed_city
           FROM hazards WHERE group_id = ? AND found_date <= ? GROUP BY 1 ORDER BY 1""",
        [vocab.LEVEL_MAJOR, today, today, int(group_id), today],
    )


# -- export ------------------------------------------------------------------------------------------
EXPORT_COLUMNS = (
    Column("group", "督查组", 30), Column("unit", "所驻县区"), Column("leader", "组长"), Column("visits", "暗访检查（次）"),
    Column("visits_per_week", "每周检查（次）"), Column("enterprises", "检查企业（家）"), Column("hazards", "发现隐患（条）"),
    Column("major", "其中重大隐患"), Column("due", "应移交隐患（条）"), Column("county_handover_rate", "移交县区政府比例(%)"),
    Column("city_handover_rate", "移交市安委办比例(%)"), Column("rectification_rate", "所驻县区整改率(%)"),
    Column("overdue", "所驻县区逾期隐患"), Column("stability", "人员变更及备案", 40), Column("verdict", "评价"),
    Column("reason_text", "建议约谈原因", 50),
)


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The evaluation as exported: flagged groups first, the verdict and the stability in words."""
    out = flagged_first(frame).reset_index(drop=True)
    out["stability"] = [stability_text(r) for r in out.to_dict("records")]
    out["verdict"] = ["建议约谈" if f else "正常" for f in out["interview"]]
    return out


def evaluation_xlsx(frame: pd.DataFrame, p: Period, t: Thresholds, *, scope_label: str, as_of: datetime,
                    city: str) -> bytes:
    """The evaluation as .xlsx: title with the period, subtitle with the scope, the rule and 数据截至; the
    groups flagged 建议约谈 first and highlighted."""
    out = export_frame(frame)
    subtitle = (f"范围：{scope_label}　统计期间：{p.label}　数据截至 {clock.format_datetime(as_of)}　"
                f"约谈规则：{t.describe()}")
    return xlsx_table(out, EXPORT_COLUMNS, title=f"{city}进驻式暗访督查组评价（{p.name}）", subtitle=subtitle,
                      sheet_name="督查组评价", highlight=list(out["interview"]))
