"""Pure-Python rules and value types: no SQLAlchemy, no Qt."""
