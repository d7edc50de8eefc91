"""Sub-commands of `kyodo`. Each module has `register(subparsers)` and handlers returning an exit code."""
