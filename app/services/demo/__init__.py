"""The demo body: three fiscal years of plausible data (create.create_demo)."""
