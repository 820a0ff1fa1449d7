"""The unit status board (警力状态): every unit of the station and where it stands."""
