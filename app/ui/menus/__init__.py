"""Menus and status-bar widgets that are not one tab's: each module has `install(window)`.

The main window calls every module's `install` in name order after building its frame, so a
capability (exchange, administration, deadlines) adds its menu without editing the window.
"""
