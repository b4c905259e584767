"""数据管理: the store's care. Each part is a section drawn by dashboard.ui (ui/data_page.py): 数据概况 (what is
loaded, and where each kind still missing is loaded), 导入记录 (every import, its original file, 撤销导入) and 备份."""

from dashboard.ui import data_page, kit

ctx = kit.page("数据管理", "data.")
data_page.contents_section(ctx)
data_page.imports_section(ctx)
data_page.backups_section(ctx)
