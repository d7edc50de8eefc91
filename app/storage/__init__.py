"""SQLAlchemy models, the engine factory and query functions. No Qt here."""
