"""施設: the 市民センター's rooms (貸館) — rooms, 利用団体, bookings, closed days, usage and fees."""
