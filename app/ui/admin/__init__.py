"""Administration dialogs (accounts, audit viewer) opened from the 管理 menu."""
