"""Links between pages carry the county scope, and the page they lead to takes the scope from the URL
exactly as the same link opened cold does (issue 12 item 1).

AppTest cannot click a link: ``follow`` does what the browser does with an ``st.page_link`` — it puts the
link's query string in the URL and runs the page it names, in the same session (the sidebar's scope from
the page before still in session state, which is what used to win).
"""

from __future__ import annotations

from urllib.parse import parse_qs

import apptest
from apptest import open_page

app_db = apptest.app_db

PAGE_FILES = {"": "app_pages/overview.py", "hazards": "app_pages/hazards.py", "ranking": "app_pages/ranking.py",
              "settings": "app_pages/settings.py"}


def page_links(at) -> list:
    return list(at.get("page_link"))


def link_query(link) -> dict[str, list[str]]:
    return parse_qs(link.proto.query_string)


def follow(at, link):
    """Click ``link``: its query string becomes the URL, its page runs in the same session."""
    at.query_params = {k: v[0] if len(v) == 1 else v for k, v in link_query(link).items()}
    at.switch_page(PAGE_FILES[link.proto.page]).run()
    assert not at.exception, at.exception
    return at


def scope_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("数据截至"))


def test_ranking_link_into_the_ledger_opens_scoped_to_the_county_it_names(app_db):
    at = open_page("app_pages/ranking.py", {"ranking.unit": "汉滨区"})  # the city's ranking, 汉滨区 picked
    link = next(l for l in page_links(at) if l.proto.label == "在隐患台账中查看汉滨区的逾期未整改隐患")
    assert link_query(link)["county"] == ["汉滨区"]
    follow(at, link)
    assert scope_caption(at).endswith("范围：汉滨区")
    assert at.session_state["county"] == ["汉滨区"]
    cold = open_page("app_pages/hazards.py", {k: v for k, v in at.query_params.items()})
    assert [m.value for m in at.metric] == [m.value for m in cold.metric]  # as the same link opened cold
    assert at.metric[0].value == "10"


def test_every_link_between_pages_carries_the_current_scope(app_db):
    scoped = {"county": ["旬阳市", "白河县"]}
    seen = set()
    for page, params in (("app_pages/overview.py", {}), ("app_pages/ranking.py", {"ranking.unit": "旬阳市"})):
        at = open_page(page, {**scoped, **params})
        for link in page_links(at):
            seen.add(link.proto.page)
            expected = ["旬阳市"] if link.proto.label.startswith("在隐患台账中查看旬阳市") else scoped["county"]
            assert link_query(link)["county"] == expected, link.proto.label
    assert {"ranking", "settings", "hazards"} <= seen


def test_a_scoped_page_keeps_its_scope_through_a_link(app_db):
    at = open_page(None, {"county": ["旬阳市", "白河县"]})
    follow(at, next(l for l in page_links(at) if l.proto.page == "ranking"))
    assert scope_caption(at).endswith("范围：旬阳市、白河县")
    follow(at, next(l for l in page_links(at) if l.proto.page == "settings"))
    assert scope_caption(at).endswith("范围：旬阳市、白河县")


def test_a_link_without_scope_from_the_city_view_stays_city_wide(app_db):
    at = open_page(None)
    link = next(l for l in page_links(at) if l.proto.page == "ranking")
    assert "county" not in link_query(link)
    follow(at, link)
    assert scope_caption(at).endswith("范围：全市")


def test_group_ledger_links_carry_the_scope(app_db):
    at = open_page("app_pages/groups.py", {"county": "汉滨区", "groups.period": "进驻以来"})
    frames = []
    for option in at.selectbox(key="groups.group").options:
        at.selectbox(key="groups.group").select(option).run()
        frames = [d for d in at.dataframe if "隐患编号" in d.value.columns]
        if frames:
            break
    assert frames, "no group in 汉滨区 has hazards not handed over"
    links = list(frames[0].value["隐患编号"])
    assert links and all(l.startswith("hazards?county=%E6%B1%89%E6%BB%A8%E5%8C%BA&hazards.id=") for l in links)
