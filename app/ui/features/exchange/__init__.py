"""数据交换 dialogs: export / import hand-off bundles, sync conflicts, keys, online sync."""
