"""City hall's side: totals over every body's submission."""
