"""Opening a page of the app by its URL in a browser test."""

from browser_helpers import wait_idle


def open_deep_link(page, app_url: str, path: str) -> None:
    """The app's root first, as a user arriving at the dashboard would, then ``path``.

    A cold deep link (the first request of a fresh context straight to /map) can come up before
    st.navigation has run: the pages/ files listed by file name, no sidebar, no wide layout.
    """
    page.goto(app_url)
    wait_idle(page)
    page.goto(app_url + path)
    wait_idle(page)
    page.get_by_text("县区范围").first.wait_for()  # the entry script's sidebar: the page ran inside the app
