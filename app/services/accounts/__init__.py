"""管理費: categories, budgets, the cash book, year closing, budget vs actual, ledger import.

One module per use-case group; each public function is one transaction on a Database.
"""
