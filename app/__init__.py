"""協働デスク (Kyodo Desk): the office tool of a 地域協働体."""

__version__ = "0.1.0"
APP_NAME = "協働デスク"
