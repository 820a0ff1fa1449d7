"""Pure rules of the command room: no Qt, no SQL. Functions take a clock and plain data."""
