#!/usr/bin/env bash
# The service, import and export tests a second time, on a PostgreSQL server started here for the run:
# its own data folder in a temporary directory, listening on 127.0.0.1 only, stopped at the end.
#   bash scripts/test_postgres.sh [pytest arguments]
#   bash scripts/test_postgres.sh --run COMMAND...   (e.g. .venv/bin/python benchmarks/bench_shared.py)
set -euo pipefail
cd "$(dirname "$0")/.."

initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$initdb" ]; then
  echo "PostgreSQL がありません: bash scripts/setup.sh --dev で入れてください（Debian の postgresql パッケージ）。" >&2
  exit 1
fi
bin=$(dirname "$initdb")
dir=$(mktemp -d)
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" -eq 0 ]; then  # the server refuses to run as root
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U kyodo --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
# one role that must give its password (tests of a wrong one); every other role is trusted as above
"${as_owner[@]}" sed -i '1i host all kyodo_pw 127.0.0.1/32 scram-sha-256' "$dir/data/pg_hba.conf"
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60" start >/dev/null
trap '"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

export KYODO_TEST_DB="postgresql://kyodo@127.0.0.1:$port/postgres"
if [ "${1:-}" = "--run" ]; then  # another command on the same temporary server (benchmarks/bench_shared.py)
  shift
  "$@"
  exit $?
fi
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port — the same tests on the server"
# The storage, services, import and export tests (the window's tests only where they are about a
# server). Tests that need the SQLite file itself carry @pytest.mark.sqlite_only; tests that never
# open a database (tests/importing reads workbooks; the report writers, submission-format and
# city-aggregate checks work on files) are not repeated here.
tests=(
  tests/services tests/storage/test_postgres.py tests/storage/test_server_sync.py tests/storage/test_server_concurrency.py
  tests/storage/test_server_sharing.py tests/storage/test_migrations.py
  tests/cli/test_db_copy.py tests/cli/test_db_copy_exports.py
  tests/ui/test_remote_refresh_window.py tests/ui/test_open_database.py
  tests/members/test_members_services.py tests/members/test_member_import.py tests/members/test_member_rules.py
  tests/members/test_import_change_log.py tests/members/test_members_reports.py tests/members/test_representative_consent.py
  tests/members/test_import_errors_option.py
  tests/accounts/test_ledger.py tests/accounts/test_ledger_window.py tests/accounts/test_closing_budgets_categories.py
  tests/accounts/test_books.py tests/accounts/test_books_cli.py tests/accounts/test_books_reports.py
  tests/accounts/test_closing_per_book.py tests/accounts/test_entry_rules.py tests/accounts/test_gone_records.py
  tests/accounts/test_ledger_import.py tests/accounts/test_ledger_import_batches.py tests/accounts/test_ledger_import_change_log.py
  tests/accounts/test_opening_balance_later_year.py tests/accounts/test_reports.py tests/accounts/test_statement_notes.py
  tests/accounts/test_treasurers_workbook.py
  tests/projects/test_services.py tests/projects/test_criteria_and_targets.py tests/projects/test_evaluation_export.py
  tests/projects/test_meeting_year_rule.py
  tests/plans/test_draft_conflicts.py tests/plans/test_meeting_record.py tests/plans/test_pack.py
  tests/plans/test_pack_books.py tests/plans/test_pack_budget_subtotals.py tests/plans/test_plan_next.py
  tests/facility/test_facility_services.py tests/facility/test_booking_import.py tests/facility/test_facility_undo.py
  tests/facility/test_booking_date_bounds.py tests/facility/test_booking_import_change_log.py
  tests/facility/test_facility_reports.py tests/facility/test_room_add_cli.py tests/facility/test_booking_fee_cli.py
  tests/facility/test_facility_report_subtotals.py tests/facility/test_import_user_choices.py
  tests/reports/test_snapshots.py tests/reports/test_ledger_pdf_carry.py
  tests/submission/test_submit.py tests/submission/test_atomic_submit.py tests/submission/test_checklist.py
  tests/submission/test_city_aggregate.py tests/submission/test_facility_sheet.py tests/submission/test_signatures.py
  tests/submission/test_representative_privacy.py tests/submission/test_tampered_files.py
  tests/accounts/test_book_account_conflicts.py tests/accounts/test_equipment_move_conflicts.py
  tests/projects/test_edit_undo_conflicts.py tests/plans/test_pack_setting_conflicts.py
  tests/facility/test_closed_day_conflicts.py tests/facility/test_year_note_conflicts.py
  tests/facility/test_put_back_versions.py tests/facility/test_several_bookings_conflict.py
  tests/accounts/test_conflict_value_labels.py tests/facility/test_undo_takes_back_as_left.py
  tests/members/test_member_put_back_undo.py tests/accounts/test_undo_takes_back_as_left.py
  tests/projects/test_undo_takes_back_as_left.py
)
.venv/bin/python -m pytest -q -m "not sqlite_only" -p no:cacheprovider "${tests[@]}" "$@"
