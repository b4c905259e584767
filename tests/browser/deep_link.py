"""Opening a page of the app by its URL in a browser test."""

from browser_helpers import wait_idle


def open_deep_link(page, app_url: str, path: str) -> None:
    """Straight to ``path``, as a colleague opening a link sent in a meeting would.

    The sidebar must be there: with a pages/ folder next to the entry script Streamlit served such a
    cold deep link as a bare page without st.navigation (the reason the pages live in app_pages/).
    """
    page.goto(app_url + path)
    wait_idle(page)
    page.get_by_text("县区范围").first.wait_for()  # the entry script's sidebar: the page ran inside the app
