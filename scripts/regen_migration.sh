#!/usr/bin/env bash
# Rebuilds the baseline migration 0001 from the models. Only valid while no database made by
# a released version exists (before the first release); afterwards add new revisions instead.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f app/core/storage/migrations/versions/0001_initial_schema.py
.venv/bin/python - "$tmp/m.db" <<'PY'
import sys
from alembic import command
from app.core.storage.migrate import alembic_config
cfg = alembic_config()
cfg.set_main_option("sqlalchemy.url", f"sqlite:///{sys.argv[1]}")
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
sed -i '/^Create Date:/d' app/core/storage/migrations/versions/0001_initial_schema.py
echo "regenerated app/core/storage/migrations/versions/0001_initial_schema.py"
