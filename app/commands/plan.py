"""`kyodo plan next --db PATH --year YYYY` (next year's 事業計画（案） and 予算（案）) and
`kyodo plan approve --db PATH --year YYYY --date YYYY-MM-DD [--accept-warnings]` (the 総会's 議決)."""

from __future__ import annotations

import argparse

from app.commands.common import (
    EXIT_OK,
    EXIT_REJECTED,
    add_db_option,
    add_year_option,
    date_type,
    err,
    open_office,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser("plan", help="次年度の事業計画（案）・予算（案）を作る、総会で承認する")
    actions = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True, parser_class=type(plan))
    following = actions.add_parser(
        "next", help="YYYY年度の事業と予算から、次の年度の事業計画（案）と予算（案）を作る（一度だけ）"
    )
    add_db_option(following)
    add_year_option(following)
    following.set_defaults(handler=run_plan_next)

    approve = actions.add_parser("approve", help="YYYY年度の事業計画（案）・予算（案）を総会で承認されたものにする")
    add_db_option(approve)
    add_year_option(approve)
    approve.add_argument("--date", type=date_type, required=True, metavar="YYYY-MM-DD", help="総会（議決）の日")
    approve.add_argument("--accept-warnings", action="store_true",
                         help="収支の合わない予算（案）、第1四半期の外の総会の日でも承認する")
    approve.set_defaults(handler=run_plan_approve)


def run_plan_next(args: argparse.Namespace) -> int:
    from app.services.accounts.budget_drafts import budget_drafts
    from app.services.projects.plans import make_next_plan

    following = args.year.next()
    with open_office(args.db, write=True) as office:
        made = make_next_plan(office.db, args.year).value
        drafts = budget_drafts(office.db, following)
    if not drafts:
        budget = f"{args.year.label}の予算がないため、予算（案）は作っていません"
    else:  # one per 会計 that has a budget: 「予算（案）も作りました（一般会計・特別会計）」
        books = "・".join(d.book_name for d in drafts if d.book_name)
        budget = "予算（案）も作りました" + (f"（{books}）" if books else "")
    print(f"{following.label}の事業計画（案）を作りました（事業 {made}件、{args.year.label}から）。{budget}。")
    return EXIT_OK


def run_plan_approve(args: argparse.Namespace) -> int:
    from app.domain.wareki import format_wareki
    from app.services.projects.approval import NeedsConfirmation, approve_plan

    with open_office(args.db, write=True) as office:
        try:
            approve_plan(office.db, args.year, args.date, confirmed=args.accept_warnings)
        except NeedsConfirmation as exc:
            err(f"{args.year.label}の事業計画（案）は承認していません（確認が必要です）:")
            for problem in exc.problems:
                err(f"- {problem.message}")
            err("このまま承認するときは --accept-warnings を付けてください。")
            return EXIT_REJECTED
    print(f"{args.year.label}の事業計画・予算を{format_wareki(args.date)}の総会で承認されたものにしました。")
    return EXIT_OK
