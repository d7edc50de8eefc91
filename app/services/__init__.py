"""Use cases: one function per use case, one transaction each, plain dataclasses in and out."""
