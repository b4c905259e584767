"""系统状态: is the dashboard healthy? The store read whole, its schema version, the last write (real time and
as-of time), the newest backup and its age, free disk, the last day's log (failed writes, slow pages). The
same report as ``python -m dashboard health`` (dashboard/health.py), without server paths."""

from dashboard.ui import kit, system

ctx = kit.page("系统状态", "system.")
kit.new_store_note("system")  # a new store: nothing loaded yet, and where to start
system.show_health(ctx.store)
