"""Dispatch (派警): the recommendation dialog opened from the queue."""
