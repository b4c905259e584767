"""数据管理: the store's care. Each part is a section drawn by dashboard.ui (backups: ui/data_page.py); other
sections (imports, exports) join here."""

from dashboard.ui import data_page, kit

ctx = kit.page("数据管理", "data.")
data_page.backups_section(ctx)
