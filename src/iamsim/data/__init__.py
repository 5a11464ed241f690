"""Static AWS facts shipped with iamsim."""
