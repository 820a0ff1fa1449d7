"""The incident queue (警情队列): every open incident with its clocks."""
